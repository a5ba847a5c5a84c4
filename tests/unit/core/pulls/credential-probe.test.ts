/**
 * The laptop's automatic check of a pod's credential never sends it over plain http: a
 * plain-http registry on this computer's loopback (a real node:http server on an ephemeral port)
 * gets requests without any Authorization header, and the check says why it was not done.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialProbe } from '@core/pulls/credential-probe';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A plain-http "registry" on 127.0.0.1 that asks for Basic auth and records what it gets. */
async function plainHttpRegistry() {
  const authorizations: string[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    res.writeHead(401, { 'www-authenticate': 'Basic realm="local"' }).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, authorizations, requests: () => requests };
}

describe('the automatic credential check against a plain-http loopback registry', () => {
  it('sends no Authorization header and says plain http is why it was not checked', async () => {
    const registry = await plainHttpRegistry();
    for (const host of [`localhost:${registry.port}`, `127.0.0.1:${registry.port}`]) {
      const verdict = await credentialProbe(() => Promise.resolve({}))({
        key: 'k',
        secret: 'cred',
        host,
        repository: 'team/app',
        reference: '1.0',
        username: 'hubuser',
        password: 'HUB-PASSWORD',
      });
      expect(verdict.state).toBe('unknown');
      expect(JSON.stringify(verdict)).toMatch(/plain http/);
      expect(JSON.stringify(verdict)).not.toContain('HUB-PASSWORD');
    }
    expect(registry.authorizations).toEqual([]);
  });
});
