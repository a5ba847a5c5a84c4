/**
 * The text edit behind "make current": only the value of the top-level `current-context` changes;
 * every other byte of the file (comments, order, quoting, JSON or YAML) stays as it was. Where a
 * surgical edit is not possible (the value is not a plain scalar, or the file does not say where
 * to put the key) the yaml library rewrites the document, which still keeps comments.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseDocument, stringify, type Document, type Scalar } from 'yaml';
import { maxAliasCount } from './parse';

const KEY = 'current-context';

function render(name: string, style: Scalar['type'] | 'FLOW'): string | null {
  switch (style) {
    case 'QUOTE_DOUBLE':
    case 'FLOW':
      return JSON.stringify(name);
    case 'QUOTE_SINGLE':
      return `'${name.replaceAll("'", "''")}'`;
    case 'PLAIN':
    case undefined:
      return stringify(name, { lineWidth: 0 }).trimEnd();
    default:
      return null; // block scalars: let the library write it
  }
}

function content(document: Document): Record<string, unknown> {
  const value: unknown = document.toJS({ maxAliasCount });
  return value && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
}

/** The edit plus how to check it: a new value in place is checked on its own, cheaply. */
interface Edit {
  text: string;
  /** Only a scalar's bytes changed, to `rendered`, in a `flow` or block mapping. */
  replaced?: { rendered: string; flow: boolean };
}

/** A rendered scalar reads back as `name` where it stands (one line, same kind of mapping). */
function readsBack(rendered: string, flow: boolean, name: string): boolean {
  if (rendered.includes('\n')) return false;
  const probe = parseDocument(flow ? `{"k": ${rendered}}` : `k: ${rendered}\n`);
  return probe.errors.length === 0 && isDeepStrictEqual(probe.toJS(), { k: name });
}

function surgical(text: string, document: Document, name: string): Edit | null {
  const map = document.contents;
  if (map === null) {
    // Empty, or comments only: add the key at the end.
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    return { text: `${text}${separator}${KEY}: ${render(name, 'PLAIN')}\n` };
  }
  if (!isMap(map) || !map.range) return null;
  const pairs = map.items.filter((pair) => isScalar(pair.key) && pair.key.value === KEY);
  if (pairs.length > 0) {
    if (pairs.length > 1) return null; // a duplicate key: let the library sort it out
    const value = pairs[0]!.value;
    if (!isScalar(value) || !value.range || value.anchor) return null;
    const flow = Boolean(map.flow);
    const rendered = render(name, flow ? 'FLOW' : value.type);
    if (rendered === null) return null;
    const [start, end] = value.range;
    const spaced = start === end && text[start - 1] === ':' ? ` ${rendered}` : rendered;
    return { text: text.slice(0, start) + spaced + text.slice(end), replaced: { rendered, flow } };
  }
  if (map.flow) {
    // `{ ... }` (a JSON kubeconfig): the key goes first, indented like the first entry.
    const open = map.range[0];
    const firstKey = map.items[0]?.key;
    const firstStart = isScalar(firstKey) && firstKey.range ? firstKey.range[0] : null;
    const lead = firstStart !== null ? text.slice(open + 1, firstStart) : ' ';
    const indent = /^\s*$/.test(lead) ? lead : ' ';
    const entry = `${indent}${JSON.stringify(KEY)}: ${JSON.stringify(name)}${map.items.length ? ',' : ' '}`;
    return { text: text.slice(0, open + 1) + entry + text.slice(open + 1) };
  }
  const separator = text.endsWith('\n') ? '' : '\n';
  return { text: `${text}${separator}${KEY}: ${render(name, 'PLAIN')}\n` };
}

/**
 * Returns `text` with the top-level current-context set to `name`. Throws an Error when the text
 * is not a YAML mapping (a kubeconfig) to begin with.
 */
export function setCurrentContextText(text: string, name: string): string {
  const document = parseDocument(text, { uniqueKeys: false });
  if (document.errors.length > 0) throw new Error(document.errors[0]!.message);
  if (document.contents !== null && !isMap(document.contents)) {
    throw new Error('not a kubeconfig: the top level is not a mapping');
  }
  const edit = surgical(text, document, name);
  // A value replaced in place changes nothing else: checking it alone is enough (and cheap on
  // a big kubeconfig). Any other edit is checked by reading the whole result back.
  if (edit?.replaced) {
    if (readsBack(edit.replaced.rendered, edit.replaced.flow, name)) return edit.text;
  }
  const wanted = { ...content(document), [KEY]: name };
  if (edit && !edit.replaced) {
    const after = parseDocument(edit.text, { uniqueKeys: false });
    if (after.errors.length === 0 && isDeepStrictEqual(content(after), wanted)) return edit.text;
  }
  // Fallback: the library rewrites the document (comments kept, formatting normalised).
  document.set(KEY, name);
  const rewritten = document.toString();
  if (!isDeepStrictEqual(content(parseDocument(rewritten, { uniqueKeys: false })), wanted)) {
    throw new Error('could not set current-context without changing anything else');
  }
  return rewritten;
}
