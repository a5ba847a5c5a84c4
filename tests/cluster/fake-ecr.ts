// A local FAKE Amazon ECR for External Secrets Operator's ECRAuthorizationToken generator (issue 21),
// a clearly labelled test stand-in, loopback only. Never any real AWS address: ESO is started with
// AWS_ECR_ENDPOINT (read by ESO's pkg/generator/ecr/resolver.go) and AWS_ENDPOINT_URL (every other
// AWS SDK client) pointing here, AWS_STS_ENDPOINT at its fake STS (fake-sts.ts), instance metadata
// disabled.
//
// Three listeners in one Node process (Node built-ins only, no Go: no rebuild of the cluster's Go
// binaries, whose cache key covers their sources):
// - the API (`api`): POST / with `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken`
//   (AWS JSON 1.1) answers a NEW token on every call, `expiresAt` = now + ttl (short, settable),
//   `proxyEndpoint` = the registry below. The request's SigV4 signature is verified (sigv4.ts) with
//   the fake's access key (id and secret), or with temporary credentials its STS issued (with their
//   X-Amz-Security-Token); a wrong one is answered like AWS (InvalidSignatureException,
//   UnrecognizedClientException, ExpiredTokenException). The password has ECR's real shape: base64
//   of the JSON envelope {payload, datakey, version, type, expiration}.
// - the STS (`sts`, fake-sts.ts): AssumeRoleWithWebIdentity for IRSA, checking the ServiceAccount
//   token against the cluster's issuer and key; `POST /_fake/trust?role=ARN&subject=SUB`.
// - the registry (`registry`): ECR's Basic auth (user `AWS`, any password issued here and not yet
//   expired) in front of the `public` test registry (anonymous), proxied as is; an expired or
//   unknown token gets ECR's 401 DENIED.
// Counters: GET /_fake/stats on the API (calls, tokens issued, pulls let through, refused, the last
// refusal, STS answers); POST /_fake/ttl?seconds=N sets the life of the next tokens.
//
//   FAKE_ECR_SECRET_ACCESS_KEY=… node tests/cluster/fake-ecr.ts <apiPort> <registryPort> <upstreamUrl> <accessKeyId>
//     [<stsPort> <serviceAccountIssuer> <serviceAccountPublicKeyFile>]
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { fakeSts, type WebIdentityIssuer } from './fake-sts.ts';
import { verifySigV4, type SigningKey } from './sigv4.ts';
import type { FakeEcrInfo, FakeEcrStats } from './state.ts';

export const fakeEcrProcess = 'fake-ecr';
export const ecrTarget = 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken';
/** ECR's registry user name. */
export const ecrUser = 'AWS';


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
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID() });
  res.end(text);
}

function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  json(res, status, { __type: type, message }, 'application/x-amz-json-1.1');
}

function readBody(req: IncomingMessage, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => then(Buffer.concat(chunks)));
}

export function serveFakeEcr(o: {
  apiPort: number;
  registryPort: number;
  upstream: string;
  accessKeyId: string;
  /** the access key's secret: every API call's SigV4 signature is checked with it */
  secretAccessKey: string;
  /** the fake STS (IRSA): its port and the cluster's ServiceAccount token issuer */
  stsPort?: number;
  issuer?: WebIdentityIssuer | null;
}) {
  const issued = new Map<string, Date>(); // password -> expiresAt
  const credentials = new Map<string, SigningKey>([[o.accessKeyId, { secretAccessKey: o.secretAccessKey }]]);
  const stsFake = fakeSts({ issuer: o.issuer ?? null, credentials });
  const stats: FakeEcrStats = {
    calls: 0, refusedCalls: 0, tokens: [], pulls: 0, refusedPulls: 0, ttlSeconds: 60, lastRefusal: null, temporaryCalls: 0, sts: stsFake.stats,
  };
  const proxyEndpoint = `http://localhost:${o.registryPort}`;
  const refuse = (res: ServerResponse, status: number, type: string, message: string) => {
    stats.refusedCalls++;
    stats.lastRefusal = `${type}: ${message}`;
    awsError(res, status, type, message);
  };

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
    readBody(req, (body) => {
      if (req.headers['x-amz-target'] !== ecrTarget) {
        return refuse(res, 400, 'UnknownOperationException', `the fake ECR serves only ${ecrTarget}`);
      }
      const signed = verifySigV4({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headersDistinct, body }, (id) => credentials.get(id), { service: 'ecr' });
      if (!signed.ok) return refuse(res, signed.status, signed.code, signed.message);
      stats.calls++;
      if (signed.temporary) stats.temporaryCalls = (stats.temporaryCalls ?? 0) + 1;
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

  const sts = createServer((req, res) => readBody(req, (body) => stsFake.handle(req, res, body)));

  api.listen(o.apiPort, '127.0.0.1');
  registry.listen(o.registryPort, '127.0.0.1');
  if (o.stsPort !== undefined) sts.listen(o.stsPort, '127.0.0.1');
  return { api, registry, sts, stats };
}

/** up.ts: starts the fake as its own process (pid `fake-ecr` in cluster.json) and waits for it. */
export async function startFakeEcr(o: {
  upstreamPort: number;
  /** the ESO cluster's ServiceAccount token issuer and public key file (the fake STS checks tokens with them) */
  serviceAccounts?: { issuer: string; publicKeyFile: string };
  start: (name: string, cmd: string, args: string[], env?: Record<string, string>) => unknown;
  freePorts: (n: number) => Promise<number[]>;
  waitFor: (what: string, timeoutMs: number, check: () => Promise<boolean>) => Promise<void>;
}): Promise<FakeEcrInfo> {
  const [apiPort, registryPort, stsPort] = await o.freePorts(3);
  const accessKeyId = `AKIAFAKEECR${randomBytes(5).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(30).toString('base64');
  const sa = o.serviceAccounts ? [String(stsPort), o.serviceAccounts.issuer, o.serviceAccounts.publicKeyFile] : [];
  o.start(fakeEcrProcess, process.execPath, [fileURLToPath(import.meta.url), String(apiPort), String(registryPort), `http://127.0.0.1:${o.upstreamPort}`, accessKeyId, ...sa],
    { FAKE_ECR_SECRET_ACCESS_KEY: secretAccessKey });
  const api = `http://127.0.0.1:${apiPort}`;
  await o.waitFor(`fake ECR ${api}`, 10_000, () => new Promise((resolve) => {
    request(`${api}/healthz`, (res) => { res.resume(); resolve(res.statusCode === 200); }).on('error', () => resolve(false)).end();
  }));
  return {
    api, stats: `${api}/_fake/stats`, registry: `http://localhost:${registryPort}`, host: `localhost:${registryPort}`,
    image: `localhost:${registryPort}/public/hello:1.0`, region: 'us-east-1', accessKeyId,
    secretAccessKey, process: fakeEcrProcess,
    ...(o.serviceAccounts ? { sts: `http://127.0.0.1:${stsPort}`, serviceAccountIssuer: o.serviceAccounts.issuer } : {}),
  };
}

/** The environment ESO runs with: every AWS client of it talks to the fake, none to AWS. */
export function esoAwsEnv(f: FakeEcrInfo): Record<string, string> {
  return {
    AWS_ECR_ENDPOINT: f.api, AWS_ECR_PUBLIC_ENDPOINT: f.api, AWS_ENDPOINT_URL: f.api,
    // ESO's STS clients (IRSA's AssumeRoleWithWebIdentity): pkg/provider/aws/auth/resolver.go
    ...(f.sts ? { AWS_STS_ENDPOINT: f.sts } : {}),
    AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [apiPort, registryPort, upstream, accessKeyId, stsPort, issuer, publicKeyFile] = process.argv.slice(2);
  const secretAccessKey = process.env.FAKE_ECR_SECRET_ACCESS_KEY;
  if (!apiPort || !registryPort || !upstream || !accessKeyId || !secretAccessKey) {
    console.error('usage: FAKE_ECR_SECRET_ACCESS_KEY=… fake-ecr.ts <apiPort> <registryPort> <upstreamUrl> <accessKeyId> [<stsPort> <issuer> <publicKeyFile>]');
    process.exit(2);
  }
  serveFakeEcr({
    apiPort: Number(apiPort), registryPort: Number(registryPort), upstream, accessKeyId, secretAccessKey,
    ...(stsPort && issuer && publicKeyFile ? { stsPort: Number(stsPort), issuer: { issuer, publicKeyPem: readFileSync(publicKeyFile, 'utf8') } } : {}),
  });
  console.log(`fake ECR (test stand-in): API http://127.0.0.1:${apiPort}, registry http://localhost:${registryPort} -> ${upstream}` +
    (stsPort ? `, STS http://127.0.0.1:${stsPort} (ServiceAccount tokens of ${issuer})` : ''));
}
