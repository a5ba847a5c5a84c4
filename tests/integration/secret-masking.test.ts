/**
 * Secrets as users really have them, seeded with kubectl (so last-applied-configuration holds the
 * config, base64 or plain), every credential a unique canary: the registries list, the detail
 * (masked config, kubectl command, YAML) must show none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { kubectlSync } from '../kit/kubectl';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const run = `${Date.now().toString(36)}`;
const canary = (what: string) => `CANARY${what}${run}x7Q`;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const CANARY_PATTERN = /CANARY[A-Za-z0-9]*x7Q/g;

let state: ClusterState;
let app: Core;

const kubectl = kubectlSync(() => state, { context: CONTEXT });

/** The shapes users have, each a .dockerconfigjson text holding canaries. */
const shapes: Record<string, string> = {
  plain: JSON.stringify({
    auths: {
      'r.example': { username: 'u', password: canary('pw'), auth: b64(`u:${canary('auth')}`) },
    },
  }),
  tokens: JSON.stringify({
    auths: {
      'r.example': { username: 'u', identitytoken: canary('idt') },
      'q.example': { registrytoken: canary('rgt') },
    },
    HttpHeaders: { Authorization: `Bearer ${canary('hdr')}`, 'X-Meta': canary('meta') },
    credsStore: canary('store'),
  }),
  unknown: JSON.stringify({
    auths: {
      'r.example': { username: 'u', secret_field: canary('unk'), nested: { k: canary('nst') } },
    },
  }),
  badentries: JSON.stringify({
    auths: {
      'a.example': canary('strentry'),
      'b.example': null,
      'c.example': 4242,
      'd.example': { username: 'u', password: canary('okpw') },
    },
  }),
  authsstring: JSON.stringify({ auths: `{"r.example":{"password":"${canary('trunc')}"` }),
  badauth: JSON.stringify({
    auths: {
      'r.example': { auth: `${canary('notb64')}!!` },
      'q.example': { auth: b64(canary('nocolon')) },
    },
  }),
  legacy: JSON.stringify({
    'r.example': { auth: b64(`u:${canary('legacy')}`), email: 'a@b.c', password: canary('legpw') },
  }),
};

const names: string[] = [];

function applySecret(name: string, text: string, how: 'data' | 'stringData') {
  const manifest = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/dockerconfigjson',
    metadata: {
      name,
      namespace: NAMESPACE,
      labels: { 'canary.example/copy': how },
      annotations: { 'example.com/note': `seeded ${how}` },
    },
    ...(how === 'data'
      ? { data: { '.dockerconfigjson': b64(text) } }
      : { stringData: { '.dockerconfigjson': text } }),
  };
  kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
  names.push(name);
}

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  app = await startCore([state.kubeconfig]);
  for (const [shape, text] of Object.entries(shapes)) {
    applySecret(`canary-${shape}-data-${run}`, text, 'data');
    applySecret(`canary-${shape}-sd-${run}`, text, 'stringData');
  }
  const created = `canary-created-${run}`;
  kubectl([
    'create',
    'secret',
    'docker-registry',
    created,
    '-n',
    NAMESPACE,
    '--docker-server=r.example',
    '--docker-username=u',
    `--docker-password=${canary('kubectl')}`,
  ]);
  names.push(created);
});

afterAll(async () => {
  if (state && names.length) {
    kubectl(['delete', 'secret', '-n', NAMESPACE, '--ignore-not-found', ...names]);
  }
  await app?.close();
});

describe('masked views of secrets made by hand, kubectl apply and kubectl create', () => {
  it('the seeded secrets really hold the canaries, also in last-applied-configuration', () => {
    const raw = kubectl(['get', 'secret', '-n', NAMESPACE, `canary-plain-sd-${run}`, '-o', 'json']);
    const secret = JSON.parse(raw) as {
      metadata: { annotations: Record<string, string> };
    };
    expect(
      secret.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
    ).toContain(canary('pw'));
  });

  it('list, detail, masked config, kubectl command and YAML contain no canary', async () => {
    const outputs: string[] = [];
    const list = await invoke(app, 'registries:list', { context: CONTEXT, refresh: true });
    outputs.push(JSON.stringify(list));
    let inspected = 0;
    for (const name of names) {
      const detail = await invoke(app, 'registries:detail', {
        context: CONTEXT,
        namespace: NAMESPACE,
        name,
      });
      outputs.push(JSON.stringify(detail));
      inspected++;
      if (!name.startsWith('canary-created-')) {
        // Applied with kubectl: last-applied-configuration and our note are hidden.
        expect(detail.yaml).toContain(
          `kubectl.kubernetes.io/last-applied-configuration: "hidden: may contain credentials"`,
        );
        expect(detail.yaml).not.toContain('seeded');
      }
    }
    expect(inspected).toBe(Object.keys(shapes).length * 2 + 1);
    const all = outputs.join('\n');
    expect(all.match(CANARY_PATTERN) ?? []).toEqual([]);
    // Nor the config itself, base64 (as in last-applied-configuration with data:).
    for (const text of Object.values(shapes)) expect(all).not.toContain(b64(text));
  });

  it('shows malformed entries as invalid, not as an internal error', async () => {
    const list = await invoke(app, 'registries:list', { context: CONTEXT });
    const copies = list.groups.flatMap((group) => group.copies);
    const invalid = (name: string) => copies.find((copy) => copy.name === name)?.invalid;
    expect(invalid(`canary-badentries-data-${run}`)).toBe(
      'entry "a.example" is not an object (it is a string); entry "b.example" is not an object (it is null); entry "c.example" is not an object (it is a number)',
    );
    expect(invalid(`canary-authsstring-sd-${run}`)).toBe(
      '"auths" is not an object (it is a string)',
    );
    const detail = await invoke(app, 'registries:detail', {
      context: CONTEXT,
      namespace: NAMESPACE,
      name: `canary-badentries-sd-${run}`,
    });
    expect(detail.copy.entries.map((entry) => entry.key)).toEqual(['d.example']);
    expect(detail.kubectlCommand).toBe('');
  });
});
