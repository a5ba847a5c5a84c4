/**
 * Pure: what a context offers for in-cluster keeping, from discovery of the `external-secrets.io`
 * group and the answers of SelfSubjectAccessReviews for every object the opt-in writes.
 */
import type { InClusterCapability, InClusterPermission } from '../api/contract';
import { ESO_GROUP, ESO_VERSION } from './names';

export const HELM_INSTALL_COMMAND =
  'helm repo add external-secrets https://charts.external-secrets.io && ' +
  'helm install external-secrets external-secrets/external-secrets ' +
  '--namespace external-secrets --create-namespace';

export const ESO_BENEFIT =
  'With External Secrets Operator the cluster keeps the project registry itself: every namespace ' +
  'of the project, including namespaces created later, gets its pull secret while this computer ' +
  'is off. Without it, Sync needs this computer.';

/** A permission to ask: verb on group/resource, in a namespace or cluster-wide (null). */
export interface PermissionQuestion {
  verb: string;
  group: string;
  resource: string;
  namespace: string | null;
}

/** Every object the opt-in writes (and the reads the live state needs). */
export function permissionQuestions(sourceNamespace: string): PermissionQuestion[] {
  const ask = (verb: string, group: string, resource: string, namespace: string | null) => ({
    verb,
    group,
    resource,
    namespace,
  });
  return [
    ask('create', ESO_GROUP, 'clustersecretstores', null),
    ask('patch', ESO_GROUP, 'clustersecretstores', null),
    ask('create', ESO_GROUP, 'clusterexternalsecrets', null),
    ask('patch', ESO_GROUP, 'clusterexternalsecrets', null),
    ask('delete', ESO_GROUP, 'clusterexternalsecrets', null),
    ask('watch', ESO_GROUP, 'externalsecrets', null),
    ask('create', '', 'secrets', sourceNamespace),
    ask('list', '', 'secrets', sourceNamespace),
    ask('patch', '', 'secrets', sourceNamespace),
    ask('create', '', 'serviceaccounts', sourceNamespace),
    ask('create', 'rbac.authorization.k8s.io', 'roles', sourceNamespace),
    ask('create', 'rbac.authorization.k8s.io', 'rolebindings', sourceNamespace),
  ];
}

export function permissionLabel(question: PermissionQuestion): string {
  const resource = question.group ? `${question.resource}.${question.group}` : question.resource;
  const where = question.namespace ? `in namespace ${question.namespace}` : 'cluster-wide';
  return `${question.verb} ${resource} (${where})`;
}

/** The versions discovery lists for the group (`/apis` or `/apis/external-secrets.io`). */
export interface GroupDiscovery {
  /** null: the group is not served. */
  versions: string[] | null;
  /** Discovery failed: why, in words. */
  error?: string | undefined;
}

export function foldCapability(
  context: string,
  discovery: GroupDiscovery,
  answers: Array<PermissionQuestion & { allowed: boolean }>,
  now: Date,
): InClusterCapability {
  const versions = discovery.versions ?? [];
  const base = {
    context,
    versions,
    benefit: ESO_BENEFIT,
    helmCommand: HELM_INSTALL_COMMAND,
    checkedAt: now.toISOString(),
  };
  if (discovery.error) {
    return {
      ...base,
      engine: 'unreachable',
      message: `Could not ask the cluster for External Secrets Operator: ${discovery.error}`,
      permissions: [],
      missing: [],
      offered: false,
    };
  }
  if (!discovery.versions || versions.length === 0) {
    return {
      ...base,
      engine: 'missing',
      message:
        'External Secrets Operator is not installed on this cluster (no external-secrets.io API).',
      permissions: [],
      missing: [],
      offered: false,
    };
  }
  if (!versions.includes(ESO_VERSION)) {
    return {
      ...base,
      engine: 'too-old',
      message:
        `External Secrets Operator serves only external-secrets.io/${versions.join(', ')}: ` +
        `PullKey needs external-secrets.io/${ESO_VERSION} (ESO 0.17 or newer). Upgrade it.`,
      permissions: [],
      missing: [],
      offered: false,
    };
  }
  const permissions: InClusterPermission[] = answers.map((answer) => ({
    verb: answer.verb,
    group: answer.group,
    resource: answer.resource,
    namespace: answer.namespace,
    allowed: answer.allowed,
    label: permissionLabel(answer),
  }));
  const missing = permissions.filter((p) => !p.allowed).map((p) => p.label);
  return {
    ...base,
    engine: 'ready',
    message: missing.length
      ? `External Secrets Operator is ready, but you may not ${missing.join('; ')}.`
      : 'External Secrets Operator is ready: project registries can be kept by the cluster.',
    permissions,
    missing,
    offered: missing.length === 0,
  };
}
