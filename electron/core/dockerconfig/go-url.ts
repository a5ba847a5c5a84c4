/**
 * The parts of Go's standard library the kubelet's keyring leans on, ported for exact
 * predictions: net/url.Parse (host and path of an absolute https URL), net.SplitHostPort and
 * path/filepath.Match (Unix). Host names keep their case: Go never lower-cases them.
 */
import { isIPv6 } from 'node:net';

export interface GoUrl {
  /** u.Host: host[:port], as written (case kept), percent-escapes decoded. */
  host: string;
  /** u.Path, percent-escapes decoded. */
  path: string;
}

const HEX = /^[0-9a-fA-F]{2}$/;

/** url.unescape; null on an invalid escape or (host mode) an invalid host character. */
function unescape(text: string, mode: 'host' | 'path'): string | null {
  const bytes: number[] = [];
  const raw = new TextEncoder().encode(text);
  for (let index = 0; index < raw.length; index++) {
    const byte = raw[index]!;
    if (byte === 0x25) {
      const pair = String.fromCharCode(raw[index + 1] ?? 0, raw[index + 2] ?? 0);
      if (!HEX.test(pair)) return null;
      const value = parseInt(pair, 16);
      if (mode === 'host' && value < 0x80 && pair !== '25') return null;
      bytes.push(value);
      index += 2;
      continue;
    }
    if (
      mode === 'host' &&
      byte < 0x80 &&
      !/[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(String.fromCharCode(byte))
    ) {
      return null;
    }
    bytes.push(byte);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

const validOptionalPort = (port: string) => port === '' || /^:[0-9]*$/.test(port);

/** url.parseHost (Go 1.26) for http(s): "[" only to open an IPv6 literal, one ":" only. */
function parseHost(raw: string): string | null {
  const open = raw.lastIndexOf('[');
  if (open > 0) return null;
  if (open === 0) {
    const close = raw.lastIndexOf(']');
    if (close < 0) return null;
    const colonPort = raw.slice(close + 1);
    if (!validOptionalPort(colonPort)) return null;
    const hostname = raw.slice(1, close);
    const zone = hostname.indexOf('%25');
    const hostPart = unescape(zone >= 0 ? hostname.slice(0, zone) : hostname, 'host');
    const zonePart = zone >= 0 ? unescape(hostname.slice(zone), 'path') : '';
    if (hostPart === null || zonePart === null) return null;
    // netip.ParseAddr, and not IPv4.
    if (!isIPv6(hostPart + zonePart)) return null;
    return `[${hostPart}${zonePart}]${colonPort}`;
  }
  const colon = raw.indexOf(':');
  if (colon >= 0 && !validOptionalPort(raw.slice(colon))) return null;
  return unescape(raw, 'host');
}

/** url.Parse of an absolute "http(s)://…" URL; null where Go returns an error. */
export function goParseUrl(raw: string): GoUrl | null {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return null;
  const hash = raw.indexOf('#');
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  if (hash >= 0 && unescape(raw.slice(hash + 1), 'path') === null) return null;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (!scheme) return null;
  rest = rest.slice(scheme[0].length);
  const question = rest.indexOf('?');
  if (question >= 0) rest = rest.slice(0, question);
  if (!rest.startsWith('//')) return null;
  rest = rest.slice(2);
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const rawPath = slash >= 0 ? rest.slice(slash) : '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return null;
    if (unescape(userinfo, 'path') === null) return null;
  }
  const host = parseHost(at >= 0 ? authority.slice(at + 1) : authority);
  const path = unescape(rawPath, 'path');
  if (host === null || path === null) return null;
  return { host, path };
}

/** net.SplitHostPort; on its error the kubelet takes the whole host and no port. */
export function goSplitHostPort(hostport: string): { host: string; port: string } {
  const whole = { host: hostport, port: '' };
  const last = hostport.lastIndexOf(':');
  if (last < 0) return whole;
  let host: string;
  let from = 0;
  let afterBracket = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== last) return whole;
    host = hostport.slice(1, end);
    from = 1;
    afterBracket = end + 1;
  } else {
    host = hostport.slice(0, last);
    if (host.includes(':')) return whole;
  }
  if (hostport.slice(from).includes('[') || hostport.slice(afterBracket).includes(']'))
    return whole;
  return { host, port: hostport.slice(last + 1) };
}

class BadPattern extends Error {}

/** getEsc of path/filepath. */
function getEsc(chunk: string[], at: number): { rune: string; next: number } {
  let index = at;
  if (index >= chunk.length || chunk[index] === '-' || chunk[index] === ']') throw new BadPattern();
  if (chunk[index] === '\\') {
    index++;
    if (index >= chunk.length) throw new BadPattern();
  }
  const rune = chunk[index]!;
  if (rune === '\ufffd') throw new BadPattern();
  index++;
  if (index >= chunk.length) throw new BadPattern();
  return { rune, next: index };
}

/** matchChunk of path/filepath: the rest of `name` after `chunk`, or null. Throws BadPattern. */
function matchChunk(chunk: string[], name: string[]): string[] | null {
  let failed = false;
  let s = name;
  let index = 0;
  while (index < chunk.length) {
    if (!failed && s.length === 0) failed = true;
    const char = chunk[index]!;
    if (char === '[') {
      let rune = '';
      if (!failed) {
        rune = s[0]!;
        s = s.slice(1);
      }
      index++;
      let negated = false;
      if (chunk[index] === '^') {
        negated = true;
        index++;
      }
      let match = false;
      let ranges = 0;
      for (;;) {
        if (chunk[index] === ']' && ranges > 0) {
          index++;
          break;
        }
        const low = getEsc(chunk, index);
        let high = low;
        index = low.next;
        if (chunk[index] === '-') {
          high = getEsc(chunk, index + 1);
          index = high.next;
        }
        const code = rune.codePointAt(0) ?? 0;
        if (low.rune.codePointAt(0)! <= code && code <= high.rune.codePointAt(0)!) match = true;
        ranges++;
      }
      if (match === negated) failed = true;
    } else if (char === '?') {
      if (!failed) {
        if (s[0] === '/') failed = true;
        s = s.slice(1);
      }
      index++;
    } else {
      if (char === '\\') {
        index++;
        if (index >= chunk.length) throw new BadPattern();
      }
      if (!failed) {
        if (chunk[index] !== s[0]) failed = true;
        s = s.slice(1);
      }
      index++;
    }
  }
  return failed ? null : s;
}

/** scanChunk of path/filepath. */
function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let start = 0;
  while (pattern[start] === '*') start++;
  let inRange = false;
  let index = start;
  for (; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      if (index + 1 < pattern.length) index++;
    } else if (char === '[') inRange = true;
    else if (char === ']') inRange = false;
    else if (char === '*' && !inRange) break;
  }
  return { star: start > 0, chunk: pattern.slice(start, index), rest: pattern.slice(index) };
}

/** filepath.Match on Unix; a malformed pattern (Go's ErrBadPattern) matches nothing. */
export function goPathMatch(patternText: string, nameText: string): boolean {
  try {
    let pattern = Array.from(patternText);
    let name = Array.from(nameText);
    outer: while (pattern.length > 0) {
      const { star, chunk, rest } = scanChunk(pattern);
      pattern = rest;
      if (star && chunk.length === 0) return !name.includes('/');
      const matched = matchChunk(chunk, name);
      if (matched && (matched.length === 0 || pattern.length > 0)) {
        name = matched;
        continue;
      }
      if (star) {
        for (let skip = 0; skip < name.length && name[skip] !== '/'; skip++) {
          const after = matchChunk(chunk, name.slice(skip + 1));
          if (after) {
            if (pattern.length === 0 && after.length > 0) continue;
            name = after;
            continue outer;
          }
        }
      }
      while (pattern.length > 0) {
        const next = scanChunk(pattern);
        pattern = next.rest;
        matchChunk(next.chunk, []);
      }
      return false;
    }
    return name.length === 0;
  } catch (error) {
    if (error instanceof BadPattern) return false;
    throw error;
  }
}
