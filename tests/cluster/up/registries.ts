// The three registries (basic, token + token server, public), the fault proxies in front of
// public, and the seeding of their images (started here, awaited by the caller).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { RegistryUser } from '../state.ts';
import { get, log, password, token, type Run } from './run.ts';

export interface RegistryPorts {
  basicPort: number; tokenPort: number; tokenServerPort: number; publicPort: number;
  rateLimitPort: number; tlsProxyPort: number; plainProxyPort: number;
}

export async function startRegistries(
  { runDir, pki, start, waitFor }: Run,
  bin: (name: string) => string,
  registryBin: string,
  { basicPort, tokenPort, tokenServerPort, publicPort, rateLimitPort, tlsProxyPort, plainProxyPort }: RegistryPorts,
  ca: string,
  caFile: string,
) {
  // ---- registries
  const regDir = join(runDir, 'registries');
  mkdirSync(regDir, { recursive: true });
  const users: RegistryUser[] = [
    { username: 'alice', password: password(), pull: ['team/*', 'private/*'], push: ['team/*', 'private/*'] },
    { username: 'bob', password: password(), pull: ['team/*'], push: [] },
  ];
  const images = [{ repo: 'team/hello', tags: ['1.0', '1.1'] }, { repo: 'private/api', tags: ['2.0'] }];
  // Image indexes on public: multi/hello:1.0 lacks the arm64 node's platform, :s390x lacks every node's.
  const multiImages = [
    { ref: 'multi/hello:1.0', platforms: ['linux/amd64', 'linux/s390x'] },
    { ref: 'multi/hello:s390x', platforms: ['linux/s390x', 'linux/ppc64le'] },
  ];
  const publicImages = [{ repo: 'public/hello', tags: ['1.0'] }, { repo: 'team/hello', tags: ['1.0'] }, { repo: 'multi/hello', tags: ['1.0', 's390x'] }];
  const registryConfig = (name: string, port: number, auth: object, tls: boolean): string => {
    const f = join(regDir, `${name}.yml`);
    writeFileSync(f, JSON.stringify({
      version: '0.1',
      log: { level: 'info', formatter: 'text', accesslog: { disabled: false } },
      storage: { filesystem: { rootdirectory: join(regDir, name) }, delete: { enabled: true }, maintenance: { uploadpurging: { enabled: false } } },
      http: {
        addr: `127.0.0.1:${port}`, secret: token(),
        headers: { 'X-Content-Type-Options': ['nosniff'] },
        ...(tls ? { tls: { certificate: join(pki, 'serving.crt'), key: join(pki, 'serving.key') } } : {}),
      },
      ...auth,
    }, null, 2));
    return f;
  };
  // basic: htpasswd (bcrypt) over plain http. htpasswd cannot restrict per repository:
  // every valid user may pull and push everything.
  const htpasswd = join(regDir, 'htpasswd');
  // An ECR-shaped login the basic registry accepts (issue 21's tests: a refreshed ECR token that
  // pulls): username AWS, the password the envelope `aws ecr get-login-password` prints, expiring
  // in 10 years. bcrypt reads only a password's first 72 bytes (and Go's refuses to hash more), so
  // the file holds the envelope's first 72 — unique: they carry 42 characters of random payload.
  const ecrLogin = ecrShapedLogin(Date.now() + 10 * 365 * 86_400_000);
  execFileSync(bin('pullkey-util'), ['htpasswd', htpasswd, ...users.map((u) => `${u.username}:${u.password}`), `${ecrLogin.username}:${ecrLogin.password.slice(0, 72)}`]);
  start('registry-basic', registryBin, ['serve', registryConfig('basic', basicPort, { auth: { htpasswd: { realm: 'PullKey basic registry', path: htpasswd } } }, false)]);
  // token: Bearer tokens from pullkey-tokenserver (scope-aware grants), TLS with the test CA.
  const service = 'pullkey-token-registry';
  const issuer = 'pullkey-token-server';
  const realm = `https://localhost:${tokenServerPort}/token`;
  const admin = { username: 'admin', password: password() };
  const usersFile = join(regDir, 'token-users.json');
  writeFileSync(usersFile, JSON.stringify({
    users: [
      { username: admin.username, password: admin.password, grants: [{ repo: '*', actions: ['pull', 'push', 'delete'] }] },
      ...users.map((u) => ({
        username: u.username, password: u.password,
        grants: [...u.pull.map((r) => ({ repo: r, actions: ['pull'] })), ...u.push.map((r) => ({ repo: r, actions: ['push'] }))],
      })),
    ],
    anonymous: [],
  }, null, 2), { mode: 0o600 });
  start('tokenserver', bin('pullkey-tokenserver'), [
    '--listen', `127.0.0.1:${tokenServerPort}`, '--tls-cert', join(pki, 'serving.crt'), '--tls-key', join(pki, 'serving.key'),
    '--signer-cert', join(pki, 'token-signer.crt'), '--signer-key', join(pki, 'token-signer.key'),
    '--service', service, '--issuer', issuer, '--users', usersFile,
  ]);
  start('registry-token', registryBin, ['serve', registryConfig('token', tokenPort, {
    auth: { token: { realm, service, issuer, rootcertbundle: caFile } },
  }, true)]);
  // public: anonymous pull (and push: it is a scratch registry).
  start('registry-public', registryBin, ['serve', registryConfig('public', publicPort, {}, false)]);
  // Proxies in front of public: 429 (Docker Hub's limit), TLS with the laptop-only CA, plain http.
  const rateLimitHeaders = { limit: '100;w=21600', remaining: '0;w=21600' };
  start('registry-proxies', bin('pullkey-util'), [
    'proxies', '--upstream', `http://127.0.0.1:${publicPort}`,
    '--ratelimit', `127.0.0.1:${rateLimitPort}`, '--ratelimit-limit', rateLimitHeaders.limit, '--ratelimit-remaining', rateLimitHeaders.remaining,
    '--tls', `127.0.0.1:${tlsProxyPort}`, '--cert', join(pki, 'laptop-serving.crt'), '--key', join(pki, 'laptop-serving.key'),
    '--plain', `127.0.0.1:${plainProxyPort}`,
  ]);
  const laptopCa = readFileSync(join(pki, 'laptop-ca.crt'), 'utf8');

  await Promise.all([
    waitFor('registry basic', 20_000, async () => (await get(`http://127.0.0.1:${basicPort}/v2/`)).status === 401),
    waitFor('registry token', 20_000, async () => (await get(`https://localhost:${tokenPort}/v2/`, { ca })).status === 401),
    waitFor('token server', 20_000, async () => (await get(`https://localhost:${tokenServerPort}/healthz`, { ca })).status === 200),
    waitFor('registry public', 20_000, async () => (await get(`http://127.0.0.1:${publicPort}/v2/`)).status === 200),
    waitFor('registry proxies', 20_000, async () => (await get(`https://localhost:${tlsProxyPort}/v2/`, { ca: laptopCa })).status === 200
      && (await get(`http://127.0.0.1:${plainProxyPort}/v2/`)).status === 200 && (await get(`http://127.0.0.1:${rateLimitPort}/v2/`)).status === 200),
  ]);
  log('registries ready');

  const seedImages = (args: string[], imgs: { repo: string; tags: string[] }[]): Promise<void> => new Promise((resolve, reject) => {
    const refs = imgs.flatMap((i) => i.tags.map((t) => `${i.repo}:${t}`));
    const p = spawn(bin('pullkey-util'), ['seed', ...args, ...refs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding ${args.join(' ')} failed: ${err}`))));
  });
  const seeding = Promise.all([
    seedImages(['--registry', `localhost:${basicPort}`, '--user', users[0].username, '--password', users[0].password], images),
    seedImages(['--registry', `localhost:${tokenPort}`, '--user', admin.username, '--password', admin.password, '--ca', caFile, '--oci'], images),
    seedImages(['--registry', `localhost:${publicPort}`], publicImages.filter((i) => i.repo !== 'multi/hello')),
    ...multiImages.map((m) => new Promise<void>((resolve, reject) => {
      const p = spawn(bin('pullkey-util'), ['seed-index', '--registry', `localhost:${publicPort}`, m.ref, ...m.platforms], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding index ${m.ref} failed: ${err}`))));
    })),
  ]);
  return { users, ecrLogin, images, multiImages, publicImages, realm, service, rateLimitHeaders, seeding };
}

/** An ECR authorization token's login: AWS + base64 of {"payload","datakey","version","type","expiration"}. */
function ecrShapedLogin(expiresAtMs: number) {
  const envelope = {
    payload: randomBytes(96).toString('base64'), datakey: randomBytes(48).toString('base64'),
    version: '2', type: 'DATA_KEY', expiration: Math.floor(expiresAtMs / 1000),
  };
  return { username: 'AWS', password: Buffer.from(JSON.stringify(envelope)).toString('base64'), expiresAt: new Date(envelope.expiration * 1000).toISOString() };
}
