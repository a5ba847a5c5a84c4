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

export class GoJsonSyntaxError extends Error {
  /** Go's SyntaxError.Offset: bytes read when the error was found. */
  readonly offset: number;
  /** The input ended before the value did (Go's "unexpected end of JSON input"). */
  readonly atEnd: boolean;
  constructor(offset: number, atEnd = false) {
    super(`not JSON at byte ${offset}`);
    this.name = 'GoJsonSyntaxError';
    this.offset = offset;
    this.atEnd = atEnd;
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

  function value(depth: number): GoJson {
    if (depth > 10_000) fail();
    skipSpace();
    const byte = bytes[at];
    if (byte === 0x7b) {
      at++;
      const members: Array<[string, GoJson]> = [];
      skipSpace();
      if (bytes[at] === 0x7d) {
        at++;
        return { kind: 'object', members };
      }
      for (;;) {
        skipSpace();
        if (bytes[at] !== 0x22) fail();
        const key = string();
        skipSpace();
        if (bytes[at] !== 0x3a) fail();
        at++;
        members.push([key, value(depth + 1)]);
        skipSpace();
        if (bytes[at] === 0x2c) {
          at++;
          continue;
        }
        if (bytes[at] === 0x7d) {
          at++;
          return { kind: 'object', members };
        }
        fail();
      }
    }
    if (byte === 0x5b) {
      at++;
      const items: GoJson[] = [];
      skipSpace();
      if (bytes[at] === 0x5d) {
        at++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        skipSpace();
        if (bytes[at] === 0x2c) {
          at++;
          continue;
        }
        if (bytes[at] === 0x5d) {
          at++;
          return { kind: 'array', items };
        }
        fail();
      }
    }
    if (byte === 0x22) return { kind: 'string', value: string() };
    if (byte === 0x74) return literal('true', { kind: 'bool', value: true });
    if (byte === 0x66) return literal('false', { kind: 'bool', value: false });
    if (byte === 0x6e) return literal('null', { kind: 'null' });
    if (byte === 0x2d || isDigit(byte)) return number();
    return fail();
  }

  const result = value(0);
  skipSpace();
  if (at < bytes.length) fail();
  return result;
}

/** A value already parsed by JSON.parse, as a GoJson tree (duplicate keys are already lost). */
export function goJsonFrom(value: unknown): GoJson {
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') return { kind: 'number', text: String(value) };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(goJsonFrom) };
  return {
    kind: 'object',
    members: Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      goJsonFrom(item),
    ]),
  };
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
