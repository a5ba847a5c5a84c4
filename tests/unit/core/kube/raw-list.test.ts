/**
 * The informers' raw list (kube/raw-list.ts) against client-node's typed list, on a local HTTPS
 * server that checks client certificates and tokens: the same request (path, query, credentials)
 * and, for every failure, the same AppError (code, message, details) through session.call.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { V1Secret } from '@kubernetes/client-node';
import { AppError } from '@core/api/errors';
import { mergeKubeconfigs } from '@core/kube/kubeconfig/merge';
import { parseKubeconfig } from '@core/kube/kubeconfig/parse';
import { rawList } from '@core/kube/raw-list';
import { makeCertificates } from './raw-list-certs';
import { createSession, type KubeSession } from '@core/kube/session';
import { groupRegistries } from '@core/registries/model';

const FIELD_SELECTOR = 'type=kubernetes.io/dockerconfigjson';
const TOKEN = 'static-token-123';
const PLUGIN_TOKEN = 'plugin-token-456';

let dir: string;
let server: Server;
let port: number;
let closedPort: number;
const pem = (name: string) => readFileSync(path.join(dir, name));
const b64 = (name: string) => pem(name).toString('base64');

interface Seen {
  url: string;
  authorization: string | undefined;
  clientCert: string | null;
}
let seen: Seen[] = [];
let answer: (req: IncomingMessage, res: ServerResponse) => void;

function kubeconfig(options: { ca?: 'ca' | 'other-ca' | 'skip'; serverPort?: number }) {
  const ca = options.ca ?? 'ca';
  const cluster =
    ca === 'skip'
      ? { 'insecure-skip-tls-verify': true }
      : { 'certificate-authority-data': b64(`${ca}.crt`) };
  const plugin = path.join(dir, 'plugin.sh');
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'c',
        cluster: { server: `https://127.0.0.1:${options.serverPort ?? port}`, ...cluster },
      },
    ],
    users: [
      {
        name: 'cert',
        user: {
          'client-certificate-data': b64('client.crt'),
          'client-key-data': b64('client.key'),
        },
      },
      { name: 'token', user: { token: TOKEN } },
      {
        name: 'exec',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: plugin,
            interactiveMode: 'Never',
          },
        },
      },
      {
        name: 'exec-cert',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: path.join(dir, 'cert-plugin.sh'),
            interactiveMode: 'Never',
          },
        },
      },
    ],
    contexts: ['cert', 'token', 'exec', 'exec-cert'].map((user) => ({
      name: user,
      context: { cluster: 'c', user },
    })),
  });
}

function session(
  context: 'cert' | 'token' | 'exec' | 'exec-cert',
  options: Parameters<typeof kubeconfig>[0] = {},
) {
  const merged = mergeKubeconfigs([parseKubeconfig(kubeconfig(options), '/cfg/test.yaml')]);
  return createSession(merged, context, { PATH: process.env.PATH ?? '' });
}

const typed = (s: KubeSession) =>
  s.call(() => s.core.listSecretForAllNamespaces({ fieldSelector: FIELD_SELECTOR }));
const raw = (s: KubeSession) =>
  s.call(() =>
    rawList<V1Secret>(s.kubeConfig, '/api/v1/secrets', { fieldSelector: FIELD_SELECTOR }),
  );

async function failureOf(request: Promise<unknown>): Promise<AppError> {
  const error = await request.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** The AppError as the user meets it. */
const asMet = (error: AppError) => ({
  code: error.code,
  message: error.message,
  details: error.details,
});

/** Both paths fail with the same AppError; returns it. */
async function sameFailure(s: KubeSession): Promise<AppError> {
  const [a, b] = [await failureOf(typed(s)), await failureOf(raw(s))];
  expect(asMet(b)).toEqual(asMet(a));
  return b;
}

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

function respond(code: number, body: unknown) {
  answer = (_req, res) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

const dockerSecret = (namespace: string, name: string, created: string) => ({
  metadata: {
    name,
    namespace,
    uid: `uid-${namespace}-${name}`,
    resourceVersion: '101',
    creationTimestamp: created,
    labels: { 'app.kubernetes.io/managed-by': 'pullkey', 'pullkey.dev/project': 'shop' },
    managedFields: [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-03-04T05:06:07Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:.dockerconfigjson': {} }, 'f:type': {} },
      },
    ],
  },
  type: 'kubernetes.io/dockerconfigjson',
  data: {
    '.dockerconfigjson': Buffer.from(
      JSON.stringify({
        auths: { 'r.example.com': { username: 'u', password: 'p', auth: 'dTpw' } },
      }),
    ).toString('base64'),
  },
});

const secretList = {
  kind: 'SecretList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '4242', continue: '' },
  items: [
    dockerSecret('team1-dev', 'regcred', '2026-01-02T03:04:05Z'),
    dockerSecret('team2-dev', 'regcred', '2026-02-02T03:04:05Z'),
  ],
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pullkey-raw-list-'));
  makeCertificates(dir);
  const plugin = path.join(dir, 'plugin.sh');
  writeFileSync(
    plugin,
    `#!/bin/sh\necho run >> "${dir}/plugin-runs"\nprintf '%s' '${JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: PLUGIN_TOKEN },
    })}'\n`,
  );
  chmodSync(plugin, 0o755);
  // A plugin that answers with a client certificate: the one named in the file "which".
  const certPlugin = path.join(dir, 'cert-plugin.sh');
  writeFileSync(
    certPlugin,
    `#!/bin/sh\nwhich=$(cat "${dir}/which")\nnode -e 'const fs = require("fs"); const d = process.argv[1]; const w = process.argv[2]; process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { clientCertificateData: fs.readFileSync(d + "/" + w + ".crt", "utf8"), clientKeyData: fs.readFileSync(d + "/" + w + ".key", "utf8") } }))' "${dir}" "$which"\n`,
  );
  chmodSync(certPlugin, 0o755);
  server = createServer(
    {
      key: pem('server.key'),
      cert: pem('server.crt'),
      ca: pem('ca.crt'),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.authorized ? socket.getPeerCertificate() : null;
      seen.push({
        url: req.url ?? '',
        authorization: req.headers.authorization,
        clientCert: peer?.subject ? String(peer.subject.CN) : null,
      });
      // The error's cause quotes the response headers: no Date header, which could differ
      // between the typed and the raw request.
      res.sendDate = false;
      answer(req, res);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen = [];
  respond(200, secretList);
});

describe('rawList', () => {
  it('sends the typed call’s request, with the client certificate, and returns the wire JSON', async () => {
    const s = session('cert');
    const list = await typed(s);
    const wire = await raw(s);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[1]).toEqual({
      url: `/api/v1/secrets?fieldSelector=${encodeURIComponent(FIELD_SELECTOR)}`,
      authorization: undefined,
      clientCert: 'alice',
    });
    expect(wire).toEqual(secretList);
    expect(wire.metadata?.resourceVersion).toBe(list.metadata?.resourceVersion);
    // The typed model has Dates where the wire has strings; the registries read the same.
    expect(list.items[0]!.metadata!.creationTimestamp).toBeInstanceOf(Date);
    expect(groupRegistries(wire.items, [])).toEqual(groupRegistries(list.items, []));
  });

  it('sends a kubeconfig token, and a token from PullKey’s exec authenticator', async () => {
    await raw(session('token'));
    expect(seen.at(-1)).toMatchObject({ authorization: `Bearer ${TOKEN}`, clientCert: null });
    const exec = session('exec');
    await raw(exec);
    await raw(exec);
    expect(seen.at(-1)).toMatchObject({ authorization: `Bearer ${PLUGIN_TOKEN}` });
    // The credential is kept: one plugin run for two lists.
    expect(readFileSync(path.join(dir, 'plugin-runs'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('presents the client certificate an exec plugin renewed, not the first one', async () => {
    writeFileSync(path.join(dir, 'which'), 'client');
    const s = session('exec-cert');
    await raw(s);
    expect(seen.at(-1)).toMatchObject({ clientCert: 'alice' });
    // The API server rejects the certificate (401): the credential is dropped and made again.
    writeFileSync(path.join(dir, 'which'), 'client2');
    respond(401, status(401, 'Unauthorized', 'Unauthorized'));
    await failureOf(raw(s));
    respond(200, secretList);
    expect((await raw(s)).items).toHaveLength(2);
    expect(seen.at(-1)).toMatchObject({ clientCert: 'bob' });
  });

  it('honours insecure-skip-tls-verify like the typed call', async () => {
    const wire = await raw(session('token', { ca: 'skip' }));
    expect(wire.items).toHaveLength(2);
  });

  it('maps 401 like the typed call, and a 401 makes the exec plugin run again', async () => {
    respond(401, status(401, 'Unauthorized', 'Unauthorized'));
    expect((await sameFailure(session('token'))).code).toBe('CLUSTER_UNAUTHORIZED');
    const runs = () => readFileSync(path.join(dir, 'plugin-runs'), 'utf8').trim().split('\n');
    const exec = session('exec');
    const before = runs().length;
    await failureOf(raw(exec));
    await failureOf(raw(exec));
    // Each 401 drops the credential: a plugin run per request.
    expect(runs().length).toBe(before + 2);
  });

  it.each([
    [
      403,
      'Forbidden',
      'secrets is forbidden: User "dev" cannot list resource "secrets"',
      'CLUSTER_FORBIDDEN',
    ],
    [404, 'NotFound', 'the server could not find the requested resource', 'KUBE_NOT_FOUND'],
    [410, 'Expired', 'too old resource version: 5 (4242)', 'KUBE_API_ERROR'],
    [500, 'InternalError', 'etcdserver: request timed out', 'KUBE_API_ERROR'],
    [504, 'Timeout', 'Timeout: request did not complete within 60s', 'KUBE_API_ERROR'],
  ])('maps %i like the typed call', async (code, reason, message, appCode) => {
    respond(code, status(code, reason, message));
    const failure = await sameFailure(session('cert'));
    expect(failure.code).toBe(appCode);
    expect(failure.message).toContain(message);
  });

  it('maps a non-JSON error body like the typed call', async () => {
    answer = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end('Bad Gateway from the proxy');
    };
    expect((await sameFailure(session('cert'))).message).toContain('Bad Gateway from the proxy');
  });

  it('maps a refused connection like the typed call', async () => {
    const failure = await sameFailure(session('cert', { serverPort: closedPort }));
    expect(failure.code).toBe('CLUSTER_UNREACHABLE');
    expect(failure.message).toContain('ECONNREFUSED');
  });

  it('maps an untrusted server certificate like the typed call', async () => {
    expect((await sameFailure(session('cert', { ca: 'other-ca' }))).code).toBe('CLUSTER_TLS');
  });

  it('maps a connection lost in the middle of the body like the typed call', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
      res.write('{"kind":"SecretList","items":[');
      setTimeout(() => (res.socket as Socket).destroy(), 20);
    };
    const s = session('cert');
    const [a, b] = [await failureOf(typed(s)), await failureOf(raw(s))];
    // The socket error's code is the transport's own: undici's UND_ERR_SOCKET, Node's ECONNRESET.
    expect(asMet(b)).toEqual({
      ...asMet(a),
      message: a.message.replace('UND_ERR_SOCKET', 'ECONNRESET'),
    });
    expect(b.code).toBe('CLUSTER_UNREACHABLE');
    expect(b.details).toMatchObject({ cause: 'terminated' });
  });

  it('fails a server that takes the connection but never finishes the TLS handshake', async () => {
    const silent = createNetServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const s = session('cert', { serverPort: (silent.address() as AddressInfo).port });
      const started = performance.now();
      const failure = await failureOf(
        s.call(() =>
          rawList<V1Secret>(s.kubeConfig, '/api/v1/secrets', {}, { connectTimeoutMs: 300 }),
        ),
      );
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(failure.code).toBe('CLUSTER_UNREACHABLE');
      expect(failure.message).toContain('(ETIMEDOUT)');
      expect(failure.details).toMatchObject({ cause: 'fetch failed' });
    } finally {
      silent.close();
    }
  });
});
