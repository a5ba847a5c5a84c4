// A local FAKE Amazon ECR for External Secrets Operator's ECRAuthorizationToken generator (issue 21),
// a clearly labelled test stand-in, loopback only. Never any real AWS address: ESO is started with
// AWS_ECR_ENDPOINT (read by ESO's pkg/generator/ecr/resolver.go) and AWS_ENDPOINT_URL (every other
// AWS SDK client, e.g. STS) pointing here, instance metadata disabled.
//
// Two listeners in one Node process (Node built-ins only, no Go: no rebuild of the cluster's Go
// binaries, whose cache key covers their sources):
// - the API (`api`): POST / with `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken`
//   (AWS JSON 1.1) answers a NEW token on every call, `expiresAt` = now + ttl (short, settable),
//   `proxyEndpoint` = the registry below. The request must be SigV4-signed with the fake's access key
//   id (the signature itself is not checked). The password has ECR's real shape: base64 of the
//   JSON envelope {payload, datakey, version, type, expiration}.
// - the registry (`registry`): ECR's Basic auth (user `AWS`, any password issued here and not yet
//   expired) in front of the `public` test registry (anonymous), proxied as is; an expired or
//   unknown token gets ECR's 401 DENIED.
// Counters: GET /_fake/stats on the API (calls, tokens issued, pulls let through, refused);
// POST /_fake/ttl?seconds=N sets the life of the next tokens.
//
//   node tests/cluster/fake-ecr.ts <apiPort> <registryPort> <upstreamUrl> <accessKeyId>
import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { FakeEcrInfo } from './state.ts';

export const fakeEcrProcess = 'fake-ecr';
export const ecrTarget = 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken';
/** ECR's registry user name. */
export const ecrUser = 'AWS';

export interface FakeEcrStats {
  calls: number;
  refusedCalls: number;
  /** every token issued, oldest first (passwords never: their expiry and a fingerprint) */
  tokens: { issuedAt: string; expiresAt: string; fingerprint: string }[];
  pulls: number;
  refusedPulls: number;
  ttlSeconds: number;
}

/** ECR's password shape: base64 of its JSON envelope (`expiration` in epoch seconds). */
export function ecrPassword(expiresAt: Date): string {
  const envelope = {
    payload: randomBytes(96).toString('base64'),
    datakey: randomBytes(48).toString('base64'),
    version: '2',
    type: 'DATA_KEY',
    expiration: Math.floor(expiresAt.getTime() / 1000),
  };
  return Buffer.from(JSON.stringify(envelope)).toString('base64');
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  json(res, status, { __type: type, message }, 'application/x-amz-json-1.1');
}

export function serveFakeEcr(o: { apiPort: number; registryPort: number; upstream: string; accessKeyId: string }) {
  const issued = new Map<string, Date>(); // password -> expiresAt
  const stats: FakeEcrStats = { calls: 0, refusedCalls: 0, tokens: [], pulls: 0, refusedPulls: 0, ttlSeconds: 60 };
  const proxyEndpoint = `http://localhost:${o.registryPort}`;

  const api = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-ecr');
    if (req.method === 'GET' && url.pathname === '/_fake/stats') return json(res, 200, stats);
    if (req.method === 'GET' && url.pathname === '/healthz') return json(res, 200, { ok: true });
    if (req.method === 'POST' && url.pathname === '/_fake/ttl') {
      const seconds = Number(url.searchParams.get('seconds'));
      if (!(seconds > 0)) return json(res, 400, { error: 'seconds must be > 0' });
      stats.ttlSeconds = seconds;
      return json(res, 200, stats);
    }
    req.resume();
    req.on('end', () => {
      if (req.headers['x-amz-target'] !== ecrTarget) {
        stats.refusedCalls++;
        return awsError(res, 400, 'UnknownOperationException', `the fake ECR serves only ${ecrTarget}`);
      }
      const credential = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      if (credential !== o.accessKeyId) {
        stats.refusedCalls++;
        return awsError(res, 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      }
      stats.calls++;
      const now = new Date();
      const expiresAt = new Date(now.getTime() + stats.ttlSeconds * 1000);
      const password = ecrPassword(expiresAt);
      issued.set(password, expiresAt);
      stats.tokens.push({ issuedAt: now.toISOString(), expiresAt: expiresAt.toISOString(), fingerprint: password.slice(-12) });
      json(res, 200, {
        authorizationData: [{
          authorizationToken: Buffer.from(`${ecrUser}:${password}`).toString('base64'),
          expiresAt: expiresAt.getTime() / 1000,
          proxyEndpoint,
        }],
      }, 'application/x-amz-json-1.1');
    });
  });

  const registry = createServer((req: IncomingMessage, res: ServerResponse) => {
    const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    const [user, ...rest] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
    const expiresAt = user === ecrUser ? issued.get(rest.join(':')) : undefined;
    if (!expiresAt || expiresAt.getTime() <= Date.now()) {
      req.resume();
      stats.refusedPulls += req.url?.startsWith('/v2/') && basic ? 1 : 0;
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="fake-ecr"', 'Docker-Distribution-API-Version': 'registry/2.0' });
      const message = expiresAt ? 'Your authorization token has expired. Reauthenticate and try again.' : 'Not Authorized';
      return res.end(JSON.stringify({ errors: [{ code: 'DENIED', message }] }));
    }
    if (req.method === 'GET' && /\/manifests\//.test(req.url ?? '')) stats.pulls++;
    const { authorization: _auth, host: _host, ...headers } = req.headers;
    const upstream = request(new URL(req.url ?? '/', o.upstream), { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    req.pipe(upstream);
  });

  api.listen(o.apiPort, '127.0.0.1');
  registry.listen(o.registryPort, '127.0.0.1');
  return { api, registry, stats };
}

/** up.ts: starts the fake as its own process (pid `fake-ecr` in cluster.json) and waits for it. */
export async function startFakeEcr(o: {
  upstreamPort: number;
  start: (name: string, cmd: string, args: string[]) => unknown;
  freePorts: (n: number) => Promise<number[]>;
  waitFor: (what: string, timeoutMs: number, check: () => Promise<boolean>) => Promise<void>;
}): Promise<FakeEcrInfo> {
  const [apiPort, registryPort] = await o.freePorts(2);
  const accessKeyId = `AKIAFAKEECR${randomBytes(5).toString('hex').toUpperCase()}`;
  o.start(fakeEcrProcess, process.execPath, [fileURLToPath(import.meta.url), String(apiPort), String(registryPort), `http://127.0.0.1:${o.upstreamPort}`, accessKeyId]);
  const api = `http://127.0.0.1:${apiPort}`;
  await o.waitFor(`fake ECR ${api}`, 10_000, () => new Promise((resolve) => {
    request(`${api}/healthz`, (res) => { res.resume(); resolve(res.statusCode === 200); }).on('error', () => resolve(false)).end();
  }));
  return {
    api, stats: `${api}/_fake/stats`, registry: `http://localhost:${registryPort}`, host: `localhost:${registryPort}`,
    image: `localhost:${registryPort}/public/hello:1.0`, region: 'us-east-1', accessKeyId,
    secretAccessKey: randomBytes(20).toString('base64'), process: fakeEcrProcess,
  };
}

/** The environment ESO runs with: every AWS client of it talks to the fake, none to AWS. */
export function esoAwsEnv(f: FakeEcrInfo): Record<string, string> {
  return {
    AWS_ECR_ENDPOINT: f.api, AWS_ECR_PUBLIC_ENDPOINT: f.api, AWS_ENDPOINT_URL: f.api,
    AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [apiPort, registryPort, upstream, accessKeyId] = process.argv.slice(2);
  if (!apiPort || !registryPort || !upstream || !accessKeyId) {
    console.error('usage: fake-ecr.ts <apiPort> <registryPort> <upstreamUrl> <accessKeyId>');
    process.exit(2);
  }
  serveFakeEcr({ apiPort: Number(apiPort), registryPort: Number(registryPort), upstream, accessKeyId });
  console.log(`fake ECR (test stand-in): API http://127.0.0.1:${apiPort}, registry http://localhost:${registryPort} -> ${upstream}`);
}
