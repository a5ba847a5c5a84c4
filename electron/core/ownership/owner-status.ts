/**
 * Reads a workload's owner object where the user may (issue 20): the Argo CD Application named by
 * the tracking id (or the instance label), the Flux Kustomization or HelmRelease named by the
 * labels the Flux controller wrote. Not installed (no such resource), not allowed (403) or gone
 * (404): `{ read: 'none', reason }`, and the caller says the general sentence.
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { EngineOwner, OwnerStatus } from '../api/contract';
import { isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { ARGO, FLUX } from './markers';
import type { OwnedMetadata } from './rules';

/** Argo CD's own namespace when the application name carries none (the install's default). */
const ARGO_NAMESPACE = 'argocd';

interface Resource {
  group: string;
  version: string;
  plural: string;
  /** "Argo CD" — said when the resource is not there. */
  engine: string;
}
const APPLICATION: Resource = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'applications',
  engine: 'Argo CD',
};
const KUSTOMIZATION: Resource = {
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  plural: 'kustomizations',
  engine: "Flux's kustomize-controller",
};
const HELM_RELEASE: Resource = {
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  plural: 'helmreleases',
  engine: "Flux's helm-controller",
};

/** The application Argo CD names on the object: `<app>` or `<namespace>_<app>` (apps in any namespace). */
export function argoApplication(meta: OwnedMetadata): { namespace: string; name: string } | null {
  const id = meta.annotations?.[ARGO.trackingId];
  const app = id ? id.split(':')[0] : meta.labels?.[ARGO.instanceLabel];
  if (!app) return null;
  const split = app.indexOf('_');
  return split > 0
    ? { namespace: app.slice(0, split), name: app.slice(split + 1) }
    : { namespace: ARGO_NAMESPACE, name: app };
}

type Unstructured = {
  spec?: Record<string, unknown> & {
    syncPolicy?: { automated?: { selfHeal?: boolean; prune?: boolean } | null };
    interval?: string;
    suspend?: boolean;
    driftDetection?: { mode?: string };
  };
  status?: { sync?: { status?: string } };
};

/** Why a read failed, in words (a failed read never fails the write's preview). */
function whyNot(error: unknown, resource: Resource, what: string): OwnerStatus {
  if (!isAppError(error))
    return { read: 'none', reason: `reading ${what} failed (${String(error)})` };
  if (error.code === 'CLUSTER_FORBIDDEN')
    return { read: 'none', reason: `not allowed to read ${resource.plural}.${resource.group}` };
  if (error.code === 'KUBE_NOT_FOUND')
    return {
      read: 'none',
      reason: /" not found/.test(error.message)
        ? `${what} does not exist`
        : `${resource.engine} is not installed on this cluster (no ${resource.plural}.${resource.group})`,
    };
  return { read: 'none', reason: `reading ${what} failed (${error.message})` };
}

async function readObject(
  session: KubeSession,
  resource: Resource,
  namespace: string,
  name: string,
): Promise<Unstructured> {
  const api = session.kubeConfig.makeApiClient(CustomObjectsApi);
  return (await session.call(() =>
    api.getNamespacedCustomObject({ ...resource, namespace, name }),
  )) as Unstructured;
}

function argoStatus(object: Unstructured, application: string): OwnerStatus {
  const automated = object.spec?.syncPolicy?.automated;
  return {
    read: 'argocd',
    application,
    automated: !!automated,
    selfHeal: automated?.selfHeal === true,
    prune: automated?.prune === true,
    sync: object.status?.sync?.status ?? null,
  };
}

function fluxStatus(
  object: Unstructured,
  kind: 'Kustomization' | 'HelmRelease',
  path: string,
): OwnerStatus {
  return {
    read: 'flux',
    kind,
    object: path,
    interval: object.spec?.interval ?? null,
    suspended: object.spec?.suspend === true,
    driftDetection:
      kind === 'HelmRelease' ? (object.spec?.driftDetection?.mode ?? 'disabled') : null,
  };
}

/** What PullKey can read of `owner` (the owner of an object with metadata `meta`). */
export async function readOwnerStatus(
  session: KubeSession,
  owner: EngineOwner,
  meta: OwnedMetadata,
): Promise<OwnerStatus> {
  if (owner.engine === 'argocd') {
    const app = argoApplication(meta);
    if (!app) return { read: 'none', reason: null };
    const path = `${app.namespace}/${app.name}`;
    return readObject(session, APPLICATION, app.namespace, app.name).then(
      (object) => argoStatus(object, path),
      (error: unknown) => whyNot(error, APPLICATION, `Application ${path}`),
    );
  }
  if (owner.engine === 'flux-kustomize' || owner.engine === 'flux-helm') {
    const helm = owner.engine === 'flux-helm';
    const [nameKey, namespaceKey] = helm
      ? [FLUX.helmName, FLUX.helmNamespace]
      : [FLUX.kustomizeName, FLUX.kustomizeNamespace];
    const name = meta.labels?.[nameKey];
    const namespace = meta.labels?.[namespaceKey];
    if (!name || !namespace) return { read: 'none', reason: null };
    const kind = helm ? 'HelmRelease' : 'Kustomization';
    const resource = helm ? HELM_RELEASE : KUSTOMIZATION;
    return readObject(session, resource, namespace, name).then(
      (object) => fluxStatus(object, kind, `${namespace}/${name}`),
      (error: unknown) => whyNot(error, resource, `${kind} ${namespace}/${name}`),
    );
  }
  // Helm keeps no object to read but its release secret (values PullKey does not read); Fleet
  // and operators: their objects live elsewhere or vary by operator.
  return { read: 'none', reason: null };
}
