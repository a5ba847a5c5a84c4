/**
 * I/O: opt a project registry in (previewed write). Reads the project's namespaces, the copies of
 * the registry there (the credential, what ESO adopts, the conflicts) and what each object's
 * write would do (plan-actions: create, update, or unchanged by the server's dry run), then — not a dry run, no conflicts, the ClusterExternalSecret unchanged since the
 * preview — applies the plan (eso/manifests) with PullKey's field manager, in order.
 */
import type { V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { stringify } from 'yaml';
import type { InClusterObject, InClusterWrite, ParsedInput } from '../api/contract';
import { AppError } from '../api/errors';
import { DOCKERCONFIGJSON_TYPE } from '../dockerconfig/dockerconfig';
import { decodeConfig } from '../dockerconfig/secret-config';
import { maskedSecretYaml } from '../dockerconfig/secret-manifest';
import { planAdoption, type Adoption, type ExistingSecret } from '../eso/adoption';
import { keepPlan, type PlannedObject, type StoreServer } from '../eso/manifests';
import {
  DEFAULT_REFRESH_INTERVAL,
  DEFAULT_SOURCE_NAMESPACE,
  keptName,
  STORE_LABEL,
  storeName,
  type InClusterProject,
} from '../eso/names';
import type { ClusterService } from '../kube/clusters';
import type { KubeSession } from '../kube/session';
import { apply, readOrNull } from './kube-objects';
import { plannedActions } from './plan-actions';

const READS = 8;

/** The registry's secret in each project namespace (absent where there is none). */
async function copiesIn(session: KubeSession, namespaces: string[], name: string) {
  const limit = pLimit(READS);
  const found = await Promise.all(
    namespaces.map((namespace) =>
      limit(() =>
        readOrNull<V1Secret>(session, {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name, namespace },
        }),
      ),
    ),
  );
  return new Map(found.flatMap((secret, i) => (secret ? [[namespaces[i]!, secret] as const] : [])));
}

const asExisting = (secret: V1Secret): ExistingSecret => ({
  metadata: {
    ...secret.metadata,
    name: secret.metadata?.name ?? '',
    namespace: secret.metadata?.namespace ?? '',
  },
  type: secret.type,
});

/** The credential to keep: the existing source, the named copy, else the newest adoptable copy. */
function credentialOf(
  source: V1Secret | null,
  copies: Map<string, V1Secret>,
  adoption: Adoption,
  from: string | undefined,
) {
  if (from) {
    const copy = copies.get(from);
    if (!copy || copy.type !== DOCKERCONFIGJSON_TYPE)
      throw new AppError('KUBE_NOT_FOUND', `No registry copy in ${from} to keep`);
    return decodeConfig(copy);
  }
  if (source) return decodeConfig(source);
  const candidates = [...adoption.adopted, ...adoption.kept]
    .map((namespace) => copies.get(namespace)!)
    .sort(
      (a, b) => Number(b.metadata?.resourceVersion ?? 0) - Number(a.metadata?.resourceVersion ?? 0),
    );
  if (!candidates[0])
    throw new AppError(
      'INVALID_INPUT',
      'No copy of this registry in the project to keep: create it in the project first.',
    );
  return decodeConfig(candidates[0]);
}

function previewOf(objects: PlannedObject[], adoption: Adoption): string {
  const docs = objects.map((object) =>
    object.kind === 'Secret'
      ? maskedSecretYaml(object as Parameters<typeof maskedSecretYaml>[0])
      : stringify(object),
  );
  const notes = [
    adoption.adopted.length
      ? `# External Secrets takes over the existing copy in: ${adoption.adopted.join(', ')}`
      : null,
    adoption.created.length
      ? `# External Secrets creates the copy in: ${adoption.created.join(', ')}`
      : null,
    ...adoption.conflicts.map(
      (c) => `# CONFLICT ${c.namespace}/${c.name}: ${c.reason} — resolve it first`,
    ),
  ].filter((line): line is string => line !== null);
  return [...notes, ...docs].join('---\n');
}

/** The sources the project's store already serves (by PullKey's label on them). */
async function sourcesOf(session: KubeSession, namespace: string, store: string) {
  const list = await session.call(() =>
    session.core.listNamespacedSecret({ namespace, labelSelector: `${STORE_LABEL}=${store}` }),
  );
  return list.items.map((secret) => secret.metadata?.name ?? '').filter(Boolean);
}

export interface KeepDeps {
  clusters: ClusterService;
  storeServer?: ((context: string) => StoreServer | undefined) | undefined;
}

export async function keepRegistry(
  deps: KeepDeps,
  input: ParsedInput<'inCluster:keep'>,
): Promise<InClusterWrite> {
  const session = await deps.clusters.session(input.context);
  const project: InClusterProject = input.project;
  const sourceNamespace = input.sourceNamespace ?? DEFAULT_SOURCE_NAMESPACE;
  const refreshInterval = input.refreshInterval ?? DEFAULT_REFRESH_INTERVAL;
  const id = keptName(project, input.name);
  const listed = await deps.clusters.namespaces(input.context, true);
  const members =
    listed.projects.find((p) => p.kind === project.kind && p.id === project.id)?.namespaces ?? [];
  const [copies, source, ces] = await Promise.all([
    copiesIn(session, members, input.name),
    readOrNull<V1Secret>(session, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: id, namespace: sourceNamespace },
    }),
    readOrNull<PlannedObject & { metadata: { resourceVersion?: string } }>(session, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterExternalSecret',
      metadata: { name: id },
    }),
  ]);
  const adoption = planAdoption(
    members,
    new Map([...copies].map(([ns, s]) => [ns, asExisting(s)])),
    id,
    project,
  );
  const config = credentialOf(source, copies, adoption, input.from?.namespace);
  const otherSources = await sourcesOf(session, sourceNamespace, storeName(project));
  const plan = keepPlan({
    otherSources,
    project,
    registry: input.name,
    sourceNamespace,
    refreshInterval,
    config,
    server: deps.storeServer?.(input.context),
  });
  const actions = await plannedActions(session, plan.objects);
  const objects: InClusterObject[] = [
    ...plan.objects.map((object, i) => ({
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace ?? null,
      name: object.metadata.name,
      action: actions[i]!,
    })),
    ...adoption.adopted.map((namespace) => copyObject(namespace, input.name, 'adopt')),
    ...adoption.created.map((namespace) => copyObject(namespace, input.name, 'create')),
    ...adoption.kept.map((namespace) => copyObject(namespace, input.name, 'unchanged')),
  ];
  const answer = {
    preview: previewOf(plan.objects, adoption),
    objects,
    adopted: adoption.adopted,
    conflicts: adoption.conflicts,
    id,
  };
  if (input.dryRun) {
    return { ...answer, written: false, resourceVersion: ces?.metadata.resourceVersion ?? null };
  }
  if (adoption.conflicts.length)
    throw new AppError(
      'KUBE_CONFLICT',
      `Resolve first: ${adoption.conflicts.map((c) => `${c.namespace}/${c.name} (${c.reason})`).join('; ')}. Nothing was written.`,
      { conflicts: adoption.conflicts },
    );
  if (input.resourceVersion && ces && ces.metadata.resourceVersion !== input.resourceVersion)
    throw new AppError(
      'KUBE_CONFLICT',
      'This registry’s ClusterExternalSecret changed since the preview: preview again. Nothing was written.',
    );
  let written: PlannedObject | null = null;
  for (const [i, object] of plan.objects.entries()) {
    if (object.kind === 'Namespace' && actions[i] === 'unchanged') continue;
    written = await apply(session, object);
  }
  return {
    ...answer,
    written: true,
    resourceVersion:
      (written?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? null,
  };
}

function copyObject(
  namespace: string,
  name: string,
  action: InClusterObject['action'],
): InClusterObject {
  return { apiVersion: 'v1', kind: 'Secret', namespace, name, action };
}
