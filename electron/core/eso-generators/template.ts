/**
 * The ExternalSecret template that turns a generator's `username`/`password` into exactly kubectl's
 * `.dockerconfigjson` (`{"auths":{"<host>":{"username":…,"password":…,"auth":base64(u:p)}}}`,
 * kubectl's field order, compact). ESO's generators never write a docker config themselves: this
 * template is PullKey's, and it is checked before anything is written by rendering it here (the
 * few Go-template actions it uses, with Go's JSON string escaping) and reading the result the way
 * the kubelet does.
 *
 * ESO renders it with engine v2 (Go text/template + sprig): `toJson` is Go's json.Marshal,
 * `b64enc` standard base64, `printf` Go's fmt.
 */
import { DOCKERCONFIGJSON_KEY, DOCKERCONFIGJSON_TYPE } from '../dockerconfig/dockerconfig';
import { kubeletReadSecret, type KubeletSecretVerdict } from '../dockerconfig/kubelet-config';

/** The template's text for one registry key (as `kubectl create secret docker-registry --docker-server`). */
export function dockerConfigTemplate(registryKey: string): string {
  if (registryKey.includes('{{') || registryKey.includes('}}'))
    throw new Error(`registry "${registryKey}" cannot be put in a template`);
  const auth = '{{ printf "%s:%s" .username .password | b64enc | toJson }}';
  return `{"auths":{${goJsonString(registryKey)}:{"username":{{ .username | toJson }},"password":{{ .password | toJson }},"auth":${auth}}}}`;
}

/** Go's json.Marshal of a string: also escapes <, >, & and U+2028/U+2029 (HTML-safe). */
export function goJsonString(value: string): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

type Value = string;
const functions: Record<string, (input: Value) => Value> = {
  toJson: goJsonString,
  b64enc: (input) => Buffer.from(input, 'utf8').toString('base64'),
};

function argument(token: string, data: Record<string, string>): Value {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  const field = /^\.([A-Za-z_]\w*)$/.exec(token)?.[1];
  if (!field) throw new Error(`unsupported template argument ${token}`);
  // Go's text/template prints a missing map key as "<no value>".
  return data[field] ?? '<no value>';
}

function command(text: string, data: Record<string, string>, input: Value | null): Value {
  const tokens = text.trim().match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const [head, ...args] = tokens;
  if (!head) throw new Error('empty template command');
  if (head === 'printf') {
    const values = [...args.map((a) => argument(a, data)), ...(input === null ? [] : [input])];
    const [format = '', ...rest] = values;
    return format.replace(/%s/g, () => rest.shift() ?? '%!s(MISSING)');
  }
  if (head.startsWith('.') || head.startsWith('"')) return argument(head, data);
  const fn = functions[head];
  if (!fn || input === null || args.length)
    throw new Error(`unsupported template command ${text.trim()}`);
  return fn(input);
}

/**
 * Renders the subset of Go templates `dockerConfigTemplate` uses (field access, printf with %s,
 * toJson, b64enc in pipelines) with `data`, as ESO would; throws on anything else.
 */
export function renderTemplate(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{(.*?)\}\}/g, (_, action: string) =>
    action.split('|').reduce<Value | null>((input, part) => command(part, data, input), null)!,
  );
}

/** The secret ESO would write for a generator answer: rendered, then read as the kubelet reads it. */
export function checkRenderedTemplate(
  registryKey: string,
  login: { username: string; password: string },
): { dockerconfigjson: string; verdict: KubeletSecretVerdict; problem: string | null } {
  const dockerconfigjson = renderTemplate(dockerConfigTemplate(registryKey), login);
  const verdict = kubeletReadSecret({
    metadata: { name: 'template-check' },
    type: DOCKERCONFIGJSON_TYPE,
    data: { [DOCKERCONFIGJSON_KEY]: Buffer.from(dockerconfigjson).toString('base64') },
  });
  const entry = !verdict.rejected ? verdict.entries[0] : undefined;
  const problem = verdict.rejected
    ? `the kubelet would reject it: ${verdict.reason}`
    : !entry || verdict.entries.length !== 1
      ? 'the kubelet would find no single registry entry in it'
      : entry.key !== registryKey ||
          entry.username !== login.username ||
          entry.password !== login.password
        ? 'the kubelet would read other credentials than the generator gives'
        : null;
  return { dockerconfigjson, verdict, problem };
}
