/**
 * Pure: how PullKey updates a workload that already exists without touching what it does not
 * own. The deploy form owns the named container's image, pull policy, the ports and env it
 * lists, the replicas and imagePullSecrets; everything else (sidecars, volumes, resources,
 * probes, serviceAccountName, labels, annotations) stays as the cluster has it.
 *
 * A Deployment is changed with a strategic-merge patch (containers, ports, env and
 * imagePullSecrets merge by their keys) carrying the resourceVersion seen at preview, so a change
 * made since is a 409, never overwritten. A Pod's spec is immutable except the image: an
 * image-only change is the same kind of patch; anything else is a replacement.
 */
import { stringify } from 'yaml';
import { FIELD_MANAGER } from '../kube/field-manager';
import { canonicalJson } from '../kube/same-object';
import { containerSpec, type WorkloadInput } from './manifest';

/** What the user saw of the existing workload when the preview was made. */
export interface SeenWorkload {
  resourceVersion: string;
  uid: string;
  /** The container the form edits. */
  container: string;
}

export interface ContainerLike {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  ports?: Array<{ containerPort: number; protocol?: string; [key: string]: unknown }>;
  env?: Array<{ name: string; value?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface PodSpecLike {
  containers: ContainerLike[];
  imagePullSecrets?: Array<{ name?: string }>;
  [key: string]: unknown;
}

/**
 * The container the form edits: the one named after the workload (PullKey's and Rancher's
 * habit), else the only or first regular container (kubectl names it after the image).
 */
export function formContainer(
  containers: Array<{ name: string }>,
  workload: string,
): string | null {
  return (
    containers.find((container) => container.name === workload)?.name ?? containers[0]?.name ?? null
  );
}

/** The container fields the form sets (only those it has values for). */
function containerPatch(input: WorkloadInput, container: string): ContainerLike {
  return containerSpec(input, container);
}

const uniqueBy = <T>(items: T[], key: (item: T) => unknown) =>
  items.filter((item, index) => items.findIndex((other) => key(other) === key(item)) === index);

/**
 * $setElementOrder directives: without them the API server puts a strategic-merge patch's list
 * items first. The order stays as it is, new items last (env order matters for $(VAR)
 * references; the kubelet tries pull secrets in order).
 */
function containerOrder(current: ContainerLike | undefined, patch: ContainerLike) {
  if (!current) return {};
  return {
    ...(patch.ports
      ? {
          '$setElementOrder/ports': uniqueBy(
            [...(current.ports ?? []), ...patch.ports],
            (port) => port.containerPort,
          ).map((port) => ({ containerPort: port.containerPort })),
        }
      : {}),
    ...(patch.env
      ? {
          '$setElementOrder/env': uniqueBy(
            [...(current.env ?? []), ...patch.env],
            (variable) => variable.name,
          ).map((variable) => ({ name: variable.name })),
        }
      : {}),
  };
}

/** The pod-template part of the patch: one container by name, the pull secrets by name. */
function podSpecPatch(input: WorkloadInput, container: string, current?: PodSpecLike) {
  const patch = containerPatch(input, container);
  const currentContainer = current?.containers.find((item) => item.name === container);
  const secrets = [
    ...new Set([
      ...(current?.imagePullSecrets ?? []).map((ref) => ref.name ?? '').filter(Boolean),
      ...input.pullSecrets,
    ]),
  ];
  return {
    ...(current
      ? { '$setElementOrder/containers': current.containers.map(({ name }) => ({ name })) }
      : {}),
    containers: [{ ...containerOrder(currentContainer, patch), ...patch }],
    ...(input.pullSecrets.length ? { imagePullSecrets: secrets.map((name) => ({ name })) } : {}),
  };
}

/**
 * The strategic-merge patch for an existing Deployment, preconditioned on the seen version.
 * `current` is its pod template's spec as seen: the patch then keeps the order of its lists.
 */
export function deploymentPatch(input: WorkloadInput, seen: SeenWorkload, current?: PodSpecLike) {
  return {
    metadata: { resourceVersion: seen.resourceVersion },
    spec: {
      ...(input.replicas !== undefined ? { replicas: input.replicas } : {}),
      template: { spec: podSpecPatch(input, seen.container, current) },
    },
  };
}

/** The strategic-merge patch for a bare Pod whose only change is the image. */
export function podImagePatch(input: WorkloadInput, seen: SeenWorkload, current?: PodSpecLike) {
  return {
    metadata: { resourceVersion: seen.resourceVersion },
    spec: {
      ...(current
        ? { '$setElementOrder/containers': current.containers.map(({ name }) => ({ name })) }
        : {}),
      containers: [{ name: seen.container, image: input.image }],
    },
  };
}

function mergeByKey<T extends Record<string, unknown>>(
  current: T[] | undefined,
  wanted: T[] | undefined,
  key: keyof T,
): T[] | undefined {
  if (!wanted?.length) return current;
  const result = [...(current ?? [])];
  for (const item of wanted) {
    const index = result.findIndex((existing) => existing[key] === item[key]);
    if (index >= 0) result[index] = { ...result[index]!, ...item };
    else result.push(item);
  }
  return result;
}

/**
 * The pod spec after the form's changes, with the same merge rules the API server applies to
 * the strategic-merge patch above (what a replaced Pod is created with).
 */
export function applyFormToPodSpec<S extends PodSpecLike>(
  spec: S,
  input: WorkloadInput,
  container: string,
): S {
  const patch = containerPatch(input, container);
  const containers = spec.containers.map((current) => {
    if (current.name !== container) return current;
    const { ports, env, ...rest } = patch;
    const next: ContainerLike = { ...current, ...rest };
    const mergedPorts = mergeByKey(current.ports, ports, 'containerPort');
    const mergedEnv = mergeByKey(current.env, env, 'name');
    if (mergedPorts) next.ports = mergedPorts;
    if (mergedEnv) next.env = mergedEnv;
    return next;
  });
  const secrets = [
    ...new Set([
      ...(spec.imagePullSecrets ?? []).map((ref) => ref.name ?? ''),
      ...input.pullSecrets,
    ]),
  ].filter(Boolean);
  return {
    ...spec,
    containers,
    ...(secrets.length ? { imagePullSecrets: secrets.map((name) => ({ name })) } : {}),
  };
}

/** How a bare Pod takes the form's changes: nothing to do, an image patch, or a replacement. */
export function podUpdateKind(
  spec: PodSpecLike,
  input: WorkloadInput,
  container: string,
): 'unchanged' | 'image' | 'replace' {
  const next = applyFormToPodSpec(spec, input, container);
  if (canonicalJson(next) === canonicalJson(spec)) return 'unchanged';
  const withoutImage = (value: PodSpecLike) => ({
    ...value,
    containers: value.containers.map((item) =>
      item.name === container ? { ...item, image: '' } : item,
    ),
  });
  return canonicalJson(withoutImage(next)) === canonicalJson(withoutImage(spec))
    ? 'image'
    : 'replace';
}

/** What the YAML preview shows when an existing workload is updated: the patch to be sent. */
export function updatePreviewYaml(
  input: WorkloadInput,
  seen: SeenWorkload,
  current?: PodSpecLike,
  podUpdate?: 'unchanged' | 'image' | 'replace',
): string {
  if (input.kind === 'Deployment') {
    return `# strategic-merge patch of Deployment ${input.name} (field manager ${FIELD_MANAGER})\n${stringify(deploymentPatch(input, seen, current))}`;
  }
  if (podUpdate === 'replace') {
    return `# Pod ${input.name}: only the image of a Pod can change in place.\n# It is replaced: the new Pod (its current spec with these changes) is\n# checked with a dry-run create first; the old one is deleted only then,\n# with preconditions uid ${seen.uid}, resourceVersion ${seen.resourceVersion}.\n${stringify({ spec: podSpecPatch(input, seen.container) })}`;
  }
  return `# strategic-merge patch of Pod ${input.name} (field manager ${FIELD_MANAGER})\n${stringify(podImagePatch(input, seen, current))}`;
}
