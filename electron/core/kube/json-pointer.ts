/** Pure: the value at a JSON pointer (RFC 6901), or undefined where the path does not exist. */
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
