/**
 * A pull secret read exactly as the kubelet reads it (k8s.io/kubernetes v1.36
 * pkg/credentialprovider config.go and secrets/secrets.go):
 *
 * - only a `kubernetes.io/dockerconfigjson` secret with a non-empty `.dockerconfigjson`, or a
 *   `kubernetes.io/dockercfg` secret with a non-empty `.dockercfg`, is read; others are ignored;
 * - the JSON is decoded with Go's rules: field names match case-insensitively ("Auths",
 *   "USERNAME"), `null` leaves a field unset, any other wrong type is an error;
 * - an entry with a non-empty `auth` takes username and password from it, OVERRIDING the
 *   `username`/`password` fields; `auth` is base64 (padded when it ends in "=", else unpadded;
 *   "\r" and "\n" ignored, any other stray byte an error) of "username:password";
 * - ANY error rejects the whole secret, and then the kubelet fails every image pull of a pod
 *   that lists it (MakeDockerKeyring returns the error), whatever the other secrets hold.
 *
 * Reasons name the entry and the field but never quote the value.
 */
import { DOCKERCONFIGJSON_TYPE } from './dockerconfig';
import { goFieldKey, GoJsonSyntaxError, kindWords, parseGoJson, type GoJson } from './go-json';

export const DOCKERCFG_SECRET_TYPE = 'kubernetes.io/dockercfg';

/** One entry as the kubelet holds it (DockerConfigEntry). */
export interface KubeletEntry {
  /** The config key as written in the secret. */
  key: string;
  username: string;
  password: string;
  email: string;
  /** The entry has `auth`, and it decodes to other credentials than its username/password
   * fields: the kubelet uses the auth ones. */
  staleFields: boolean;
}

export type KubeletConfigVerdict =
  { rejected: false; entries: KubeletEntry[] } | { rejected: true; reason: string };

/** What the kubelet does with one pull secret of a pod. */
export type KubeletSecretVerdict =
  | { secret: string; rejected: false; ignored: string | null; entries: KubeletEntry[] }
  | { secret: string; rejected: true; reason: string };

/** The secret fields the kubelet looks at (a V1Secret fits). */
export interface SecretInput {
  metadata?: { name?: string } | undefined;
  type?: string | undefined;
  /** base64, as the API returns it. */
  data?: Record<string, string> | undefined;
}

class Rejection extends Error {}

const MAX_KEY_SHOWN = 80;
function entryName(key: string): string {
  const shown = key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key;
  return `entry ${JSON.stringify(shown)}`;
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map([...STD].map((char, index) => [char.charCodeAt(0), index]));

/**
 * Go's base64.StdEncoding (padded) or RawStdEncoding (unpadded) DecodeString: "\r" and "\n" are
 * skipped, anything else outside the alphabet is an error at its byte offset. Not strict: unused
 * trailing bits are ignored.
 */
export function goBase64Decode(
  text: string,
  padded: boolean,
): { bytes: Uint8Array } | { errorAt: number } {
  const src = new TextEncoder().encode(text);
  const out: number[] = [];
  let si = 0;
  const isNewline = (byte: number | undefined) => byte === 0x0a || byte === 0x0d;
  for (;;) {
    const quantum: number[] = [];
    let length = 4;
    let trailingError: number | null = null;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { bytes: Uint8Array.from(out) };
        if (j === 1 || padded) return { errorAt: si - j };
        length = j;
        break;
      }
      const byte = src[si]!;
      si++;
      const sextet = DECODE.get(byte);
      if (sextet !== undefined) {
        quantum[j] = sextet;
        continue;
      }
      if (isNewline(byte)) {
        j--;
        continue;
      }
      if (!padded || byte !== 0x3d) return { errorAt: si - 1 };
      if (j === 0 || j === 1) return { errorAt: si - 1 };
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return { errorAt: src.length };
        if (src[si] !== 0x3d) return { errorAt: si - 1 };
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailingError = si;
      length = j;
      break;
    }
    const [a = 0, b = 0, c = 0, d = 0] = quantum;
    const value = (a << 18) | (b << 12) | (c << 6) | d;
    const decoded = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
    out.push(...decoded.slice(0, length - 1));
    if (trailingError !== null) return { errorAt: trailingError };
    if (length < 4) return { bytes: Uint8Array.from(out) };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** decodeDockerConfigFieldAuth: base64(username:password), split at the first ":". */
export function decodeAuthField(
  field: string,
): { username: string; password: string } | { error: string } {
  // strings.TrimSpace (unicode.IsSpace: not U+FEFF, which JavaScript's trim() also strips).
  const padded = field
    .replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/, '')
    .endsWith('=');
  const decoded = goBase64Decode(field, padded);
  if ('errorAt' in decoded)
    return { error: `auth is not valid base64 (at byte ${decoded.errorAt})` };
  const colon = decoded.bytes.indexOf(0x3a);
  if (colon < 0) return { error: 'auth has no ":" between username and password' };
  return {
    username: utf8.decode(decoded.bytes.subarray(0, colon)),
    password: utf8.decode(decoded.bytes.subarray(colon + 1)),
  };
}

const ENTRY_FIELDS = ['username', 'password', 'email', 'auth'] as const;

/** DockerConfigEntry.UnmarshalJSON. */
function decodeEntry(key: string, value: GoJson): KubeletEntry {
  const fields: Record<(typeof ENTRY_FIELDS)[number], string> = {
    username: '',
    password: '',
    email: '',
    auth: '',
  };
  if (value.kind !== 'object' && value.kind !== 'null') {
    throw new Rejection(`${entryName(key)} is ${kindWords(value)}, not an object`);
  }
  let typeError: string | null = null;
  for (const [name, field] of value.kind === 'object' ? value.members : []) {
    const folded = goFieldKey(name) as (typeof ENTRY_FIELDS)[number];
    if (!ENTRY_FIELDS.includes(folded) || field.kind === 'null') continue;
    if (field.kind !== 'string') {
      // Go keeps decoding after a type error but reports the first one.
      typeError ??= `${entryName(key)}: ${folded} is ${kindWords(field)}, not a string`;
      continue;
    }
    fields[folded] = field.value;
  }
  if (typeError) throw new Rejection(typeError);
  const entry: KubeletEntry = {
    key,
    username: fields.username,
    password: fields.password,
    email: fields.email,
    staleFields: false,
  };
  if (fields.auth.length === 0) return entry;
  const auth = decodeAuthField(fields.auth);
  if ('error' in auth) throw new Rejection(`${entryName(key)}: ${auth.error}`);
  entry.staleFields =
    (fields.username !== '' || fields.password !== '') &&
    (fields.username !== auth.username || fields.password !== auth.password);
  entry.username = auth.username;
  entry.password = auth.password;
  return entry;
}

/** json.Unmarshal into DockerConfig (a map of entries); `where` names it in reasons. */
function decodeAuths(value: GoJson, entries: Map<string, KubeletEntry>, where: string) {
  if (value.kind === 'null') return false;
  if (value.kind !== 'object')
    throw new Rejection(`${where} is ${kindWords(value)}, not an object`);
  for (const [key, item] of value.members) entries.set(key, decodeEntry(key, item));
  return true;
}

/**
 * The credentials the kubelet reads from a config's bytes, or why it rejects them.
 * `format`: "dockerconfigjson" is `{"auths": {...}}` (DockerConfigJSON), "dockercfg" the legacy
 * map of entries. This is also the parse-with-reasons function for anything that must explain
 * why a config cannot be read without quoting it.
 */
export function readKubeletConfig(
  bytes: Uint8Array | string,
  format: 'dockerconfigjson' | 'dockercfg' = 'dockerconfigjson',
): KubeletConfigVerdict {
  try {
    let root: GoJson;
    try {
      root = parseGoJson(bytes);
    } catch (error) {
      if (error instanceof GoJsonSyntaxError) throw new Rejection(error.message);
      throw error;
    }
    const entries = new Map<string, KubeletEntry>();
    if (format === 'dockercfg') {
      decodeAuths(root, entries, 'the config');
    } else {
      if (root.kind !== 'object' && root.kind !== 'null') {
        throw new Rejection(`the config is ${kindWords(root)}, not an object`);
      }
      for (const [name, value] of root.kind === 'object' ? root.members : []) {
        const field = goFieldKey(name);
        if (field === 'auths') {
          // A later "auths": null empties the map; another "auths" object adds to it.
          if (!decodeAuths(value, entries, '"auths"')) entries.clear();
        } else if (field === 'httpheaders') {
          if (value.kind === 'null') continue;
          if (value.kind !== 'object') {
            throw new Rejection(`"HttpHeaders" is ${kindWords(value)}, not an object`);
          }
          const bad = value.members.find(([, header]) => !['string', 'null'].includes(header.kind));
          if (bad)
            throw new Rejection(
              `"HttpHeaders": a header value is ${kindWords(bad[1])}, not a string`,
            );
        }
      }
    }
    return { rejected: false, entries: [...entries.values()] };
  } catch (error) {
    if (error instanceof Rejection) return { rejected: true, reason: error.message };
    throw error;
  }
}

/** secretsToTrackedDockerConfigs for one secret: read, ignored (and why), or rejected. */
export function kubeletReadSecret(secret: SecretInput): KubeletSecretVerdict {
  const name = secret.metadata?.name ?? '';
  const read = (key: string, format: 'dockerconfigjson' | 'dockercfg'): KubeletSecretVerdict => {
    const encoded = secret.data?.[key];
    if (!encoded) {
      return { secret: name, rejected: false, ignored: `it has no ${key} data`, entries: [] };
    }
    const verdict = readKubeletConfig(Buffer.from(encoded, 'base64'), format);
    return verdict.rejected
      ? { secret: name, rejected: true, reason: verdict.reason }
      : { secret: name, rejected: false, ignored: null, entries: verdict.entries };
  };
  if (secret.type === DOCKERCONFIGJSON_TYPE) return read('.dockerconfigjson', 'dockerconfigjson');
  if (secret.type === DOCKERCFG_SECRET_TYPE) return read('.dockercfg', 'dockercfg');
  return {
    secret: name,
    rejected: false,
    ignored: `its type is ${secret.type ?? 'unset'}, not ${DOCKERCONFIGJSON_TYPE}`,
    entries: [],
  };
}

/** "the kubelet will reject secret X: <reason>" */
export function rejectionMessage(verdict: { secret: string; reason: string }): string {
  return `the kubelet will reject secret ${verdict.secret}: ${verdict.reason}`;
}

/**
 * The pod's imagePullSecrets as the API server admits it: the ServiceAccount admission plugin
 * copies the ServiceAccount's imagePullSecrets only into a pod that names none itself.
 */
export function podPullSecretNames(chosen: string[], serviceAccountSecrets: string[]): string[] {
  return chosen.length > 0 ? [...chosen] : [...serviceAccountSecrets];
}
