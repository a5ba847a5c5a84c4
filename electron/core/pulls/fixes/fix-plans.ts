/**
 * Pure: the writes of the Pull doctor's fixes, built so they touch one thing only.
 * - "Set image to …": a JSON patch that tests the resourceVersion the user saw and the
 *   container's name at its index, then replaces that container's image — nothing else.
 * - "Copy the missing secret from another namespace": under the same name, only the entries the
 *   kubelet uses for the failing image, marked as PullKey's, with where it came from.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { ParsedInput } from '../../api/contract';
import { AppError } from '../../api/errors';
import {
  DOCKERCONFIGJSON_KEY,
  DOCKERCONFIGJSON_TYPE,
  entryFor,
  type DockerConfig,
} from '../../dockerconfig/dockerconfig';
import { DOCKERCFG_SECRET_TYPE, type KubeletEntry } from '../../dockerconfig/kubelet-config';
import { registrySecret, type RegistrySecret } from '../../dockerconfig/secret-manifest';

/** The kinds whose image fix 4 sets: the contract's. */
export type ImageFixKind = ParsedInput<'pulls:set-image'>['kind'];

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

type CopyEntry = { key: string; username: string; matches: boolean };

/**
 * The copy: a kubernetes.io/dockerconfigjson secret in kubectl's form, labelled as PullKey's
 * writes are, holding only `used` (the entries the kubelet uses for the failing images), never
 * the source's other entries.
 */
export function copiedSecret(
  source: V1Secret,
  namespace: string,
  used: KubeletEntry[],
): RegistrySecret {
  const type = source.type ?? '';
  if (type !== DOCKERCONFIGJSON_TYPE && type !== DOCKERCFG_SECRET_TYPE)
    throw new AppError(
      'INVALID_INPUT',
      `secret ${source.metadata?.name ?? ''} is of type ${type || 'unset'}, not a pull secret`,
    );
  const config: DockerConfig = {
    auths: Object.fromEntries(
      used.map((entry) => [
        entry.key,
        entryFor({ username: entry.username, password: entry.password, email: entry.email }),
      ]),
    ),
  };
  const name = source.metadata?.name ?? '';
  const secret = registrySecret(name, namespace, { kind: 'namespace', namespace }, config);
  secret.metadata.annotations = {
    [COPIED_FROM]: `${source.metadata?.namespace ?? ''}/${source.metadata?.name ?? ''}`,
  };
  return secret;
}

const inWords = (entries: CopyEntry[]) =>
  entries.map((entry) => `${entry.key} (user ${entry.username || 'none'})`).join(', ');

/**
 * The copy as shown before writing: which of the source's entries it copies (those the kubelet
 * uses for the failing image) and which stay behind, then everything but the data, masked.
 */
export function copyPreview(secret: RegistrySecret, entries: CopyEntry[]): string {
  const copied = entries.filter((entry) => entry.matches);
  const left = entries.filter((entry) => !entry.matches);
  const meta = secret.metadata;
  return [
    `# Copies ${copied.length} of ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}: only those the kubelet uses for the failing image${left.length ? `; ${inWords(left)} stay${left.length === 1 ? 's' : ''} behind` : ''}.`,
    '# The copy hands over:',
    ...copied.map((entry) => `#   ${entry.key}, user ${entry.username || 'none'}`),
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${meta.name}`,
    `  namespace: ${meta.namespace}`,
    '  labels:',
    ...Object.entries(meta.labels).map(([key, value]) => `    ${key}: ${value}`),
    '  annotations:',
    `    ${COPIED_FROM}: ${meta.annotations?.[COPIED_FROM] ?? ''}`,
    `type: ${secret.type}`,
    'data:',
    `  ${DOCKERCONFIGJSON_KEY}: "***" (${copied.length === 1 ? 'that entry' : 'those entries'}, in kubectl's form)`,
    '',
  ].join('\n');
}

/** The JSON patch as shown before writing. */
export function patchPreview(kind: string, name: string, ops: JsonPatchOp[]): string {
  return `# JSON patch of ${kind} ${name}: only the image changes\n${ops
    .map((op) => `- op: ${op.op}\n  path: ${op.path}\n  value: ${JSON.stringify(op.value)}`)
    .join('\n')}\n`;
}
