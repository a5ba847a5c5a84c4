/**
 * Pure: the object's current values at the paths a JSON patch changes (RFC 6901 pointers), sent
 * with a fix's preview so the renderer can show each changed field before and after.
 */
import type { PullPatchOp } from '../../api/contract';
import { valueAt } from '../../kube/json-pointer';

export { valueAt };

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
