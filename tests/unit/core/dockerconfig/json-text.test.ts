/**
 * JSON text and plain values at any depth without recursion: the same text as JSON.stringify and
 * the same values as JSON.parse where those work, and 10,000 levels (Go's limit, so the kubelet
 * reads such a secret) where JSON.stringify overflows the stack.
 */
import { describe, expect, it } from 'vitest';
import { parseGoJson } from '@core/dockerconfig/go-json';
import { plainFromGoJson, stringifyJson } from '@core/dockerconfig/json-text';

const samples: unknown[] = [
  { auths: { 'r.io': { username: 'u', password: 'p\n"q', auth: 'dTpw', n: 1.5e3, t: true } } },
  [1, 'two', null, false, { a: [] }, {}, [[[]]]],
  { skipped: undefined, kept: null, list: [undefined, 1], '': 'empty key', 'é\u2028': '\u0000' },
  'just a string',
  42,
  null,
  { date: new Date('2026-01-01T00:00:00Z') },
];

const nested = (levels: number) => '['.repeat(levels) + '"x"' + ']'.repeat(levels);

describe('stringifyJson', () => {
  it.each(samples.map((sample) => [JSON.stringify(sample), sample] as const))(
    'writes %s as JSON.stringify does',
    (expected, sample) => {
      expect(stringifyJson(sample)).toBe(expected);
    },
  );

  it('writes 10,000 levels, where JSON.stringify overflows', () => {
    const value = JSON.parse(nested(10_000)) as unknown;
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(stringifyJson(value)).toBe(nested(10_000));
  });
});

describe('plainFromGoJson', () => {
  it.each(samples.slice(0, 5).map((sample) => [JSON.stringify(sample)] as const))(
    'reads %s as JSON.parse does',
    (text) => {
      expect(plainFromGoJson(parseGoJson(text))).toEqual(JSON.parse(text));
    },
  );

  it('keeps "__proto__" as data and the last of duplicate keys, as JSON.parse does', () => {
    const text = '{"__proto__":{"polluted":true},"a":1,"a":2}';
    const value = plainFromGoJson(parseGoJson(text)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(stringifyJson(value)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('reads 10,000 levels', () => {
    expect(stringifyJson(plainFromGoJson(parseGoJson(nested(10_000))))).toBe(nested(10_000));
  });
});
