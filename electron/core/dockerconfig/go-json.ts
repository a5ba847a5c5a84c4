/**
 * JSON read the way Go's encoding/json reads it, for predicting the kubelet: the same syntax
 * check (RFC 8259, nothing more), the error position as Go's SyntaxError.Offset (bytes read when
 * the error was found), every object member kept in order (duplicates included, since Go decodes
 * each of them), and strings unquoted like Go (a lone surrogate escape becomes U+FFFD).
 *
 * Errors never quote the input: a secret's bytes may hold a password.
 */
export type GoJson =
  | { kind: 'object'; members: Array<[string, GoJson]> }
  | { kind: 'array'; items: GoJson[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };

/** encoding/json's maxNestingDepth: the scanner refuses the 10,001st open object or array. */
const GO_MAX_NESTING_DEPTH = 10_000;

type Container =
  | { kind: 'object'; members: Array<[string, GoJson]>; key: string }
  | { kind: 'array'; items: GoJson[] };

export class GoJsonSyntaxError extends Error {
  /** Go's SyntaxError.Offset: bytes read when the error was found. */
  readonly offset: number;
  /** The input ended before the value did (Go's "unexpected end of JSON input"). */
  readonly atEnd: boolean;
  /** 'depth': nested deeper than Go's limit (Go's "exceeded max depth"). */
  readonly problem: 'syntax' | 'depth';
  constructor(offset: number, atEnd = false, problem: 'syntax' | 'depth' = 'syntax') {
    super(
      problem === 'depth'
        ? `nested more than ${GO_MAX_NESTING_DEPTH} levels deep (at byte ${offset})`
        : `not JSON at byte ${offset}`,
    );
    this.name = 'GoJsonSyntaxError';
    this.offset = offset;
    this.atEnd = atEnd;
    this.problem = problem;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Parses `input` (bytes, or text taken as its UTF-8 bytes) with Go's rules. */
export function parseGoJson(input: Uint8Array | string): GoJson {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let at = 0;
  // Go reports the offset after the offending byte, and len(data) at the end of input.
  const fail = (): never => {
    throw new GoJsonSyntaxError(Math.min(at + 1, bytes.length), at >= bytes.length);
  };
  const isSpace = (byte: number | undefined) =>
    byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
  const skipSpace = () => {
    while (isSpace(bytes[at])) at++;
  };
  const literal = (word: string, value: GoJson): GoJson => {
    for (let index = 0; index < word.length; index++) {
      if (bytes[at] !== word.charCodeAt(index)) fail();
      at++;
    }
    return value;
  };
  const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;

  function number(): GoJson {
    const start = at;
    if (bytes[at] === 0x2d) at++;
    if (bytes[at] === 0x30) at++;
    else if (isDigit(bytes[at])) while (isDigit(bytes[at])) at++;
    else fail();
    if (bytes[at] === 0x2e) {
      at++;
      if (!isDigit(bytes[at])) fail();
      while (isDigit(bytes[at])) at++;
    }
    if (bytes[at] === 0x65 || bytes[at] === 0x45) {
      at++;
      if (bytes[at] === 0x2b || bytes[at] === 0x2d) at++;
      if (!isDigit(bytes[at])) fail();
      while (isDigit(bytes[at])) at++;
    }
    return { kind: 'number', text: decoder.decode(bytes.subarray(start, at)) };
  }

  function hex4(): number {
    let value = 0;
    for (let index = 0; index < 4; index++) {
      const byte = bytes[at];
      const digit =
        byte === undefined
          ? -1
          : byte >= 0x30 && byte <= 0x39
            ? byte - 0x30
            : byte >= 0x61 && byte <= 0x66
              ? byte - 0x57
              : byte >= 0x41 && byte <= 0x46
                ? byte - 0x37
                : -1;
      if (digit < 0) fail();
      value = value * 16 + digit;
      at++;
    }
    return value;
  }

  function string(): string {
    at++; // opening quote
    let out = '';
    let runStart = at;
    for (;;) {
      const byte = bytes[at];
      if (byte === undefined) fail();
      if (byte === 0x22) {
        out += decoder.decode(bytes.subarray(runStart, at));
        at++;
        return out;
      }
      if (byte! < 0x20) fail();
      if (byte !== 0x5c) {
        at++;
        continue;
      }
      out += decoder.decode(bytes.subarray(runStart, at));
      at++;
      const escape = bytes[at];
      const simple: Record<number, string> = {
        0x22: '"',
        0x5c: '\\',
        0x2f: '/',
        0x62: '\b',
        0x66: '\f',
        0x6e: '\n',
        0x72: '\r',
        0x74: '\t',
      };
      if (escape !== undefined && simple[escape] !== undefined) {
        out += simple[escape];
        at++;
      } else if (escape === 0x75) {
        at++;
        const unit = hex4();
        if (unit >= 0xd800 && unit < 0xdc00) {
          // A pair only when a \u low surrogate follows; otherwise Go writes U+FFFD.
          if (bytes[at] === 0x5c && bytes[at + 1] === 0x75) {
            const save = at;
            at += 2;
            const low = hex4();
            if (low >= 0xdc00 && low < 0xe000) {
              out += String.fromCharCode(unit, low);
            } else {
              out += '\ufffd';
              at = save;
            }
          } else out += '\ufffd';
        } else if (unit >= 0xdc00 && unit < 0xe000) out += '\ufffd';
        else out += String.fromCharCode(unit);
      } else fail();
      runStart = at;
    }
  }

  // Iterative, with the open objects and arrays on an explicit stack: a secret nested 10,000
  // levels deep (Go's limit, so the kubelet reads it) must not overflow the JS stack.
  const open: Container[] = [];
  /** After "{" or ",": the member's key and its ":" (the value follows). */
  const memberKey = (): string => {
    skipSpace();
    if (bytes[at] !== 0x22) fail();
    const key = string();
    skipSpace();
    if (bytes[at] !== 0x3a) fail();
    at++;
    return key;
  };
  /** An opening "{" or "[" at `at`: Go's scanner refuses the one past its nesting limit. */
  const enter = () => {
    if (open.length >= GO_MAX_NESTING_DEPTH) {
      throw new GoJsonSyntaxError(at + 1, false, 'depth');
    }
    at++;
    skipSpace();
  };
  /** A scalar at `at`, or null when a container was opened (its first value comes next). */
  const scalarOrOpen = (): GoJson | null => {
    skipSpace();
    const byte = bytes[at];
    if (byte === 0x7b) {
      enter();
      if (bytes[at] === 0x7d) {
        at++;
        return { kind: 'object', members: [] };
      }
      open.push({ kind: 'object', members: [], key: memberKey() });
      return null;
    }
    if (byte === 0x5b) {
      enter();
      if (bytes[at] === 0x5d) {
        at++;
        return { kind: 'array', items: [] };
      }
      open.push({ kind: 'array', items: [] });
      return null;
    }
    if (byte === 0x22) return { kind: 'string', value: string() };
    if (byte === 0x74) return literal('true', { kind: 'bool', value: true });
    if (byte === 0x66) return literal('false', { kind: 'bool', value: false });
    if (byte === 0x6e) return literal('null', { kind: 'null' });
    if (byte === 0x2d || isDigit(byte)) return number();
    return fail();
  };

  let result: GoJson | null = null;
  while (result === null) {
    let done = scalarOrOpen();
    // A finished value goes into its container; "," asks for the next value, a closing
    // bracket finishes the container in turn.
    while (done !== null) {
      const top = open.at(-1);
      if (!top) {
        result = done;
        break;
      }
      if (top.kind === 'object') top.members.push([top.key, done]);
      else top.items.push(done);
      done = null;
      skipSpace();
      const closing = top.kind === 'object' ? 0x7d : 0x5d;
      if (bytes[at] === 0x2c) {
        at++;
        if (top.kind === 'object') top.key = memberKey();
      } else if (bytes[at] === closing) {
        at++;
        open.pop();
        done =
          top.kind === 'object'
            ? { kind: 'object', members: top.members }
            : { kind: 'array', items: top.items };
      } else fail();
    }
  }
  skipSpace();
  if (at < bytes.length) fail();
  return result;
}

/**
 * True when valid JSON `text` opens more objects/arrays at once than Go reads: JSON.parse takes
 * any depth, the kubelet refuses such a secret (call parseGoJson for where). A short text cannot.
 */
export function nestedBeyondGo(text: string): boolean {
  if (text.length <= 2 * GO_MAX_NESTING_DEPTH) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > GO_MAX_NESTING_DEPTH) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

/**
 * Why Go cannot read `text`, saying where and never what: "not JSON at byte 37", "not JSON: it
 * ends early (at byte 9)", "nested more than 10000 levels deep (at byte 10051)", or "not JSON:
 * <what> is empty". The position is Go's, the one the kubelet reports for the same bytes.
 */
export function describeNotJson(text: string, what: string): string {
  if (!text.trim()) return `not JSON: ${what} is empty`;
  try {
    parseGoJson(text);
  } catch (error) {
    if (!(error instanceof GoJsonSyntaxError)) return 'not JSON';
    return error.atEnd ? `not JSON: it ends early (at byte ${error.offset})` : error.message;
  }
  // Valid for Go but not for JSON.parse.
  return 'not JSON';
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * JSON.parse whose failure is described, never quoted (JSON.parse's own message quotes the input:
 * a password, a token), and that refuses what Go refuses for depth.
 */
export function parseJsonDescribed(text: string, what: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: describeNotJson(text, what) };
  }
  if (nestedBeyondGo(text)) return { ok: false, problem: describeNotJson(text, what) };
  return { ok: true, value };
}

/** Go's case-insensitive match of a JSON key to a struct field name (bytes.EqualFold): ASCII
 * letters fold, and so do U+017F (ſ, folds to s) and U+212A (Kelvin sign, folds to k). */
export function goFieldKey(key: string): string {
  return key
    .replace(/\u017f/g, 's')
    .replace(/\u212a/g, 'k')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function kindWords(value: GoJson): string {
  return value.kind === 'object'
    ? 'an object'
    : value.kind === 'array'
      ? 'an array'
      : value.kind === 'string'
        ? 'a string'
        : value.kind === 'number'
          ? 'a number'
          : value.kind === 'bool'
            ? 'a boolean'
            : 'null';
}
