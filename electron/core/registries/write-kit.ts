/**
 * What every registry write shares: bounded per-namespace fan-out with progress events, and the
 * secret primitives that keep the live cache current (read, replace the config, delete as seen).
 */
import type { V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { RegistriesList, WriteReport, WriteResult } from '../api/contract';
import type { EventHub } from '../api/events';
import type { ClusterService } from '../kube/clusters';
import type { KubeSession } from '../kube/session';
import {
  type DockerConfig,
  DOCKERCONFIGJSON_KEY,
  serializeDockerConfig,
} from '../dockerconfig/dockerconfig';
import { createCancellations } from './cancellations';
import type { RegistryCredentials } from './credentials';
import type { createProjectMembers } from './project-members';
import { withLastAppliedData } from '../kube/last-applied';
import type { SecretsCache } from './secrets-cache';
import type { RegistryTlsStore } from '../settings/registry-tls';
import { WRITTEN_AT_ANNOTATION } from './written-at';

const WRITE_CONCURRENCY = 16;

export type WriteTarget = Pick<WriteResult, 'context' | 'namespace' | 'name'>;
/** What names a target in its result: every write says it, so every target can be cancelled. */
export type WhereOf<T> = (target: T) => WriteTarget;

/** What the write workflows need from the registries service. */
export interface WriteDeps {
  clusters: ClusterService;
  events: EventHub;
  credentials: RegistryCredentials;
  tls: RegistryTlsStore;
  members: ReturnType<typeof createProjectMembers>;
  cacheFor: (context: string) => Promise<SecretsCache>;
  list: (context: string, refresh?: boolean) => Promise<RegistriesList>;
}

/** A failed precondition (409) in plain words: the secret changed since the user saw it. */
export function changedSinceSeen(result: WriteResult): WriteResult {
  return result.outcome === 'conflict'
    ? {
        ...result,
        message: `changed since you looked (${result.message ?? 'conflict'}): not written; reload and try again`,
      }
    : result;
}

export interface SeenCopy {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
}

/**
 * The write kit. `cancellations` is shared with the other operations `registries:cancel` stops
 * (the Docker import).
 */
export function createWriteKit(deps: WriteDeps, cancellations = createCancellations()) {
  /**
   * Runs one write per target with bounded concurrency, reporting each as it finishes. Once the
   * operation is cancelled no new target starts: `where` names it in its "cancelled" result, so
   * every target ends with an outcome (those under way finish: never half-written).
   */
  async function writeAll<T>(
    operationId: string,
    targets: T[],
    where: WhereOf<T>,
    write: (target: T) => Promise<WriteResult>,
    warnings: string[] = [],
  ): Promise<WriteReport & { warnings: string[] }> {
    const limit = pLimit(WRITE_CONCURRENCY);
    let done = 0;
    const results = await Promise.all(
      targets.map((target) =>
        limit(async () => {
          const result: WriteResult = cancellations.isCancelled(operationId)
            ? { ...where(target), outcome: 'cancelled', message: 'cancelled before it started' }
            : await write(target);
          done += 1;
          deps.events.emit('registries:progress', {
            operationId,
            result,
            done,
            total: targets.length,
          });
          return result;
        }),
      ),
    );
    cancellations.forget(operationId);
    return { operationId, results, warnings };
  }

  /** Asks a running write to start no new target (false: it was asked before). */
  function cancel(operationId: string): { cancelled: boolean } {
    const before = cancellations.isCancelled(operationId);
    cancellations.cancel(operationId);
    return { cancelled: !before };
  }

  function readSecret(session: KubeSession, namespace: string, name: string): Promise<V1Secret> {
    return session.call(() => session.core.readNamespacedSecret({ name, namespace }));
  }

  async function replaceConfig(
    session: KubeSession,
    secret: V1Secret,
    config: DockerConfig,
    resourceVersion: string,
  ) {
    // Without managedFields: the API server then records this write (writtenAt reads it).
    const { managedFields: _recorded, ...metadata } = secret.metadata ?? {};
    const encoded = Buffer.from(serializeDockerConfig(config), 'utf8').toString('base64');
    const body: V1Secret = {
      ...secret,
      metadata: {
        ...metadata,
        resourceVersion,
        annotations: {
          // kubectl apply's copy of the data says what is written now, never the old password.
          ...withLastAppliedData(secret.metadata?.annotations, DOCKERCONFIGJSON_KEY, encoded),
          [WRITTEN_AT_ANNOTATION]: new Date().toISOString(),
        },
      },
      data: { ...secret.data, [DOCKERCONFIGJSON_KEY]: encoded },
    };
    const updated = await session.call(() =>
      session.core.replaceNamespacedSecret({
        name: secret.metadata!.name!,
        namespace: secret.metadata!.namespace!,
        body,
      }),
    );
    (await deps.cacheFor(session.context)).record(updated);
    return updated;
  }

  /** Delete with preconditions: the object the user saw, at the version they saw. */
  async function deleteSeen(session: KubeSession, copy: SeenCopy) {
    await session.call(() =>
      session.core.deleteNamespacedSecret({
        name: copy.name,
        namespace: copy.namespace,
        body: { preconditions: { uid: copy.uid, resourceVersion: copy.resourceVersion } },
      }),
    );
  }

  return { writeAll, cancel, readSecret, replaceConfig, deleteSeen };
}

export type WriteKit = ReturnType<typeof createWriteKit>;
