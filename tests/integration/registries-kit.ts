/**
 * The set-up of the registries integration tests (registries-create, -verify, -edit, -live): a
 * core on the test cluster, kubectl on a context, the secret's config as kubectl reads it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { Core } from '../../electron/core';
import type { ChannelInput, RegistriesList, RegistryGroup } from '../../electron/core/api/contract';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { kubectlSync } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';
import { aliceCreate, aliceEdit } from './registry-inputs';

export let state: ClusterState;
export let app: Core;
let seq = 0;
export const op = () => `op-${++seq}`;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

export const kubectl = (context: string, args: string[], input?: string) =>
  kubectlSync(state, { context })(args, input);
export function secretConfig(
  context: string,
  namespace: string,
  name: string,
): Record<string, unknown> {
  const encoded = kubectl(context, [
    'get',
    'secret',
    name,
    '-n',
    namespace,
    '-o',
    'jsonpath={.data.\\.dockerconfigjson}',
  ]);
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, unknown>;
}
export const basic = () => state.registries.basic;
export const token = () => state.registries.token;
/** The CA as PEM content: the test reads the file, PullKey never reads a path it is given. */
export const tokenCa = () => readFileSync(token().caFile!, 'utf8');
export const alice = (registry = basic()) => registryUser(registry);
export const group = (list: RegistriesList, name: string): RegistryGroup | undefined =>
  list.groups.find((candidate) => candidate.name === name);

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  app = await startCore([state.kubeconfig]);
});
afterAll(async () => app?.close());

/** Where the registries tests write: `name` in sandbox on alpha-admin, a new operation. */
const inSandbox = (name: string) => ({
  context: 'alpha-admin',
  namespace: 'sandbox',
  name,
  operationId: op(),
});

/**
 * registries:create on alpha-admin of alice's login on the basic registry, in namespace sandbox;
 * `input` changes any of that.
 */
export const createRegistry = (
  name: string,
  input: Partial<ChannelInput<'registries:create'>> = {},
) => invoke(app, 'registries:create', { ...aliceCreate(basic(), inSandbox(name)), ...input });

/**
 * registries:edit on alpha-admin of copy `name` in sandbox (read at `resourceVersion`) to alice's
 * login on the basic registry; `input` changes any of that.
 */
export const editCopy = (
  name: string,
  resourceVersion: string,
  input: Partial<ChannelInput<'registries:edit'>> = {},
) =>
  invoke(app, 'registries:edit', {
    ...aliceEdit(basic(), { ...inSandbox(name), resourceVersion }),
    ...input,
  });
