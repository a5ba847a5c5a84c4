/**
 * The registry client against hostile registries: local fake registries (node http servers on
 * 127.0.0.1) that send a Link to another origin, an http token realm elsewhere, a slow-drip body,
 * a 50 MB body and redirects. Credentials must never reach another server; nothing may hang.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '@core/oci/client';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_BODY } from '@core/oci/http';
import { nextPageUrl, realmUrl } from '@core/oci/origin-policy';

interface Seen {
  url: string;
  authorization: string | undefined;
}

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server on 127.0.0.1 recording every request it gets. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { host: `127.0.0.1:${port}`, seen };
}

const credentials = { username: 'alice', password: 'CANARYpwx7Q' };
const basicChallenge = { 'www-authenticate': 'Basic realm="fake"' };

/** 401 with a Basic challenge unless the request carries alice's Basic credentials. */
function requireBasic(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const expected = `Basic ${Buffer.from('alice:CANARYpwx7Q').toString('base64')}`;
  if (req.headers.authorization === expected) return true;
  res.writeHead(401, basicChallenge).end();
  return false;
}

const json = (res: http.ServerResponse, body: unknown, headers: http.OutgoingHttpHeaders = {}) =>
  res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('next-page links', () => {
  it('resolves relative links against the page and refuses other origins', () => {
    const page = 'https://r.io:5000/v2/a/tags/list?n=200';
    expect(nextPageUrl('</v2/a/tags/list?n=200&last=x>; rel="next"', page)).toBe(
      'https://r.io:5000/v2/a/tags/list?n=200&last=x',
    );
    expect(nextPageUrl(undefined, page)).toBeNull();
    expect(nextPageUrl('</v2/a/x>; rel="prev"', page)).toBeNull();
    for (const hostile of [
      'https://evil.example/v2/a/tags/list',
      '//evil.example/v2/a/tags/list',
      'http://r.io:5000/v2/a/tags/list',
      'https://r.io:5001/v2/a/tags/list',
      'https://x@r.io:5000/v2/a/tags/list',
    ]) {
      expect(() => nextPageUrl(`<${hostile}>; rel="next"`, page), hostile).toThrow(
        /another origin/,
      );
    }
  });

  it('stays on the registry when a Link points elsewhere (credentials never leave)', async () => {
    const evil = await serve((req, res) => res.writeHead(401, basicChallenge).end());
    const absolute = await serve((req, res) => {
      if (!requireBasic(req, res)) return;
      json(
        res,
        { tags: ['a'] },
        { link: `<http://${evil.host}/v2/team/app/tags/list?last=a>; rel="next"` },
      );
    });
    await expect(
      createRegistryClient({ host: absolute.host, timeoutMs: 5_000 }).tags('team/app', credentials),
    ).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringMatching(/another origin/),
    });
    // Old code appended the link to "http://registry": http://registry@evil/… went to evil.
    const userinfo = await serve((req, res) => {
      if (!requireBasic(req, res)) return;
      if (req.url !== '/v2/team/app/tags/list?n=200') return json(res, { tags: ['b'] });
      json(res, { tags: ['a'] }, { link: `<@${evil.host}/v2/team/app/tags/list>; rel="next"` });
    });
    await expect(
      createRegistryClient({ host: userinfo.host, timeoutMs: 5_000 }).tags('team/app', credentials),
    ).resolves.toEqual(['a', 'b']);
    expect(userinfo.seen.at(-1)?.url).toBe(`/v2/team/app/tags/@${evil.host}/v2/team/app/tags/list`);
    expect(evil.seen).toEqual([]);
  });

  it('follows a relative next link on the same registry', async () => {
    const registry = await serve((req, res) => {
      if (!requireBasic(req, res)) return;
      if (req.url?.includes('last=a')) return json(res, { tags: ['b'] });
      json(res, { tags: ['a'] }, { link: '</v2/team/app/tags/list?n=200&last=a>; rel="next"' });
    });
    const client = createRegistryClient({ host: registry.host, timeoutMs: 5_000 });
    await expect(client.tags('team/app', credentials)).resolves.toEqual(['a', 'b']);
  });
});

describe('token realms', () => {
  it('accepts https anywhere and plain http only between loopback hosts', () => {
    expect(realmUrl('ghcr.io', 'https://ghcr.io/token').host).toBe('ghcr.io');
    expect(realmUrl('docker.io', 'https://auth.docker.io/token').host).toBe('auth.docker.io');
    expect(realmUrl('localhost:5000', 'http://127.0.0.1:5001/token').host).toBe('127.0.0.1:5001');
    expect(() => realmUrl('r.example', 'http://r.example/token')).toThrow(/not https/);
    expect(() => realmUrl('localhost:5000', 'http://auth.example/token')).toThrow(/not https/);
    expect(() => realmUrl('r.example', 'ftp://r.example/token')).toThrow(/not https/);
    expect(() => realmUrl('r.example', 'https://u:p@r.example/token')).toThrow(/credentials/);
  });

  it('never sends the password to an http realm on another host', async () => {
    const registry = await serve((req, res) =>
      res
        .writeHead(401, {
          'www-authenticate': 'Bearer realm="http://pullkey-evil.invalid/token",service="fake"',
        })
        .end(),
    );
    const client = createRegistryClient({ host: registry.host, timeoutMs: 5_000 });
    await expect(client.verifyLogin(credentials)).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringMatching(/not https.*credentials are not sent/),
    });
    expect(registry.seen.every((request) => request.authorization === undefined)).toBe(true);
  });

  it('does not follow a redirect from the realm or the registry', async () => {
    const evil = await serve((req, res) => json(res, { token: 'stolen' }));
    const realm = await serve((req, res) =>
      res.writeHead(302, { location: `http://${evil.host}/token` }).end(),
    );
    const registry = await serve((req, res) => {
      if (req.url === '/v2/') {
        return res
          .writeHead(401, { 'www-authenticate': `Bearer realm="http://${realm.host}/token"` })
          .end();
      }
      if (!requireBasic(req, res)) return;
      res.writeHead(307, { location: `http://${evil.host}${req.url}` }).end();
    });
    const bearer = createRegistryClient({ host: registry.host, timeoutMs: 5_000 });
    await expect(bearer.verifyLogin(credentials)).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
    });
    const basic = createRegistryClient({ host: registry.host, timeoutMs: 5_000 });
    await expect(basic.manifest('team/app', 'v1', credentials)).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
    });
    expect(evil.seen).toEqual([]);
  });
});

describe('deadlines and body caps', () => {
  it('defaults to a 15 s total deadline and a 4 MB body cap', () => {
    expect(DEFAULT_DEADLINE_MS).toBe(15_000);
    expect(DEFAULT_MAX_BODY).toBe(4 * 1024 * 1024);
  });

  it('gives up on a slow-drip body at the total deadline', async () => {
    const registry = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"tags":[');
      const drip = setInterval(() => res.write('"x",'), 50);
      res.on('close', () => clearInterval(drip));
    });
    const client = createRegistryClient({ host: registry.host, timeoutMs: 1_000 });
    const started = Date.now();
    await expect(client.verifyLogin(null)).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: expect.stringMatching(/ETIMEDOUT/),
    });
    // Not blocked: the deadline (1 s) holds although bytes keep arriving (generous bound).
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('aborts a 50 MB answer past the cap instead of reading it', async () => {
    let written = 0;
    let closed = false;
    const registry = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = 50 * 1024 * 1024;
      res.on('close', () => (closed = true));
      const pump = () => {
        while (written < total && !closed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!closed) res.end();
      };
      res.write('{"tags":["');
      pump();
    });
    const client = createRegistryClient({ host: registry.host, timeoutMs: 10_000 });
    await expect(client.tags('team/app', null)).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringMatching(/larger than 4194304 bytes/),
    });
    await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  }, 30_000);

  it('describes a token answer that is not JSON without quoting it', async () => {
    const realm = await serve((req, res) =>
      res.writeHead(200).end('{"token":"CANARYtokx7Q" truncated'),
    );
    const registry = await serve((req, res) =>
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${realm.host}/token"` }).end(),
    );
    const client = createRegistryClient({ host: registry.host, timeoutMs: 5_000 });
    const error = await client.verifyLogin(credentials).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'REGISTRY_ERROR', message: /not JSON/ });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toMatch(/CANARY/);
  });
});
