/**
 * Pure: credentials masked in a free text quoted into "Copy diagnostics" (kubelet and event
 * messages, which quote what registries, proxies and plugins said). It masks by shape, so it
 * errs towards masking: the userinfo of a URL of any scheme (socks5://user:pass@host), an HTTP
 * Basic or Bearer credential, and the value of a credential-named key, in JSON (nested, escaped
 * or not), YAML or key=value form — a whole object or array when that is the value.
 */
export const MASKED = '***';

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)@/gi;
const HTTP_AUTH = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
/** A credential-named key, quoted (also as \" inside an escaped JSON string) or bare, then : or =. */
const KEY =
  /(?:\\?["'])?\b(?:[a-z0-9]+[_-])*(?:password|passwd|pwd|secret|token|auth|identitytoken|registrytoken|accesstoken|refreshtoken|apikey|api[_-]key|credentials?)\b(?:\\?["'])?\s*[:=]\s*/gi;

/** Where a JSON object or array opening at `start` ends (after its closing bracket). */
function endOfStructure(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return text.length;
}

/** Where the value starting at `start` ends, and how it is written back masked. */
function maskedValue(text: string, start: number): { end: number; shown: string } {
  const char = text[start];
  if (char === '{' || char === '[') return { end: endOfStructure(text, start), shown: MASKED };
  if (text.startsWith('\\"', start)) {
    const close = text.indexOf('\\"', start + 2);
    return { end: close < 0 ? text.length : close + 2, shown: `\\"${MASKED}\\"` };
  }
  if (char === '"' || char === "'") {
    let index = start + 1;
    while (index < text.length && text[index] !== char) index += text[index] === '\\' ? 2 : 1;
    return { end: Math.min(index + 1, text.length), shown: `${char}${MASKED}${char}` };
  }
  const bare = /[^\s,;&}\]"'|]*/y;
  bare.lastIndex = start;
  bare.exec(text);
  return { end: bare.lastIndex, shown: MASKED };
}

function maskKeyValues(text: string): string {
  let out = '';
  let copied = 0;
  KEY.lastIndex = 0;
  for (let match = KEY.exec(text); match; match = KEY.exec(text)) {
    const valueAt = match.index + match[0].length;
    const { end, shown } = maskedValue(text, valueAt);
    out += text.slice(copied, valueAt) + shown;
    copied = end;
    KEY.lastIndex = Math.max(end, valueAt + 1);
  }
  return out + text.slice(copied);
}

/** `text` with every credential-shaped part masked. */
export function maskCredentials(text: string): string {
  const withoutUrls = text.replace(
    URL_USERINFO,
    (_all, scheme: string, userinfo: string) =>
      `${scheme}${userinfo.includes(':') ? `${MASKED}:${MASKED}` : MASKED}@`,
  );
  return maskKeyValues(withoutUrls.replace(HTTP_AUTH, `$1 ${MASKED}`));
}
