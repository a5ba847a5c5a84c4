/**
 * Pure: the writes of the Pull doctor's fixes, built so they touch one thing only.
 * - "Set image to …": a JSON patch that tests the resourceVersion the user saw and the
 *   container's name at its index, then replaces that container's image — nothing else.
 * - "Copy the missing secret from another namespace": the same type and data under the same
 *   name, marked as PullKey's, with where it came from.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { AppError } from '../api/errors';

export type ImageFixKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob';

interface PodTemplateHolder {
  metadata?: { resourceVersion?: string };
  spec?: {
    template?: { spec?: PodSpecLike };
    jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } };
  };
}
interface PodSpecLike {
  containers?: Array<{ name: string; image?: string }>;
  initContainers?: Array<{ name: string; image?: string }>;
}

export type JsonPatchOp =
  { op: 'test'; path: string; value: unknown } | { op: 'replace'; path: string; value: unknown };

export function setImagePatch(
  kind: ImageFixKind,
  workload: PodTemplateHolder,
  container: string,
  image: string,
  seenResourceVersion?: string,
): JsonPatchOp[] {
  const base = kind === 'CronJob' ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
  const spec =
    kind === 'CronJob'
      ? workload.spec?.jobTemplate?.spec?.template?.spec
      : workload.spec?.template?.spec;
  const lists = [
    ['containers', spec?.containers ?? []],
    ['initContainers', spec?.initContainers ?? []],
  ] as const;
  for (const [list, items] of lists) {
    const index = items.findIndex((item) => item.name === container);
    if (index < 0) continue;
    return [
      {
        op: 'test',
        path: '/metadata/resourceVersion',
        value: seenResourceVersion ?? workload.metadata?.resourceVersion,
      },
      { op: 'test', path: `${base}/${list}/${index}/name`, value: container },
      { op: 'replace', path: `${base}/${list}/${index}/image`, value: image },
    ];
  }
  throw new AppError('KUBE_NOT_FOUND', `${kind} has no container named "${container}"`);
}

export const COPIED_FROM = 'pullkey.dev/copied-from';

export function copiedSecret(source: V1Secret, namespace: string): V1Secret {
  const type = source.type ?? '';
  if (type !== 'kubernetes.io/dockerconfigjson' && type !== 'kubernetes.io/dockercfg')
    throw new AppError(
      'INVALID_INPUT',
      `secret ${source.metadata?.name ?? ''} is of type ${type || 'unset'}, not a pull secret`,
    );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: source.metadata?.name,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'pullkey' },
      annotations: {
        [COPIED_FROM]: `${source.metadata?.namespace ?? ''}/${source.metadata?.name ?? ''}`,
      },
    },
    type,
    data: { ...source.data },
  };
}

/**
 * The copy as shown before writing: every entry's host and user (what it hands over, and which
 * the kubelet would use for the failing image), then everything but the data, which is masked.
 */
export function copyPreview(
  secret: V1Secret,
  entries: Array<{ key: string; username: string; matches: boolean }>,
): string {
  const masked = Object.keys(secret.data ?? {})
    .map((key) => `  ${key}: "***" (copied as is)`)
    .join('\n');
  const meta = secret.metadata!;
  return [
    `# The copy hands over ${entries.length} credential${entries.length === 1 ? '' : 's'}:`,
    ...entries.map(
      (entry) =>
        `#   ${entry.key}, user ${entry.username || 'none'}${entry.matches ? ' (the kubelet uses it for the failing image)' : ' (not for the failing image)'}`,
    ),
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${meta.name}`,
    `  namespace: ${meta.namespace}`,
    '  labels:',
    '    app.kubernetes.io/managed-by: pullkey',
    '  annotations:',
    `    ${COPIED_FROM}: ${meta.annotations?.[COPIED_FROM] ?? ''}`,
    `type: ${secret.type}`,
    'data:',
    masked,
    '',
  ].join('\n');
}

/** The JSON patch as shown before writing. */
export function patchPreview(kind: string, name: string, ops: JsonPatchOp[]): string {
  return `# JSON patch of ${kind} ${name}: only the image changes\n${ops
    .map((op) => `- op: ${op.op}\n  path: ${op.path}\n  value: ${JSON.stringify(op.value)}`)
    .join('\n')}\n`;
}
