/**
 * The `.dockerconfigjson` of a kubernetes.io/dockerconfigjson secret: build it exactly like
 * `kubectl create secret docker-registry`, read it tolerantly (entries with only `auth`,
 * passwords with ":" or non-ASCII), and merge an entry while keeping everything else.
 */
import { GoJsonSyntaxError, parseGoJson } from './go-json';
import { canonicalRegistry } from '../oci/hosts';
import { stringifyJson } from './json-text';

/** The secret type and data key of a docker-registry secret (`kubectl create secret docker-registry`). */
export const DOCKERCONFIGJSON_TYPE = 'kubernetes.io/dockerconfigjson';
export const DOCKERCONFIGJSON_KEY = '.dockerconfigjson';

export interface RegistryLogin {
  username: string;
  password: string;
  email?: string | undefined;
}

/** One entry as stored: kubectl's field order, unknown fields kept when merging. */
export type DockerConfigEntry = Record<string, unknown> & {
  username?: string;
  password?: string;
  email?: string;
  auth?: string;
};

export type DockerConfig = Record<string, unknown> & { auths: Record<string, DockerConfigEntry> };

export interface ParsedEntry {
  key: string;
  registry: string;
  username: string;
  password: string;
  email: string | null;
}

export class DockerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerConfigError';
  }
}

const encodeBase64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const decodeBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

/** kubectl's entry: {username, password, email?, auth: base64(username:password)}. */
export function entryFor(login: RegistryLogin): DockerConfigEntry {
  return {
    username: login.username,
    password: login.password,
    ...(login.email ? { email: login.email } : {}),
    auth: encodeBase64(`${login.username}:${login.password}`),
  };
}

export function buildDockerConfig(key: string, login: RegistryLogin): DockerConfig {
  return { auths: { [key]: entryFor(login) } };
}

/** Parses the JSON text (or the legacy `.dockercfg` map without "auths"). */
export function parseDockerConfig(text: string): DockerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text (a password, here): say only where it broke.
    try {
      parseGoJson(text);
    } catch (syntax) {
      if (syntax instanceof GoJsonSyntaxError) throw new DockerConfigError(syntax.message);
    }
    throw new DockerConfigError('not JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DockerConfigError('not a JSON object');
  }
  const object = raw as Record<string, unknown>;
  const auths = object.auths;
  if (auths === undefined) return { auths: {} };
  if (!auths || typeof auths !== 'object' || Array.isArray(auths)) {
    throw new DockerConfigError('"auths" is not an object');
  }
  return object as DockerConfig;
}

/** Username and password of an entry, from its fields or else from `auth`. */
export function readEntry(key: string, entry: DockerConfigEntry): ParsedEntry {
  let username = typeof entry.username === 'string' ? entry.username : '';
  let password = typeof entry.password === 'string' ? entry.password : '';
  if ((!username || !password) && typeof entry.auth === 'string' && entry.auth) {
    const decoded = decodeBase64(entry.auth);
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      username ||= decoded.slice(0, colon);
      password ||= decoded.slice(colon + 1);
    }
  }
  return {
    key,
    registry: canonicalRegistry(key),
    username,
    password,
    email: typeof entry.email === 'string' && entry.email ? entry.email : null,
  };
}

export function entriesOf(config: DockerConfig): ParsedEntry[] {
  return Object.entries(config.auths).map(([key, entry]) => readEntry(key, entry ?? {}));
}

/**
 * Sets the login for `key`, replacing an entry for the same registry under another spelling
 * (e.g. docker.io vs https://index.docker.io/v1/) and keeping every other entry and field.
 */
export function mergeDockerConfig(
  config: DockerConfig,
  key: string,
  login: RegistryLogin,
): DockerConfig {
  const target = canonicalRegistry(key);
  const existingKey = Object.keys(config.auths).find(
    (candidate) => canonicalRegistry(candidate) === target,
  );
  const found: unknown = existingKey ? config.auths[existingKey] : undefined;
  // A malformed entry (a string, a number, null) has no fields to keep: spreading a string
  // would write each of its characters as a field.
  const previous: DockerConfigEntry =
    found && typeof found === 'object' && !Array.isArray(found) ? (found as DockerConfigEntry) : {};
  const { username: _u, password: _p, email: previousEmail, auth: _a, ...unknownFields } = previous;
  const entry: DockerConfigEntry = {
    ...entryFor({
      ...login,
      email: login.email ?? (typeof previousEmail === 'string' ? previousEmail : undefined),
    }),
    ...unknownFields,
  };
  const auths: Record<string, DockerConfigEntry> = {};
  for (const [candidate, value] of Object.entries(config.auths)) {
    auths[candidate === existingKey ? key : candidate] = candidate === existingKey ? entry : value;
  }
  if (!existingKey) auths[key] = entry;
  return { ...config, auths };
}

/** The config's text; unknown fields may nest deeper than JSON.stringify can go. */
export function serializeDockerConfig(config: DockerConfig): string {
  return stringifyJson(config);
}

/** A copy safe to show: passwords and auth replaced by a mask. */
export function maskDockerConfig(config: DockerConfig, mask = '••••••••'): DockerConfig {
  const auths: Record<string, DockerConfigEntry> = {};
  for (const [key, entry] of Object.entries(config.auths)) {
    auths[key] = {
      ...entry,
      ...(entry.password !== undefined ? { password: mask } : {}),
      ...(entry.auth !== undefined ? { auth: mask } : {}),
    };
  }
  return { ...config, auths };
}
