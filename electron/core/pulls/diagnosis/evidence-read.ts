/**
 * The evidence for one workload of the Pulls view, read when its detail opens: the pod's
 * ServiceAccount, node and events, the pod template's own pull secrets, a CronJob's stale Jobs,
 * the laptop-side network checks of a failure (`node-checks-read.ts`), assembled by the pure
 * `evidence.ts` with the report.
 */
import type { V1Namespace, V1Node, V1ServiceAccount } from '@kubernetes/client-node';
import type { PullDetail, PullsView, PullWorkloadRef } from '../../api/contract';
import { AppError } from '../../api/errors';
import { createSourceReader } from '../../ownership/source-read';
import { templatePullSecrets, type ClusterReads } from '../live/cluster-reads';
import type { EsObject } from '../../eso-generators/behind';
import { buildDetail } from './evidence';
import { generatorDiagnoses } from './generator-evidence';
import { networkEvidence, type RegistryTls } from './node-checks-read';
import { networkReport } from './node-checks';
import { readStaleJobs, staleJobsNote } from '../fixes/stale-jobs';
import type { Tracker } from '../live/tracker';

export interface WorkloadDetailDeps {
  tracker: (context: string) => Promise<Tracker>;
  fold: (t: Tracker) => Promise<PullsView>;
  secretOf: ClusterReads['secretOf'];
  registryTls: RegistryTls;
}

export function createWorkloadDetail({ tracker, fold, secretOf, registryTls }: WorkloadDetailDeps) {
  /** The evidence for one workload: credential sources, node identity, events, the report. */
  return async function detail(ref: PullWorkloadRef): Promise<PullDetail> {
    const t = await tracker(ref.context);
    const view = t.latest ?? (await fold(t));
    const id = `${ref.context}/${ref.namespace}/${ref.kind}/${ref.name}`;
    const failure = view.failing.find((item) => item.id === id) ?? null;
    const latent = view.latent.find((item) => item.id === id) ?? null;
    if (!failure && !latent)
      throw new AppError(
        'KUBE_NOT_FOUND',
        `${ref.kind} ${ref.namespace}/${ref.name} has no failing pull on context "${ref.context}"`,
      );
    const podName = (failure ?? latent)!.pods[0]!;
    const pod = t.pods.get(ref.namespace, podName);
    const { session } = t;
    const accountName = pod?.spec?.serviceAccountName || 'default';
    const optional = <T>(request: () => Promise<T>) =>
      session.call(request).then(
        (value) => value,
        () => null,
      );
    const hasPullSecrets = (pod?.spec?.imagePullSecrets ?? []).length > 0;
    const [account, node, eventList, template, stale, externalSecrets, namespace] =
      await Promise.all([
        optional<V1ServiceAccount>(() =>
          session.core.readNamespacedServiceAccount({
            name: accountName,
            namespace: ref.namespace,
          }),
        ),
        pod?.spec?.nodeName
          ? optional<V1Node>(() => session.core.readNode({ name: pod.spec!.nodeName! }))
          : Promise.resolve(null),
        optional(() =>
          session.core.listNamespacedEvent({
            namespace: ref.namespace,
            fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${podName}`,
          }),
        ),
        templatePullSecrets(session, ref),
        failure && ref.kind === 'CronJob'
          ? readStaleJobs(
              session,
              ref.namespace,
              ref.name,
              t.pods.objects().filter((item) => item.metadata?.namespace === ref.namespace),
            ).catch(() => null)
          : Promise.resolve(null),
        hasPullSecrets ? readExternalSecrets(session, ref.namespace) : Promise.resolve(null),
        // Best effort: a namespace stuck Terminating on External Secrets' finalizer is explained.
        optional<V1Namespace>(() => session.core.readNamespace({ name: ref.namespace })),
      ]);
    const network = failure
      ? await networkEvidence({
          failure,
          tls: registryTls,
          nodes: async () =>
            (await optional(() => session.core.listNode()))?.items ?? (node ? [node] : []),
        })
      : null;
    const secret = (namespace: string, name: string) => secretOf(t, namespace, name);
    // The ExternalSecrets listed above: the copy's owner is not read a second time.
    const listed =
      externalSecrets && 'items' in externalSecrets
        ? (externalSecrets.items as EsObject[])
        : undefined;
    const generators = await generatorDiagnoses(session, pod, secret, listed);
    const built = buildDetail({
      ref,
      failure,
      latent,
      pod: pod ?? null,
      serviceAccount: account,
      nodes: node ? [node] : [],
      events: eventList?.items ?? [],
      templateSecrets: template,
      secret,
      generatorDiagnoses: generators,
      secretsNamed: (name) =>
        t.secrets
          .objects()
          .filter((secret) => secret.metadata?.name === name)
          .sort((a, b) => (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '')),
      staleJobs: staleJobsNote(ref.name, stale ?? []),
      externalSecrets,
      namespace: namespace
        ? {
            name: ref.namespace,
            deletionTimestamp: namespace.metadata?.deletionTimestamp
              ? String(namespace.metadata.deletionTimestamp)
              : null,
            finalizers: namespace.metadata?.finalizers,
          }
        : null,
    });
    return network ? { ...built, network, report: built.report + networkReport(network) } : built;
  };
}

/**
 * The namespace's ExternalSecrets (a failing one may be why a pull secret is missing or stale);
 * refused by RBAC: said so; not served (no External Secrets on the cluster): nothing.
 */
async function readExternalSecrets(session: Tracker['session'], namespace: string) {
  const read = await createSourceReader(session).externalSecretsIn(namespace);
  if (read.ok) return { items: read.value };
  return read.why.startsWith('you may not') ? { unread: read.why } : null;
}
