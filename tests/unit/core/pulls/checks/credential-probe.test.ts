/**
 * The laptop's automatic check of a pod's credential never sends it over plain http: a
 * plain-http registry on this computer's loopback (a real node:http server on an ephemeral port)
 * gets requests without any Authorization header, and the check says why it was not done. Nor
 * to this computer by a name that resolves here; and it connects to the address it checked (the
 * resolver is injected: no DNS, no address other than 127.0.0.1 is contacted).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CredentialCheck } from '@core/pulls/checks/credential-checks';
import { credentialProbe } from '@core/pulls/checks/credential-probe';

const servers: Array<http.Server | https.Server> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const checkOf = (host: string): CredentialCheck => ({
  key: 'k',
  secret: 'cred',
  host,
  repository: 'team/app',
  reference: '1.0',
  username: 'hubuser',
  password: 'HUB-PASSWORD',
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
      // The user said this context's nodes share this computer: https only even then.
      const verdict = await credentialProbe(() => Promise.resolve({}))(checkOf(host), {
        localRegistries: true,
      });
      expect(verdict.state).toBe('unknown');
      expect(JSON.stringify(verdict)).toMatch(/plain http/);
      expect(JSON.stringify(verdict)).not.toContain('HUB-PASSWORD');
    }
    expect(registry.authorizations).toEqual([]);
  });
});

describe('a registry name the automatic check resolves first', () => {
  it('is not contacted at all when it resolves to this computer’s loopback', async () => {
    const registry = await plainHttpRegistry();
    const resolved: string[] = [];
    const probe = credentialProbe(() => Promise.resolve({}), {
      resolve: (name) => {
        resolved.push(name);
        return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      },
    });
    const verdict = await probe(checkOf(`evil.nip.io:${registry.port}`), {
      localRegistries: false,
    });
    expect(verdict).toEqual({
      state: 'unknown',
      reason: "not checked from this computer: evil.nip.io resolves to this computer's loopback",
    });
    expect(resolved).toEqual(['evil.nip.io']);
    expect(registry.requests()).toBe(0);
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'pullkey-probe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('connects to the address it checked, the name kept for TLS and the Host header', async () => {
    // A self-signed certificate for "registry.test" only, which no resolver knows but ours.
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
        ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
        ...[
          '-days',
          '2',
          '-subj',
          '/CN=registry.test',
          '-addext',
          'subjectAltName=DNS:registry.test',
        ],
      ],
      { stdio: 'pipe' },
    );
    const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    const seen: Array<{ host: string | undefined; servername: unknown; authorized: boolean }> = [];
    const server = https.createServer(
      { key: readFileSync(path.join(dir, 'key.pem')), cert },
      (req, res) => {
        const authorized =
          req.headers.authorization ===
          `Basic ${Buffer.from('hubuser:HUB-PASSWORD').toString('base64')}`;
        seen.push({
          host: req.headers.host,
          servername: (req.socket as unknown as { servername?: unknown }).servername,
          authorized,
        });
        if (authorized) res.writeHead(200, { 'docker-content-digest': 'sha256:1' }).end();
        else res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end();
      },
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const resolved: string[] = [];
    const probe = credentialProbe(() => Promise.resolve({ ca: cert }), {
      resolve: (name) => {
        resolved.push(name);
        return Promise.resolve(
          name === 'registry.test' ? [{ address: '127.0.0.1', family: 4 }] : [],
        );
      },
    });
    // This computer's loopback, so only for a context whose nodes share this computer.
    const verdict = await probe(checkOf(`registry.test:${port}`), { localRegistries: true });
    expect(verdict).toEqual({ state: 'ok' });
    expect(seen).toEqual([
      { host: `registry.test:${port}`, servername: 'registry.test', authorized: false },
      { host: `registry.test:${port}`, servername: 'registry.test', authorized: true },
    ]);
    expect(resolved).toEqual(['registry.test']);
  });
});
