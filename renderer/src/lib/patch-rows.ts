/**
 * Pure: a fix's JSON patch read as a person reads a change — each field it writes with its value
 * before and after, and the `test` operations as the conditions the write is made under.
 */
import type { PullPatchOp } from '@core/api/contract';

export interface PatchRow {
  field: string;
  before: string;
  after: string;
}

export interface PatchCondition {
  field: string;
  value: string;
}

export interface PatchReading {
  changes: PatchRow[];
  /** The write is refused unless each of these still holds (what the user saw). */
  conditions: PatchCondition[];
}

/** Where a workload's pod spec sits: fields below it are named without it. */
const POD_SPEC_PREFIXES = ['/spec/jobTemplate/spec/template/spec/', '/spec/template/spec/'];
const NOT_SET = '(not set)';

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

function show(value: unknown): string {
  if (value === undefined) return NOT_SET;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The name of the container at `<list>/<index>`, from a `test` of it or the object as read. */
function containerName(
  prefix: string,
  ops: PullPatchOp[],
  current: Record<string, unknown>,
): string | null {
  const path = `${prefix}/name`;
  const tested = ops.find((op) => op.op === 'test' && op.path === path)?.value;
  const name = tested ?? current[path];
  return typeof name === 'string' ? name : null;
}

/** "/spec/template/spec/containers/0/image" → "container app: image". */
export function fieldLabel(
  path: string,
  ops: PullPatchOp[],
  current: Record<string, unknown>,
): string {
  const base = POD_SPEC_PREFIXES.find((prefix) => path.startsWith(prefix));
  const rest = base ? path.slice(base.length) : path.slice(1);
  const segments = rest.split('/').map(unescape);
  const [list, index, ...field] = segments;
  if (base && (list === 'containers' || list === 'initContainers') && /^\d+$/.test(index ?? '')) {
    const name = containerName(`${base}${list}/${index}`, ops, current);
    const what = list === 'containers' ? 'container' : 'init container';
    const who = name ? `${what} ${name}` : `${what} #${Number(index) + 1}`;
    return field.length ? `${who}: ${field.join('.')}` : who;
  }
  if (path === '/metadata/resourceVersion') return 'resourceVersion';
  return segments.join('.');
}

export function readPatch(ops: PullPatchOp[], current: Record<string, unknown>): PatchReading {
  const changes: PatchRow[] = [];
  const conditions: PatchCondition[] = [];
  for (const op of ops) {
    const field = fieldLabel(op.path, ops, current);
    if (op.op === 'test') conditions.push({ field, value: show(op.value) });
    else
      changes.push({
        field,
        before: show(current[op.path]),
        after: op.op === 'remove' ? '(removed)' : show(op.value),
      });
  }
  return { changes, conditions };
}
