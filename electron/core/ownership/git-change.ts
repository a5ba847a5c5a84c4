/**
 * Pure: "Copy the change for Git" — the change a confirmed write makes to an owned workload, as
 * it is made in the owner's source instead. Kustomize-style sources (Argo CD, Flux
 * Kustomization, Fleet, an operator's manifests): a strategic-merge patch file naming the object
 * (`kubectl patch --type strategic --patch-file` accepts it as is). Helm (and Flux HelmRelease):
 * the common chart value (`imagePullSecrets`, `image.repository`/`image.tag`, as `helm create`
 * writes them) and the rendered field path it must reach.
 */
import { stringify } from 'yaml';
import type { EngineOwner, GitChange } from '../api/contract';

/** The one field a workload write changes. */
export type WorkloadChange =
  | { type: 'pull-secrets'; secrets: string[] }
  | { type: 'image'; container: string; image: string; init?: boolean };

export interface ChangedObject {
  kind: string;
  namespace: string;
  name: string;
}

const apiVersions: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
  ServiceAccount: 'v1',
};

/** The path of the pod spec in an object of `kind` (none for a ServiceAccount). */
export function podSpecPath(kind: string): string[] {
  if (kind === 'ServiceAccount' || kind === 'Pod') return kind === 'Pod' ? ['spec'] : [];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

const containerList = (change: { init?: boolean }) =>
  change.init ? 'initContainers' : 'containers';

/** The changed field in a pod spec (or a ServiceAccount): the patch body below the pod spec. */
function field(change: WorkloadChange): Record<string, unknown> {
  return change.type === 'pull-secrets'
    ? { imagePullSecrets: change.secrets.map((name) => ({ name })) }
    : { [containerList(change)]: [{ name: change.container, image: change.image }] };
}

/** "spec.template.spec.containers[name=app].image", as a reader of the rendered object finds it. */
export function renderedPath(kind: string, change: WorkloadChange): string {
  const leaf =
    change.type === 'pull-secrets'
      ? 'imagePullSecrets'
      : `${containerList(change)}[name=${change.container}].image`;
  return [...podSpecPath(kind), leaf].join('.');
}

function nest(path: string[], leaf: Record<string, unknown>): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), leaf);
}

/** A kustomize strategic-merge patch naming the object, with how to list it. */
export function strategicMergePatch(object: ChangedObject, change: WorkloadChange): GitChange {
  const file = `patch-${object.kind.toLowerCase()}-${object.name}.yaml`;
  const body = {
    apiVersion: apiVersions[object.kind] ?? 'v1',
    kind: object.kind,
    metadata: { name: object.name, namespace: object.namespace },
    ...nest(podSpecPath(object.kind), field(change)),
  };
  const text = [
    `# ${file}: a strategic-merge patch; list it in the kustomization.yaml beside the manifest:`,
    '#   patches:',
    `#     - path: ${file}`,
    stringify(body).trimEnd(),
    '',
  ].join('\n');
  return {
    format: 'strategic-merge-patch',
    label: `A strategic-merge patch for ${object.kind} ${object.name} (kustomize patches:)`,
    text,
  };
}

/** repository and tag (or digest) of an image as written: "reg:5000/team/app:1.1". */
export function splitImage(image: string): { repository: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), digest: image.slice(at + 1) };
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/')
    ? { repository: image.slice(0, colon), tag: image.slice(colon + 1) }
    : { repository: image };
}

function helmValues(change: WorkloadChange): Record<string, unknown> {
  if (change.type === 'pull-secrets') return field(change);
  return { image: splitImage(change.image) };
}

/** The chart value a Helm release (or a Flux HelmRelease) takes, and where it must render. */
export function helmValuesChange(
  object: ChangedObject,
  owner: EngineOwner,
  change: WorkloadChange,
): GitChange {
  const values = helmValues(change);
  const inRelease = owner.engine === 'flux-helm';
  const where = inRelease
    ? `spec.values of ${owner.source} (in Git)`
    : `the values file of Helm ${owner.source} (helm upgrade -f values.yaml)`;
  const common =
    change.type === 'pull-secrets'
      ? 'the common value `imagePullSecrets`'
      : 'the common values `image.repository` and `image.tag`';
  const text = [
    `# ${common}, in ${where}:`,
    stringify(inRelease ? { spec: { values } } : values).trimEnd(),
    `# It must render into ${object.kind} ${object.name}: ${renderedPath(object.kind, change)}`,
    "# (a chart that does not read this value: change its template at that path, or the chart's own values key)",
    '',
  ].join('\n');
  return {
    format: 'helm-values',
    label: `Helm values for ${object.kind} ${object.name}`,
    text,
  };
}

/** The change for Git of a write to `object` owned by `owner`. */
export function gitChange(
  object: ChangedObject,
  owner: EngineOwner,
  change: WorkloadChange,
): GitChange {
  return owner.engine === 'helm' || owner.engine === 'flux-helm'
    ? helmValuesChange(object, owner, change)
    : strategicMergePatch(object, change);
}
