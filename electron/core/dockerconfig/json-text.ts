/**
 * Pure: JSON values of any depth to text and back from a Go JSON tree, without recursion. A pull
 * secret the kubelet reads may nest 10,000 levels (Go's limit); V8's JSON.stringify overflows the
 * stack after about 4,500, so writing such a secret back (merged or rewritten) needs these.
 */
import type { GoJson } from './go-json';

type Frame =
  | { kind: 'array'; items: unknown[]; index: number }
  | { kind: 'object'; entries: Array<[string, unknown]>; index: number };

const skipped = (value: unknown) => value === undefined || typeof value === 'function';

/** JSON.stringify(value) for JSON-like values (no indentation), at any depth. */
export function stringifyJson(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const write = (item: unknown) => {
    if (item === null || typeof item !== 'object' || 'toJSON' in item) {
      out.push(JSON.stringify(item) ?? 'null');
    } else if (Array.isArray(item)) {
      out.push('[');
      stack.push({ kind: 'array', items: item, index: 0 });
    } else {
      out.push('{');
      const entries = Object.entries(item).filter(([, inner]) => !skipped(inner));
      stack.push({ kind: 'object', entries, index: 0 });
    }
  };
  write(value);
  while (stack.length) {
    const top = stack.at(-1)!;
    const length = top.kind === 'array' ? top.items.length : top.entries.length;
    if (top.index === length) {
      out.push(top.kind === 'array' ? ']' : '}');
      stack.pop();
      continue;
    }
    if (top.index > 0) out.push(',');
    if (top.kind === 'array') {
      const item = top.items[top.index++];
      write(skipped(item) ? null : item);
    } else {
      const [key, item] = top.entries[top.index++]!;
      out.push(`${JSON.stringify(key)}:`);
      write(item);
    }
  }
  return out.join('');
}

/** A Go JSON tree as the plain value JSON.parse gives (the last duplicate key wins), at any depth. */
export function plainFromGoJson(root: GoJson): unknown {
  const scalar = (value: GoJson): unknown =>
    value.kind === 'string' || value.kind === 'bool'
      ? value.value
      : value.kind === 'number'
        ? Number(value.text)
        : null;
  const containerOf = (value: GoJson): unknown[] | Record<string, unknown> | null =>
    value.kind === 'array' ? [] : value.kind === 'object' ? {} : null;
  const result = containerOf(root) ?? scalar(root);
  // Each container still to fill, with the tree it comes from.
  const pending: Array<{ from: GoJson; into: unknown[] | Record<string, unknown> }> = [];
  if (result !== null && typeof result === 'object')
    pending.push({ from: root, into: result as unknown[] | Record<string, unknown> });
  while (pending.length) {
    const { from, into } = pending.pop()!;
    const children: Array<[string | number, GoJson]> =
      from.kind === 'object'
        ? from.members
        : from.kind === 'array'
          ? from.items.map((item, index) => [index, item])
          : [];
    for (const [key, child] of children) {
      const container = containerOf(child);
      // Defined, not assigned: a "__proto__" key is data here, as JSON.parse makes it.
      Object.defineProperty(into, key, {
        value: container ?? scalar(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (container) pending.push({ from: child, into: container });
    }
  }
  return result;
}
