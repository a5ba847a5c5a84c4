/**
 * "Keep fresh in the cluster" (issue 21): writes an External Secrets Operator token generator and
 * the ExternalSecret whose template writes the project's source secret in PullKey's namespace, and
 * reads its state back. Both objects go through server-side apply (field manager `pullkey`); the
 * dry run goes through the API server's dry run, so ESO's CRD schemas validate the preview.
 * Before anything is written, the template is rendered with a token of the provider's shape and
 * read the way the kubelet reads it (eso-generators/template.ts).
 */
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import type { KeepFreshAnswer, KeepFreshState } from '../api/channels/cluster-refresh';
import { AppError } from '../api/errors';
import {
  EXTERNAL_SECRETS_API,
  goDuration,
  keepFreshManifests,
  keepFreshNames,
  refreshIntervalSeconds,
  type KeepFreshPlan,
} from '../eso-generators/external-secret';
import {
  objectsOf,
  readExternalSecret,
  stateWithEvents,
  type EsoObjects,
} from '../eso-generators/read';

import { checkRenderedTemplate } from '../eso-generators/template';
import { FIELD_MANAGER } from '../kube/field-manager';
import type { KubeSession } from '../kube/session';
import { sampleLogin } from './sample-login';

export interface KeepFreshInput extends KeepFreshPlan {
  context: string;
  resourceVersion?: string | undefined;
  dryRun: boolean;
}

const notFound = (error: unknown) =>
  (error as { code?: string }).code === 'KUBE_NOT_FOUND' ||
  (error as { code?: number }).code === 404;

const notInstalled = (what: string) =>
  new AppError(
    'KUBE_NOT_FOUND',
    `External Secrets Operator is not installed on this cluster (no ${what}): install it to keep tokens fresh in the cluster.`,
  );

/** Discovery of `kind` in `apiVersion`: ESO's CRDs are there, or a clear error. */
async function requireKind(s: KubeSession, objects: EsoObjects, apiVersion: string, kind: string) {
  const found = await s
    .call(() => objects.kindResource(apiVersion, kind))
    .catch((error: unknown) => {
      if (notFound(error)) return undefined;
      throw error;
    });
  if (!found) throw notInstalled(`${apiVersion} ${kind}`);
}

export function createClusterRefreshService(session: (context: string) => Promise<KubeSession>) {
  async function connect(context: string) {
    const s = await session(context);
    return { s, objects: objectsOf(s) };
  }

  async function keepFresh(input: KeepFreshInput): Promise<KeepFreshAnswer> {
    const check = checkRenderedTemplate(input.registry, sampleLogin(input.tokenSource.provider));
    if (check.problem)
      throw new AppError(
        'SECRET_INVALID',
        `The docker config template for "${input.registry}" is wrong: ${check.problem}. Nothing was written.`,
      );
    const { s, objects } = await connect(input.context);
    const [generator, externalSecret] = keepFreshManifests(input);
    await requireKind(s, objects, generator.apiVersion, generator.kind);
    await requireKind(s, objects, externalSecret.apiVersion, externalSecret.kind);
    const current = await readExternalSecret(s, input.namespace, externalSecret.metadata.name);
    const seen = current?.metadata?.resourceVersion ?? null;
    if (!input.dryRun && (input.resourceVersion ?? null) !== seen)
      throw new AppError(
        'KUBE_CONFLICT',
        `ExternalSecret "${externalSecret.metadata.name}" ${seen ? 'changed' : 'was deleted'} since the preview. Nothing was written: review the change and write again.`,
      );
    const apply = (object: KubernetesObject) =>
      s.call(() =>
        objects.patch(
          object,
          undefined,
          input.dryRun ? 'All' : undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
    await apply(generator);
    const written = await apply(externalSecret);
    const source = await s
      .call(() => s.core.readNamespacedSecret({ namespace: input.namespace, name: input.source }))
      .catch((error: unknown) => {
        if (notFound(error)) return null;
        throw error;
      });
    const interval = refreshIntervalSeconds(input.tokenSource.provider, input.refreshInterval);
    const takeover = source
      ? `External Secrets takes over the source secret "${input.source}": `
      : `External Secrets creates the source secret "${input.source}": `;
    return {
      preview: [generator, externalSecret].map((o) => JSON.stringify(o, null, 2)).join('\n---\n'),
      written: !input.dryRun,
      resourceVersion: input.dryRun ? seen : (written.metadata?.resourceVersion ?? null),
      warning: `${takeover}a new ${generator.kind} token every ${goDuration(interval)}, written in kubectl's form; the project's copies follow it. A password written there by PullKey is replaced at the next refresh.`,
      generator: { kind: generator.kind, name: generator.metadata.name },
      externalSecret: externalSecret.metadata.name,
      source: input.source,
      refreshIntervalSeconds: interval,
    };
  }

  async function state(input: {
    context: string;
    namespace: string;
    source: string;
  }): Promise<{ state: KeepFreshState | null }> {
    const { s, objects } = await connect(input.context);
    const name = keepFreshNames(input.source).externalSecret;
    await requireKind(s, objects, EXTERNAL_SECRETS_API, 'ExternalSecret');
    const es = await readExternalSecret(s, input.namespace, name);
    if (!es) return { state: null };
    return { state: await stateWithEvents(s, es) };
  }

  return { keepFresh, state };
}

export type ClusterRefreshService = ReturnType<typeof createClusterRefreshService>;
