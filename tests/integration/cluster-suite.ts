/**
 * The set-up integration test files share: the private keyring check, the test cluster's state, a
 * core on its kubeconfig and kubectl on one context; after the tests, what they made is deleted
 * (newest first) and the core closed.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Core } from '../../electron/core';
import type { RegistryCopy } from '../../electron/core/api/contract';
import type { ClusterState, RegistryInfo, RegistryUser } from '../cluster/state';
import { kubectlAsync } from '../kit/kubectl';
import {
  availableArgs,
  deploymentManifest,
  dockerRegistrySecretArgs,
  registryUser,
  type DeploymentOptions,
} from '../kit/manifests';
import { clusterState, invoke, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';

export interface ClusterSuiteOptions {
  context: string;
  namespace: string;
  /** The suite creates the namespace before the tests and deletes it after them. */
  ownNamespace?: boolean;
}

export interface ClusterSuite {
  readonly state: ClusterState;
  readonly app: Core;
  /** The test cluster's basic-auth registry. */
  basic: () => RegistryInfo;
  /** alice, who may pull team/* from the basic registry. */
  alice: () => RegistryUser;
  /** kubectl on the suite's context (or `context`); `input` goes to its stdin. */
  kubectl: (args: string[], input?: string, context?: string) => Promise<string>;
  /** kubectl arguments of what a test made in the namespace, deleted after the tests. */
  made: string[][];
  /** A Deployment made with kubectl in the namespace (as users write it), deleted after the tests. */
  deployment: (name: string, image: string, options?: DeploymentOptions) => Promise<void>;
  /** kubectl `args` in the namespace, its JSON output parsed. */
  jsonOf: <T>(args: string[]) => Promise<T>;
  /**
   * A pull secret for `user` and a Deployment of the registry's team/hello:1.0 using it, made with
   * kubectl; resolves once the Deployment is Available.
   */
  availableWithSecret: (
    name: string,
    secret: string,
    host: string,
    user: { username: string; password: string },
  ) => Promise<void>;
  /** Copy `name` in `inNamespace` (the suite's namespace) once the context's registries list shows it. */
  listedCopy: (name: string, inNamespace?: string) => Promise<RegistryCopy>;
}

/** Registers the suite's beforeAll/afterAll; call it at the top of a test file. */
export function clusterSuite({
  context,
  namespace,
  ownNamespace = false,
}: ClusterSuiteOptions): ClusterSuite {
  let state: ClusterState | undefined;
  let app: Core | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the cluster suite has not started (beforeAll)');
    return value;
  };
  const made: string[][] = [];
  const kubectl = (args: string[], input?: string, kubeContext = context) =>
    kubectlAsync(started(state), { context })(args, input, kubeContext);

  const deployment = async (name: string, image: string, options?: DeploymentOptions) => {
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify(deploymentManifest(namespace, name, image, options)),
    );
    made.push(['deployment', name]);
  };

  beforeAll(async () => {
    requirePrivateKeyring();
    state = clusterState();
    app = await startCore([state.kubeconfig]);
    if (ownNamespace) await kubectl(['create', 'namespace', namespace]);
  });
  afterAll(async () => {
    for (const args of made.reverse())
      await kubectl([
        'delete',
        '--ignore-not-found',
        '--wait=false',
        '-n',
        namespace,
        ...args,
      ]).catch(() => undefined);
    await app?.close();
    if (ownNamespace && state) await kubectl(['delete', 'namespace', namespace, '--wait=false']);
  });

  return {
    get state() {
      return started(state);
    },
    get app() {
      return started(app);
    },
    basic: () => started(state).registries.basic,
    alice: () => registryUser(started(state).registries.basic),
    kubectl,
    made,
    deployment,
    jsonOf: async <T>(args: string[]) =>
      JSON.parse(await kubectl([...args, '-n', namespace, '-o', 'json'])) as T,
    availableWithSecret: async (name, secret, host, user) => {
      await kubectl(dockerRegistrySecretArgs(namespace, secret, host, user));
      made.push(['secret', secret]);
      await deployment(name, `${host}/team/hello:1.0`, { pullSecrets: [secret] });
      await kubectl(availableArgs(namespace, name));
    },
    listedCopy: async (name, inNamespace = namespace) => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const list = await invoke(started(app), 'registries:list', { context, refresh: true });
        const copy = list.groups
          .flatMap((group) => group.copies)
          .find((candidate) => candidate.namespace === inNamespace && candidate.name === name);
        if (copy) return copy;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${inNamespace}/${name} in the registries list`);
    },
  };
}
