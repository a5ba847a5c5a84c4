/**
 * kubectl on the test cluster, as a user or a teammate runs it. The one helper the integration
 * tests, the e2e specs and the benchmarks share: a context (and a namespace) bound once, the
 * arguments per call, `input` on stdin, stdout returned.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { ClusterState } from '../cluster/state';

/** The kubectl binary and the kubeconfig it reads (a ClusterState holds both). */
export type KubectlTarget = Pick<ClusterState, 'kubectl' | 'kubeconfig'>;
/** The target, or how to read it once the suite has started (state read in a beforeAll). */
type TargetOf = KubectlTarget | (() => KubectlTarget);

const resolved = (target: TargetOf) => (typeof target === 'function' ? target() : target);

export interface KubectlOn {
  context: string;
  /** Put before every call's arguments as `-n namespace`. */
  namespace?: string;
  /** Kills kubectl after this long (none by default). */
  timeoutMs?: number;
  /** Largest stdout read (64 MiB by default; the benchmarks list thousands of objects). */
  maxBuffer?: number;
}

const DEFAULT_BUFFER = 64 * 1024 * 1024;

function argsOf(target: KubectlTarget, on: KubectlOn, args: string[]): string[] {
  const namespace = on.namespace === undefined ? [] : ['-n', on.namespace];
  return ['--kubeconfig', target.kubeconfig, '--context', on.context, ...namespace, ...args];
}

/** kubectl that blocks until it exits; throws with kubectl's stderr when it fails. */
export function kubectlSync(targetOf: TargetOf, on: KubectlOn) {
  return (args: string[], input?: string): string => {
    const target = resolved(targetOf);
    return execFileSync(target.kubectl, argsOf(target, on, args), {
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: on.timeoutMs,
      maxBuffer: on.maxBuffer ?? DEFAULT_BUFFER,
    });
  };
}

const run = promisify(execFile);

/**
 * kubectl that does not block this process (waits while a page or a core is served from it);
 * `context` overrides the bound one for one call.
 */
export function kubectlAsync(targetOf: TargetOf, on: KubectlOn) {
  return async (args: string[], input?: string, context = on.context): Promise<string> => {
    const target = resolved(targetOf);
    const child = run(target.kubectl, argsOf(target, { ...on, context }, args), {
      timeout: on.timeoutMs,
      maxBuffer: on.maxBuffer ?? DEFAULT_BUFFER,
    });
    child.child.stdin?.end(input);
    return (await child).stdout;
  };
}

/** `kubectl apply -f -` of one manifest (or a List) with a kubectl from above. */
export const applyWith =
  <R>(kubectl: (args: string[], input?: string) => R) =>
  (manifest: object): R =>
    kubectl(['apply', '-f', '-'], JSON.stringify(manifest));

/** `kubectl get secrets -A` of one name: the namespaces holding it, sorted. */
export function secretHolders(kubectl: (args: string[]) => string, name: string): string[] {
  const list = JSON.parse(
    kubectl(['get', 'secrets', '-A', '--field-selector', `metadata.name=${name}`, '-o', 'json']),
  ) as { items: Array<{ metadata: { namespace: string } }> };
  return list.items.map((item) => item.metadata.namespace).sort();
}

/**
 * kubectl arguments creating the generic Secret `name` in `namespace` from `sources`
 * (`--from-literal=…`, `--from-file=…`, `--type=…`).
 */
export const genericSecretArgs = (
  namespace: string,
  name: string,
  ...sources: string[]
): string[] => ['create', 'secret', 'generic', name, '-n', namespace, ...sources];

/**
 * kubectl arguments of a pull secret made from a config file someone wrote by hand, the generic
 * way (`create secret generic --type=kubernetes.io/dockerconfigjson`), not `docker-registry`.
 */
export const dockerConfigFileSecretArgs = (
  namespace: string,
  name: string,
  configFile: string,
): string[] =>
  genericSecretArgs(
    namespace,
    name,
    '--type=kubernetes.io/dockerconfigjson',
    `--from-file=.dockerconfigjson=${configFile}`,
  );

/** kubectl arguments that replace pull secret `name`'s `.dockerconfigjson` by `config` (a hand edit). */
export const patchDockerConfigArgs = (name: string, config: object): string[] => [
  'patch',
  'secret',
  name,
  '--type=merge',
  '-p',
  JSON.stringify({ data: { '.dockerconfigjson': btoa(JSON.stringify(config)) } }),
];

/**
 * kubectl arguments that read one secret as `output` (`json`, `name`, `jsonpath=…`); kubectl
 * answers an empty stdout when there is no such secret.
 */
export const getSecretArgs = (namespace: string, name: string, output: string): string[] => [
  'get',
  'secret',
  name,
  '-n',
  namespace,
  '--ignore-not-found',
  '-o',
  output,
];
