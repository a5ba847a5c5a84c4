/**
 * Pure: diagnosis 9's fix — a pull secret the kubelet rejects, rewritten so the kubelet reads it,
 * keeping every credential that can be read. Entries are read the way the kubelet reads them (a
 * decodable `auth` wins over username/password), with a fallback to the username/password fields
 * when `auth` is what is broken; an entry with nothing readable is dropped and named. The result
 * is written in kubectl's form (username, password, email, auth) and checked with the kubelet's
 * own reading before it is offered. Reasons and the preview never quote a credential.
 */
import { AppError } from '../../api/errors';
import {
  DOCKERCONFIGJSON_KEY,
  DOCKERCONFIGJSON_TYPE,
  entryFor,
} from '../../dockerconfig/dockerconfig';
import {
  goFieldKey,
  GoJsonSyntaxError,
  kindWords,
  parseGoJson,
  type GoJson,
} from '../../dockerconfig/go-json';
import { plainFromGoJson, stringifyJson } from '../../dockerconfig/json-text';
import {
  decodeAuthField,
  DOCKERCFG_SECRET_TYPE,
  kubeletReadSecret,
  readKubeletConfig,
  type SecretInput,
} from '../../dockerconfig/kubelet-config';

export interface RewritePlan {
  secret: string;
  /** Why the kubelet rejects the secret today (names the entry and field). */
  reason: string;
  dataKey: typeof DOCKERCONFIGJSON_KEY | '.dockercfg';
  kept: Array<{ key: string; username: string; note: string | null }>;
  dropped: string[];
  /** The new config (holds credentials: never shown, never logged). */
  text: string;
  /** The new config with every password and auth masked, and what changed. */
  preview: string;
}

const MASK = '••••••••';
const ENTRY_FIELDS = new Set(['username', 'password', 'email', 'auth']);

/** A key named in a reason: bounded, no control characters. */
function keyName(key: string): string {
  const clean = [...key].map((char) => (char < ' ' || char === '\u007f' ? '?' : char)).join('');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 80)}…` : clean);
}

interface EntryOutcome {
  entry: Record<string, unknown> | null;
  username: string;
  note: string | null;
  dropped: string | null;
}

/** One entry, read for the rewrite: the kubelet's credentials, else what the fields hold. */
function rewriteEntry(key: string, value: GoJson): EntryOutcome {
  const none = (why: string): EntryOutcome => ({
    entry: null,
    username: '',
    note: null,
    dropped: `entry ${keyName(key)} dropped: ${why}`,
  });
  if (value.kind === 'null') return none('it is null (no credentials)');
  if (value.kind !== 'object') return none(`it is ${kindWords(value)}, not an object`);
  const fields: Record<string, string> = {};
  const unknown: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [name, field] of value.members) {
    const folded = goFieldKey(name);
    if (!ENTRY_FIELDS.has(folded)) {
      unknown[name] = plainFromGoJson(field);
      continue;
    }
    if (field.kind === 'null') continue;
    if (field.kind !== 'string') {
      notes.push(`${folded} was ${kindWords(field)} and is dropped`);
      continue;
    }
    fields[folded] = field.value;
  }
  let username = fields.username ?? '';
  let password = fields.password ?? '';
  if (fields.auth) {
    const auth = decodeAuthField(fields.auth);
    if ('error' in auth) {
      if (!username && !password) return none(`${auth.error}, and it has no username/password`);
      notes.push(`${auth.error}: rebuilt from its username/password`);
    } else {
      if ((username || password) && (username !== auth.username || password !== auth.password))
        notes.push('its username/password differed from auth: kept auth (what the kubelet reads)');
      username = auth.username;
      password = auth.password;
    }
  }
  if (!username && !password) return none('it holds no username or password');
  return {
    entry: {
      ...entryFor({ username, password, email: fields.email || undefined }),
      ...unknown,
    },
    username,
    note: notes.length ? notes.join('; ') : null,
    dropped: null,
  };
}

/** The plan to rewrite a secret the kubelet rejects; an error says why none can be made. */
export function planRewrite(secret: SecretInput): RewritePlan {
  const name = secret.metadata?.name ?? '';
  const verdict = kubeletReadSecret(secret);
  if (!verdict.rejected)
    throw new AppError(
      'INVALID_INPUT',
      `The kubelet reads secret "${name}" as it is: there is nothing to rewrite`,
    );
  const legacy = secret.type === DOCKERCFG_SECRET_TYPE;
  const dataKey = legacy ? '.dockercfg' : DOCKERCONFIGJSON_KEY;
  let root: GoJson;
  try {
    root = parseGoJson(Buffer.from(secret.data?.[dataKey] ?? '', 'base64'));
  } catch (error) {
    const where = error instanceof GoJsonSyntaxError ? error.message : 'not JSON';
    throw new AppError(
      'SECRET_INVALID',
      `Secret "${name}" is ${where}: no credential can be read from it, so PullKey cannot rewrite it. Replace it by editing the registry with its password.`,
    );
  }
  const kept: RewritePlan['kept'] = [];
  const dropped: string[] = [];
  const auths = new Map<string, Record<string, unknown>>();
  const readEntries = (members: Array<[string, GoJson]>) => {
    for (const [key, value] of members) {
      const outcome = rewriteEntry(key, value);
      if (outcome.dropped) dropped.push(outcome.dropped);
      if (!outcome.entry) continue;
      // Go decodes every duplicate key, the last one wins.
      const at = kept.findIndex((item) => item.key === key);
      if (at >= 0) kept.splice(at, 1);
      auths.set(key, outcome.entry);
      kept.push({ key, username: outcome.username, note: outcome.note });
    }
  };
  const others: Record<string, unknown> = {};
  if (legacy) {
    if (root.kind === 'object') readEntries(root.members);
    else dropped.push(`the config was ${kindWords(root)}, not an object`);
  } else if (root.kind === 'object') {
    for (const [field, value] of root.members) {
      const folded = goFieldKey(field);
      if (folded === 'auths') {
        if (value.kind === 'object') readEntries(value.members);
        else if (value.kind !== 'null')
          dropped.push(`"auths" was ${kindWords(value)}, not an object`);
      } else if (folded === 'httpheaders') {
        const valid =
          value.kind === 'object' &&
          value.members.every(([, header]) => header.kind === 'string' || header.kind === 'null');
        if (valid) others[field] = plainFromGoJson(value);
        else if (value.kind !== 'null')
          dropped.push(`"HttpHeaders" dropped: not an object of strings`);
      } else others[field] = plainFromGoJson(value);
    }
  } else dropped.push(`the config was ${kindWords(root)}, not an object`);
  if (!kept.length)
    throw new AppError(
      'SECRET_INVALID',
      `Secret "${name}" holds no readable credential (${dropped.join('; ') || 'no entries'}): PullKey cannot rewrite it. Replace it by editing the registry with its password.`,
    );
  const entries = Object.fromEntries(auths);
  const config = legacy ? entries : { ...others, auths: entries };
  const text = stringifyJson(config);
  const check = readKubeletConfig(text, legacy ? 'dockercfg' : 'dockerconfigjson');
  if (check.rejected)
    throw new AppError(
      'INTERNAL',
      `The rewrite of secret "${name}" would still be rejected by the kubelet (${check.reason}): nothing was written`,
    );
  return {
    secret: name,
    reason: verdict.reason,
    dataKey,
    kept,
    dropped,
    text,
    preview: rewritePreview(name, secret.type ?? DOCKERCONFIGJSON_TYPE, dataKey, config, {
      reason: verdict.reason,
      kept,
      dropped,
    }),
  };
}

function maskedEntry(entry: unknown): unknown {
  if (!entry || typeof entry !== 'object') return entry;
  return Object.fromEntries(
    Object.entries(entry).map(([field, value]) => [
      field,
      field === 'username' || field === 'email' ? value : MASK,
    ]),
  );
}

function rewritePreview(
  name: string,
  type: string,
  dataKey: string,
  config: Record<string, unknown>,
  what: { reason: string; kept: RewritePlan['kept']; dropped: string[] },
): string {
  const auths = (dataKey === DOCKERCONFIGJSON_KEY ? config.auths : config) as Record<
    string,
    unknown
  >;
  const masked = Object.fromEntries(
    Object.entries(auths).map(([key, entry]) => [key, maskedEntry(entry)]),
  );
  const shown =
    dataKey === DOCKERCONFIGJSON_KEY
      ? {
          ...Object.fromEntries(
            Object.entries(config)
              .filter(([key]) => key !== 'auths')
              .map(([key]) => [key, MASK]),
          ),
          auths: masked,
        }
      : masked;
  return [
    `# Secret ${name} (${type}): only ${dataKey} changes, written with the resourceVersion you saw`,
    `# The kubelet rejects it today: ${what.reason}`,
    ...what.kept.map(
      (item) =>
        `# kept ${keyName(item.key)} (user ${item.username})${item.note ? `: ${item.note}` : ''}`,
    ),
    ...what.dropped.map((line) => `# ${line}`),
    `${dataKey}: ${JSON.stringify(shown, null, 2)}`,
    '',
  ].join('\n');
}
