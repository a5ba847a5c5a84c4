/**
 * Pure: the rules for the engines that deliver objects from Git or charts (Fleet, Flux, Argo CD,
 * Helm) and for operators (a controller reference to a custom resource). They apply to secrets
 * and to workloads and their ServiceAccounts alike. Order matters: see rules.ts.
 */
import { ARGO, FLEET, FLUX, HELM, MANAGED_BY } from './markers';
import type { OwnedMetadata, OwnershipRule } from './rules';
import type { EngineOwner } from '../api/contract';

function delivered(
  engine: EngineOwner['engine'],
  engineName: string,
  source: string,
  revert: string,
): EngineOwner {
  return {
    engine,
    engineName,
    source,
    sourceSecret: null,
    sourceWritable: false,
    badge: `Kept by ${engineName} (${source})`,
    revert,
  };
}

/** Both labels of a name/namespace pair, or null. */
function pair(meta: OwnedMetadata, nameKey: string, namespaceKey: string) {
  const name = meta.labels?.[nameKey];
  const namespace = meta.labels?.[namespaceKey];
  return name && namespace ? `${namespace}/${name}` : null;
}

const fleet: OwnershipRule = {
  engine: 'fleet',
  cites:
    "rancher/fleet internal/helmdeployer/postrender.go (applied.GetLabelsAndAnnotations: wrangler's objectset.rio.cattle.io/hash label and objectset.rio.cattle.io/id annotation on every object of a bundle)",
  applies: 'both',
  match(meta) {
    if (!meta.labels?.[FLEET.hashLabel]) return null;
    const id = meta.annotations?.[FLEET.idAnnotation];
    const release = meta.annotations?.[HELM.releaseName];
    const source = `bundle ${release ?? id ?? 'deployment'}`;
    return delivered(
      'fleet',
      'Fleet',
      source,
      'Fleet deploys this object from Git and puts it back as the bundle says (drift correction, or the next deployment).',
    );
  },
};

/** A Flux controller's rule: both labels of its name/namespace pair name the Flux object. */
function fluxRule(
  engine: 'flux-helm' | 'flux-kustomize',
  cites: string,
  [nameKey, namespaceKey, kind]: [string, string, string],
  revert: string,
): OwnershipRule {
  return {
    engine,
    cites,
    applies: 'both',
    match(meta) {
      const object = pair(meta, nameKey, namespaceKey);
      return object ? delivered(engine, 'Flux', `${kind} ${object}`, revert) : null;
    },
  };
}

const fluxHelm = fluxRule(
  'flux-helm',
  'fluxcd/helm-controller internal/postrender/origin_labels.go (helm.toolkit.fluxcd.io/name, /namespace)',
  [FLUX.helmName, FLUX.helmNamespace, 'HelmRelease'],
  'Flux upgrades the HelmRelease from Git and drops a change made here at its next reconcile (or at once with drift detection on).',
);

const fluxKustomize = fluxRule(
  'flux-kustomize',
  'fluxcd/kustomize-controller internal/controller/kustomization_controller.go (kustomize.toolkit.fluxcd.io/name, /namespace on every applied object)',
  [FLUX.kustomizeName, FLUX.kustomizeNamespace, 'Kustomization'],
  'Flux applies the Kustomization from Git again at its next reconcile (every few minutes) and puts back what Git says.',
);

const ARGO_SELF_HEAL =
  'Argo CD puts back what Git says: within minutes when the application self-heals, else at its next sync.';

/**
 * Argo CD's tracking id, `<app>:<group>/<kind>:<namespace>/<name>`, counts only when it names this
 * very object (Argo CD ignores an id copied onto another object).
 */
function trackedApp(meta: OwnedMetadata): string | null {
  const id = meta.annotations?.[ARGO.trackingId];
  const match = id ? /^([^:]+):([^:/]*)\/([^:/]+):([^/]*)\/([^/]+)$/.exec(id) : null;
  if (!match) return null;
  const [, app, , , namespace, name] = match;
  if (name !== meta.name || (namespace ?? '') !== (meta.namespace ?? '')) return null;
  return app ?? null;
}

const argoTracking: OwnershipRule = {
  engine: 'argocd',
  cites:
    'argoproj/argo-cd common/common.go (AnnotationKeyAppInstance = argocd.argoproj.io/tracking-id)',
  applies: 'both',
  match(meta) {
    const app = trackedApp(meta);
    return app ? delivered('argocd', 'Argo CD', `application ${app}`, ARGO_SELF_HEAL) : null;
  },
};

const helm: OwnershipRule = {
  engine: 'helm',
  cites:
    'helm/helm pkg/action/validate.go (setMetadataVisitor: app.kubernetes.io/managed-by=Helm, meta.helm.sh/release-name, meta.helm.sh/release-namespace)',
  applies: 'both',
  match(meta) {
    const release = meta.annotations?.[HELM.releaseName];
    if (meta.labels?.[MANAGED_BY] !== HELM.managedByValue || !release) return null;
    const namespace = meta.annotations?.[HELM.releaseNamespace] ?? meta.namespace;
    return delivered(
      'helm',
      'Helm',
      `release ${namespace ? `${namespace}/` : ''}${release}`,
      'The next `helm upgrade` of the release writes the chart back and drops a change made here.',
    );
  },
};

const argoLabel: OwnershipRule = {
  engine: 'argocd',
  cites:
    'argoproj/argo-cd common/common.go (LabelKeyAppInstance = app.kubernetes.io/instance, when the application tracks resources by label)',
  // Workloads only: the label alone is common on hand-applied manifests, and a secret wrongly
  // thought owned would be refused; a workload change is only warned about.
  applies: 'workload',
  match(meta) {
    const app = meta.labels?.[ARGO.instanceLabel];
    // Helm charts set the same label to the release name: without Helm's markers only.
    if (!app || meta.labels?.[MANAGED_BY] === HELM.managedByValue) return null;
    return delivered('argocd', 'Argo CD', `application ${app} (label tracking)`, ARGO_SELF_HEAL);
  },
};

/** A custom resource's group: dotted, and not one of Kubernetes' own (*.k8s.io). */
function customGroup(apiVersion = ''): string | null {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return group.includes('.') && !group.endsWith('.k8s.io') ? group : null;
}

const operator: OwnershipRule = {
  engine: 'operator',
  cites:
    'kubernetes/apimachinery pkg/apis/meta/v1 (OwnerReference.controller: the managing controller); controller-runtime controllerutil.SetControllerReference',
  applies: 'both',
  match(meta) {
    const ref = (meta.ownerReferences ?? []).find(
      (candidate) =>
        candidate.controller === true && customGroup(candidate.apiVersion) && candidate.name,
    );
    if (!ref) return null;
    const source = `${ref.kind ?? 'object'} ${meta.namespace ? `${meta.namespace}/` : ''}${ref.name}`;
    return {
      ...delivered(
        'operator',
        'an operator',
        source,
        `The operator of ${source} reconciles this object and puts back what its ${ref.kind ?? 'resource'} says.`,
      ),
      badge: `Kept by an operator (${source})`,
    };
  },
};

export const deliveryRules: OwnershipRule[] = [
  fleet,
  fluxHelm,
  fluxKustomize,
  argoTracking,
  helm,
  argoLabel,
  operator,
];
