/**
 * The deploy form's draft and what it means, as pure functions: ports, environment, image, name,
 * the workload input the preflight and the launch send, the default namespace, tag replacement.
 */
import type { NamespaceSummary } from '@core/api/contract';
import { dns1123Label, ENV_NAME } from '@core/api/validation';
import type { WorkloadInput } from '@core/deploy/manifest';
import { parseImageReference, type ImageReference } from '@core/oci/reference';
import { messageOf } from '../../../errors';

export interface DeployDraft {
  kind: 'Deployment' | 'Pod';
  name: string;
  namespace: string | null;
  image: string;
  replicas: number;
  /** null: the cluster's default (IfNotPresent for tagged images). */
  pullPolicy: 'Always' | 'IfNotPresent' | null;
  ports: string;
  env: string;
  pullSecrets: string[];
  /** The user changed the pull secrets by hand: suggestions no longer overwrite them. */
  manualSecrets: boolean;
  update: boolean;
}

export const emptyDraft = (): DeployDraft => ({
  kind: 'Deployment',
  name: '',
  namespace: null,
  image: '',
  replicas: 1,
  pullPolicy: null,
  ports: '',
  env: '',
  pullSecrets: [],
  manualSecrets: false,
  update: false,
});

/** The name's DNS-1123 error, or null (an empty name is not an error yet). */
export function nameError(name: string): string | null {
  if (!name) return null;
  const result = dns1123Label.safeParse(name);
  return result.success ? null : (result.error.issues[0]?.message ?? null);
}

interface ParsedImage {
  reference: ImageReference | null;
  error: string | null;
}

export function parseImage(image: string): ParsedImage {
  if (!image.trim()) return { reference: null, error: null };
  try {
    return { reference: parseImageReference(image.trim()), error: null };
  } catch (error) {
    return { reference: null, error: messageOf(error) };
  }
}

interface ParsedPorts {
  ports: Array<{ containerPort: number }>;
  error: string | null;
}

/** "8080, 9090" (commas or spaces) into container ports 1-65535. */
export function parsePorts(text: string): ParsedPorts {
  const values = text.split(/[\s,]+/).filter(Boolean);
  const ports = values.map(Number);
  const bad = values.find(
    (_, index) => !Number.isInteger(ports[index]) || ports[index]! < 1 || ports[index]! > 65535,
  );
  return {
    ports: ports.map((containerPort) => ({ containerPort })),
    error: bad ? `"${bad}" is not a port (1-65535)` : null,
  };
}

interface ParsedEnv {
  env: Array<{ name: string; value: string }>;
  error: string | null;
}

/** One NAME=value per line (blank lines ignored); the first bad line is the error. */
export function parseEnv(text: string): ParsedEnv {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const env: ParsedEnv['env'] = [];
  for (const line of lines) {
    const equals = line.indexOf('=');
    const name = equals > 0 ? line.slice(0, equals) : '';
    if (!ENV_NAME.test(name)) return { env, error: `"${line}" is not NAME=value` };
    env.push({ name, value: line.slice(equals + 1) });
  }
  return { env, error: null };
}

interface DraftMeaning {
  nameError: string | null;
  image: ParsedImage;
  ports: ParsedPorts;
  env: ParsedEnv;
  /** What preflight and launch send; null while the draft is incomplete or invalid. */
  workload: WorkloadInput | null;
}

export function interpretDraft(draft: DeployDraft): DraftMeaning {
  const meaning = {
    nameError: nameError(draft.name),
    image: parseImage(draft.image),
    ports: parsePorts(draft.ports),
    env: parseEnv(draft.env),
  };
  return { ...meaning, workload: workloadOf(draft, meaning) };
}

function workloadOf(
  draft: DeployDraft,
  { nameError, image, ports, env }: Omit<DraftMeaning, 'workload'>,
): WorkloadInput | null {
  if (!draft.name || nameError || !draft.namespace || !image.reference || ports.error || env.error)
    return null;
  return {
    kind: draft.kind,
    name: draft.name,
    namespace: draft.namespace,
    image: draft.image.trim(),
    ...(draft.kind === 'Deployment' ? { replicas: draft.replicas } : {}),
    ...(ports.ports.length ? { ports: ports.ports } : {}),
    ...(env.env.length ? { env: env.env } : {}),
    pullSecrets: draft.pullSecrets,
    ...(draft.pullPolicy ? { imagePullPolicy: draft.pullPolicy } : {}),
  };
}

/**
 * The namespace the draft should use when its own is not in `list`: the first where the user may
 * create deployments, else the first; unchanged (returns `current`) when it is in the list.
 */
export function defaultNamespace(
  current: string | null,
  list: Array<Pick<NamespaceSummary, 'name' | 'access'>>,
): string | null {
  if (list.some((ns) => ns.name === current)) return current;
  return list.find((ns) => ns.access.deployments.create)?.name ?? list[0]?.name ?? null;
}

/** The image with its tag (or digest) replaced by `tag`. */
export function imageWithTag(image: string, tag: string): string {
  const base = image
    .trim()
    .replace(/@.*$/, '')
    .replace(/:[^:/]+$/, '');
  return `${base}:${tag}`;
}

/** Namespace options grouped by project (Rancher's, else PullKey's, else "No project"). */
export function namespaceGroups(
  list: Array<Pick<NamespaceSummary, 'name' | 'projects'>>,
): Array<{ label: string; items: Array<{ label: string; value: string }> }> {
  const groups = new Map<string, string[]>();
  for (const ns of list) {
    const project = ns.projects.rancher ?? ns.projects.pullkey ?? 'No project';
    groups.set(project, [...(groups.get(project) ?? []), ns.name]);
  }
  return [...groups.entries()].map(([label, items]) => ({
    label,
    items: items.map((name) => ({ label: name, value: name })),
  }));
}
