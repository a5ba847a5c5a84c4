/**
 * The IPC fuzz's generator (deterministic): a seeded PRNG and the mutations of a valid sample,
 * some of which the schema must refuse (unknown and prototype keys, huge strings and arrays).
 */

export const PROTO = ['__proto__', 'constructor', 'prototype'];

export function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MB_STRING = 'x'.repeat(1_048_576 + 1);
export const BIG_ARRAY = Array.from({ length: 100_000 }, (_, i) => `ns-${i}`);
export const protoObject = () =>
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');

/** Kinds of mutation whose result MUST be a validation error (the schema refuses it). */
export type Refused = 'unknown-key' | 'prototype-key' | 'huge-string' | 'huge-array';
export type Mutation = Refused | 'wrong-type' | 'prototype-value' | 'drop' | 'random';

export const wrongValues: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  '',
  ' ',
  'a'.repeat(300),
  [],
  [null],
  {},
  { nested: { deep: [1, 2, 3] } },
  '../../etc/passwd',
  '\u0000',
  '😀',
];

export type Path = Array<string | number>;

export function paths(value: unknown, prefix: Path = []): Path[] {
  const found: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...paths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) found.push(...paths(item, [...prefix, key]));
  }
  return found;
}

export function objectPaths(value: unknown): Path[] {
  return paths(value).filter((p) => {
    const at = get(value, p);
    return at !== null && typeof at === 'object' && !Array.isArray(at);
  });
}

export function get(value: unknown, p: Path): unknown {
  return p.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)?.[key], value);
}

/** A deep copy with the value at `p` replaced (`drop` deletes it). */
export function setAt(value: unknown, p: Path, next: unknown, drop = false): unknown {
  if (p.length === 0) return next;
  const copy: unknown = structuredClone(value);
  const parent = get(copy, p.slice(0, -1)) as Record<string | number, unknown>;
  const key = p[p.length - 1]!;
  if (drop) delete parent[key];
  else
    Object.defineProperty(parent, key, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

export function mutate(
  sample: unknown,
  random: () => number,
): { payload: unknown; mutation: Mutation } {
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  const all = paths(sample);
  const objects = objectPaths(sample);
  const kinds: Mutation[] = ['wrong-type', 'wrong-type', 'prototype-value', 'drop', 'random'];
  // Refused mutations need somewhere to go: objects for keys, any path for big values.
  if (objects.length) kinds.push('unknown-key', 'prototype-key');
  kinds.push('huge-string', 'huge-array');
  const mutation = pick(kinds);
  switch (mutation) {
    case 'unknown-key': {
      const target = pick(objects);
      return {
        payload: setAt(sample, [...target, `extra${Math.floor(random() * 9)}`], 1),
        mutation,
      };
    }
    case 'prototype-key': {
      const target = pick(objects);
      const key = pick(PROTO);
      const value = random() < 0.5 ? protoObject() : { polluted: true };
      return { payload: setAt(sample, [...target, key], value), mutation };
    }
    case 'huge-string': {
      // Only where a value goes (not the root of a channel without input: still refused).
      return { payload: setAt(sample, pick(all), MB_STRING), mutation };
    }
    case 'huge-array':
      return { payload: setAt(sample, pick(all), BIG_ARRAY), mutation };
    case 'wrong-type':
      return { payload: setAt(sample, pick(all), pick(wrongValues)), mutation };
    case 'prototype-value':
      return { payload: setAt(sample, pick(all), pick(PROTO)), mutation };
    case 'drop': {
      const p = pick(all);
      return { payload: p.length ? setAt(sample, p, undefined, true) : undefined, mutation };
    }
    case 'random':
    default:
      return { payload: pick(wrongValues), mutation: 'random' };
  }
}
