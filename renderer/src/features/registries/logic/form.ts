/**
 * The registry form's pure logic: the host an entry is edited under, option lists with object
 * values (no joined keys split later), the login sent to the back end, the create scope, and the
 * check of a picked CA file.
 */
import type {
  ChannelInput,
  NamespaceSummary,
  ProjectSummary,
  RegistryEntryView,
  SavedLogin,
} from '@core/api/contract';
import { configKeyFor, keychainHost } from '@core/oci/hosts';
import { tokenPhrase } from '@core/tokens/phrase';

export const MAX_CA_BYTES = 64 * 1024;

/** A project as the form picks it: kind and id, never a "kind/id" string. */
export type ProjectChoice = Pick<ProjectSummary, 'kind' | 'id'>;

/** The host an entry is edited (and its login saved) under: the core's keychain host. */
export function entryHost(entry: Pick<RegistryEntryView, 'key'>): string {
  return keychainHost(entry.key);
}

export function projectOptions(projects: ProjectSummary[]) {
  return projects.map((project) => ({
    label: `${project.id} (${project.kind === 'rancher' ? 'Rancher' : 'PullKey'}, ${project.namespaces.length} namespaces)`,
    value: { kind: project.kind, id: project.id } satisfies ProjectChoice,
  }));
}

export function savedLoginOptions(logins: SavedLogin[], now: number = Date.now()) {
  return logins.map((login) => ({
    label: `${login.username} @ ${login.host}${login.token ? ` · ${tokenPhrase(login.token, now)}` : ''}`,
    value: { host: login.host, username: login.username } satisfies SavedLogin,
  }));
}

interface LoginFields {
  host: string;
  username: string;
  password: string;
  email: string;
  caPem: string;
  insecure: boolean;
}

/** The login as the contract takes it: empty optional fields left out. */
export function loginPayload(fields: LoginFields): ChannelInput<'registries:verify'> {
  return {
    host: fields.host,
    username: fields.username,
    ...(fields.password ? { password: fields.password } : {}),
    ...(fields.email ? { email: fields.email } : {}),
    ...(fields.caPem.trim() ? { ca: fields.caPem.trim() } : {}),
    ...(fields.insecure ? { insecureSkipVerify: true } : {}),
  };
}

type CreateScope = ChannelInput<'registries:create'>['scope'];

/** The create scope, or null while the chosen namespace or project is missing. */
export function createScope(
  kind: 'namespace' | 'project',
  namespace: string | null,
  project: ProjectChoice | null,
): CreateScope | null {
  if (kind === 'namespace') return namespace ? { kind: 'namespace', namespace } : null;
  return project ? { kind: 'project', project: project.id, projectKind: project.kind } : null;
}

/** A picked CA file's PEM, or why it is not a CA bundle (read here: the main process opens no path). */
export async function readCaFile(
  file: Pick<File, 'name' | 'size' | 'text'>,
): Promise<{ pem: string; error: null } | { pem: null; error: string }> {
  if (file.size > MAX_CA_BYTES) {
    return {
      pem: null,
      error: `${file.name} is larger than ${MAX_CA_BYTES / 1024} KB: not a CA bundle`,
    };
  }
  const text = await file.text();
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    return {
      pem: null,
      error: `${file.name} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    };
  }
  return { pem: text, error: null };
}

/**
 * What the server field will be written as, when that differs from what was typed. kubectl's
 * `--docker-server` writes the string as given ("https://host:5000/" stays so); PullKey drops a
 * trailing "/" and writes Docker Hub as its one key, and says so at the field: never silently.
 */
export function savedAsNote(host: string): string | null {
  const typed = host.trim();
  if (!typed) return null;
  const key = configKeyFor(typed);
  if (key === typed) return null;
  const why = key.endsWith('/v1/') ? "Docker Hub's key" : 'the same registry for the kubelet';
  return `Will be saved as ${key} (${why})`;
}

/**
 * The namespaces a create would write to, split by whether the user may create secrets there
 * (the cluster's access review); forbidden ones are left out by default and named before submit.
 */
export function scopeAccess(
  kind: 'namespace' | 'project',
  namespace: string | null,
  project: ProjectChoice | null,
  namespaces: NamespaceSummary[],
  projects: ProjectSummary[],
): { writable: string[]; forbidden: string[] } {
  const names =
    kind === 'namespace'
      ? namespace
        ? [namespace]
        : []
      : (projects.find((each) => each.kind === project?.kind && each.id === project?.id)
          ?.namespaces ?? []);
  const canCreate = (name: string) =>
    namespaces.find((each) => each.name === name)?.access.secrets.create !== false;
  return {
    writable: names.filter(canCreate),
    forbidden: names.filter((name) => !canCreate(name)),
  };
}
