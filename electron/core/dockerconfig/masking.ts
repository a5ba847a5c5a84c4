/**
 * Pure: what of a dockerconfigjson secret may be shown. Works on the RAW decoded text, for every
 * secret (not only PullKey's): passwords, `auth`, tokens, unknown entry fields, top-level unknown
 * fields (e.g. HttpHeaders) are masked; annotations come from an allowlist; a label or annotation
 * value that holds a credential is hidden; a malformed config is described without quoting it.
 */
import { describeNotJson, parseJsonDescribed, type ParsedJson } from './go-json';
import { PROJECT_KIND_ANNOTATION } from '../kube/labels';
import { DOCKERCONFIGJSON_KEY } from './dockerconfig';

export const MASK = '••••••••';
export const HIDDEN = 'hidden: may contain credentials';

/** Annotations whose values are shown (unless they hold a credential of this secret). */
export const SHOWN_ANNOTATIONS = new Set([
  PROJECT_KIND_ANNOTATION,
  'field.cattle.io/projectId',
  'field.cattle.io/creatorId',
  'kubernetes.io/description',
  'meta.helm.sh/release-name',
  'meta.helm.sh/release-namespace',
]);

/** Entry fields shown in clear; every other string in an entry is masked. */
const CLEAR_ENTRY_FIELDS = new Set(['username', 'email']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A key named in a message: bounded and free of control characters (keys are registry hosts). */
function keyName(key: string): string {
  const clean = [...key].map((char) => (char < ' ' || char === '\u007f' ? '?' : char)).join('');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 80)}…` : clean);
}

/** "not JSON at byte 37" (or "empty", or "ends early"): says where, never what. */
export function describeJsonFailure(text: string): string {
  return describeNotJson(text, 'the config');
}

/** JSON.parse that never lets the parser's message (which quotes the input) out, and refuses a
 * config nested deeper than the kubelet reads (with the kubelet's reason). */
export function parseJsonSafely(text: string): ParsedJson {
  return parseJsonDescribed(text, 'the config');
}

/** What is wrong with a parsed config, one message per problem, none quoting a value. */
export function configProblems(raw: unknown): string[] {
  if (!isObject(raw)) return [`not a JSON object (it is ${kindOf(raw)})`];
  if (!('auths' in raw)) return [];
  if (!isObject(raw.auths)) return [`"auths" is not an object (it is ${kindOf(raw.auths)})`];
  return Object.entries(raw.auths)
    .filter(([, entry]) => !isObject(entry))
    .map(([key, entry]) => `entry ${keyName(key)} is not an object (it is ${kindOf(entry)})`);
}

/**
 * Levels of a config shown when masked: nothing below is a credential PullKey shows, and a
 * secret nested thousands of levels deep (the kubelet reads up to 10,000) must neither overflow
 * the stack here or in JSON.stringify nor make a pretty-printed text of megabytes.
 */
export const MASKED_DEPTH = 12;
export const TOO_DEEP = '<nested deeper: not shown>';

function maskDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return MASK;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MASKED_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((inner) => maskDeep(inner, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, maskDeep(inner, depth + 1)]),
  );
}

function maskEntry(entry: unknown): unknown {
  if (!isObject(entry)) return `<invalid entry: ${kindOf(entry)}, not an object>`;
  return Object.fromEntries(
    Object.entries(entry).map(([field, value]) => [
      field,
      CLEAR_ENTRY_FIELDS.has(field) && typeof value === 'string' ? value : maskDeep(value, 3),
    ]),
  );
}

/** The parsed config with every string that may be a credential masked. */
export function maskConfigValue(raw: unknown): unknown {
  if (!isObject(raw)) return maskDeep(raw, 0);
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => {
      if (key !== 'auths' || !isObject(value)) return [key, maskDeep(value, 1)];
      return [
        key,
        Object.fromEntries(Object.entries(value).map(([host, entry]) => [host, maskEntry(entry)])),
      ];
    }),
  );
}

/** The decoded config text, masked and pretty-printed, or what is wrong with it. */
export function maskedConfigText(text: string): string {
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) return parsed.problem;
  return JSON.stringify(maskConfigValue(parsed.value), null, 2);
}

/** Every string in `root` at any depth (iterative: a secret may nest 10,000 levels). */
function collectStrings(root: unknown, out: Set<string>, clear?: Set<string>): void {
  const pending: unknown[] = [root];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') out.add(value);
    else if (Array.isArray(value)) for (const inner of value) pending.push(inner);
    else if (isObject(value)) {
      for (const [key, inner] of Object.entries(value)) {
        // `clear` names the fields of `root` shown in clear (an entry's username and email).
        if (value === root && clear?.has(key) && typeof inner === 'string') continue;
        pending.push(inner);
      }
    }
  }
}

/** Every string of the config that is masked when shown (plus the password inside `auth`). */
export function credentialStrings(text: string): string[] {
  const out = new Set<string>();
  const parsed = parseJsonSafely(text);
  if (parsed.ok) {
    const raw = parsed.value;
    if (isObject(raw)) {
      for (const [key, value] of Object.entries(raw)) {
        if (key === 'auths' && isObject(value)) {
          for (const entry of Object.values(value)) {
            collectStrings(entry, out, CLEAR_ENTRY_FIELDS);
            if (isObject(entry) && typeof entry.auth === 'string') {
              const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
              const colon = decoded.indexOf(':');
              if (colon >= 0) out.add(decoded.slice(colon + 1));
            }
          }
        } else collectStrings(value, out);
      }
    } else collectStrings(raw, out);
  } else {
    // Unreadable: every string literal in it may be a credential.
    for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"?/g)) out.add(match[1]!);
  }
  return [...out].filter((value) => value.length >= 4);
}

interface MetadataLike {
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
}

/** True when a metadata value may carry this secret's credentials. */
function holdsCredential(value: string, secrets: string[], data: string[]): boolean {
  if (value.includes('auths') || value.includes(DOCKERCONFIGJSON_KEY)) return true;
  if (data.some((blob) => blob.length >= 8 && value.includes(blob))) return true;
  return secrets.some((secret) => value.includes(secret));
}

/**
 * Labels and annotations safe to show: annotations only from the allowlist, any value that holds
 * a credential of the secret (or the config itself) replaced by HIDDEN.
 */
export function safeMetadata(
  metadata: MetadataLike | undefined,
  encodedData: string,
): { labels?: Record<string, string>; annotations?: Record<string, string> } {
  const text = Buffer.from(encodedData, 'base64').toString('utf8');
  const secrets = credentialStrings(text);
  const data = [encodedData, text];
  const keep = (value: string) => (holdsCredential(value, secrets, data) ? HIDDEN : value);
  const result: { labels?: Record<string, string>; annotations?: Record<string, string> } = {};
  const labels = Object.entries(metadata?.labels ?? {});
  if (labels.length) {
    result.labels = Object.fromEntries(labels.map(([key, value]) => [key, keep(String(value))]));
  }
  const annotations = Object.entries(metadata?.annotations ?? {});
  if (annotations.length) {
    result.annotations = Object.fromEntries(
      annotations.map(([key, value]) => [
        key,
        SHOWN_ANNOTATIONS.has(key) ? keep(String(value)) : HIDDEN,
      ]),
    );
  }
  return result;
}
