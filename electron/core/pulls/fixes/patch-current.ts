/**
 * Pure: the object's current values at the paths a JSON patch changes (RFC 6901 pointers), sent
 * with a fix's preview so the renderer can show each changed field before and after.
 */
import type { PullPatchOp } from '../../api/contract';

/** The value at a JSON pointer, or undefined where the path does not exist. */
export function valueAt(object: unknown, pointer: string): unknown {
  if (pointer === '') return object;
  let node: unknown = object;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[Number(key)] : (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Path → current value, for every operation that writes (a `test` only reads). */
export function currentValues(object: unknown, ops: PullPatchOp[]): Record<string, unknown> {
  const current: Record<string, unknown> = {};
  for (const op of ops) {
    if (op.op === 'test') continue;
    const value = valueAt(object, op.path);
    if (value !== undefined) current[op.path] = value;
  }
  return current;
}
