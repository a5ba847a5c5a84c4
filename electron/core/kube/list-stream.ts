/**
 * A list's body parsed as it arrives: each object of its top-level `items` array is parsed while
 * the rest of the list is still on the wire; what is around the items (kind, apiVersion,
 * metadata) is parsed at the end. Parsing then overlaps the transfer instead of following it
 * (JSON.parse of a 14 MB list of 5,000 pods is ~100 ms).
 *
 * A Kubernetes list (compact JSON, each object's `metadata` first) is gathered 64 KB at a time
 * (one copy per batch, not one per 4 KB chunk) and cut where one object ends and the next
 * begins, `},{"metadata":{`, found with Buffer.indexOf: those bytes are always
 * structure (in a string a quote is escaped, and a string cannot be followed by `metadata":`), so
 * no byte is looked at in JavaScript. A cut that does not parse (an array of such objects nested
 * inside an object) is joined with the next piece. Other lists are scanned byte by byte for
 * structure (quotes, escapes, braces, brackets: ASCII, and no byte of a UTF-8 multi-byte sequence
 * looks like one), each object parsed once its closing brace has come. A body that is not a list
 * with `items` (null, a Status) is parsed whole at the end; a body cut short throws as JSON.parse
 * does.
 *
 * `omitManagedFields` drops each object's `metadata.managedFields` (as client-go informers'
 * transform does): no reader of such a list uses them, and they are a third of a pod's bytes,
 * kept for as long as the list is. In a Kubernetes list they are cut from the text before it is
 * parsed (addPiece); otherwise deleted once parsed.
 */
import type { ListResult } from './informer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** How a Kubernetes list's object starts, and where one ends and the next starts. */
const METADATA_FIRST = Buffer.from('{"metadata":{');
const BOUNDARY = Buffer.from('},{"metadata":{');
/** How many bytes are gathered before a Kubernetes list's objects in them are cut and parsed. */
const BATCH_BYTES = 64 * 1024;
/** ObjectMeta's managedFields as it follows another field (always: creationTimestamp is set). */
const MANAGED_FIELDS = Buffer.from(',"managedFields":[');
const FIELD_AFTER_ARRAY = Buffer.from('],"');
const FIELD_AFTER_METADATA = Buffer.from(']},"');

/** In one object's bytes: where its managedFields start and where their array ends (`]`). */
function managedFieldsIn(object: Buffer): { start: number; end: number } | null {
  const start = object.indexOf(MANAGED_FIELDS);
  if (start < 0) return null;
  const ends = [FIELD_AFTER_ARRAY, FIELD_AFTER_METADATA]
    .map((after) => object.indexOf(after, start + MANAGED_FIELDS.length))
    .filter((at) => at >= 0);
  return ends.length ? { start, end: Math.min(...ends) } : null;
}

export interface ListStream<T> {
  /** The next bytes of the body. */
  push(chunk: Buffer): void;
  /** The body has ended: the list, as JSON.parse of the whole body would answer it. */
  end(): Partial<ListResult<T>> | null;
}

export interface ListStreamOptions {
  omitManagedFields?: boolean;
  /**
   * Called with each object as soon as it is parsed, while the rest of the list is still on the
   * wire (work done there is not left for after the last byte). What it throws is ignored: it is
   * only ahead of time, its caller meets the object again.
   */
  onItem?: (item: never) => void;
}

export function createListStream<T>(options: ListStreamOptions = {}): ListStream<T> {
  /**
   * before: the items array not reached; probe: just inside it, its first bytes deciding how it
   * is read; split: cut at object boundaries; items: scanned byte by byte; after: past its end.
   */
  let state: 'before' | 'probe' | 'split' | 'items' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  const items: T[] = [];
  /** The bytes of the object under way that came in earlier chunks. */
  let pending: Buffer[] = [];
  /** split: the bytes not parsed yet, and where the next boundary may start in them. */
  let rest: Buffer = Buffer.alloc(0);
  let searchFrom = 0;

  const isItemsKey = (before: Buffer[]) =>
    /"items"\s*:\s*$/.test(Buffer.concat(before).toString('latin1'));

  function add(text: string) {
    keep(JSON.parse(text) as T);
  }

  /**
   * One object of a Kubernetes list, `bytes[from, to)`. With omitManagedFields its
   * `,"managedFields":[…]` is cut from the text before it is parsed (a third of a pod's bytes
   * not parsed at all), where the array's end is certain: ManagedFieldsEntry holds no array (the
   * API server validates fieldsV1 as a field set: objects only), so the array ends at the first
   * `]` outside a string, and the first `],"` or `]},"` is that one (in a string a quote is
   * escaped). A text that then does not parse is parsed whole and the field deleted.
   */
  function addPiece(bytes: Buffer, from: number, to: number) {
    const object = bytes.subarray(from, to);
    // Searched within the object only: the rest of the batch is other objects.
    const cut = options.omitManagedFields ? managedFieldsIn(object) : null;
    if (cut)
      try {
        keep(
          JSON.parse(
            object.toString('utf8', 0, cut.start) + object.toString('utf8', cut.end + 1),
          ) as T,
        );
        return;
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
      }
    add(object.toString('utf8'));
  }

  function keep(item: T) {
    if (options.omitManagedFields) {
      const metadata = (item as { metadata?: { managedFields?: unknown } } | null)?.metadata;
      if (metadata && 'managedFields' in metadata) delete metadata.managedFields;
    }
    items.push(item);
    if (options.onItem)
      try {
        options.onItem(item as never);
      } catch {
        // Ahead-of-time work only (see ListStreamOptions.onItem).
      }
  }

  /** split: chunks not cut yet (a copy per batch, not per 4 KB chunk: less to allocate and collect). */
  let waiting: Buffer[] = [];
  let waitingBytes = 0;

  function pushSplit(chunk: Buffer) {
    waiting.push(chunk);
    waitingBytes += chunk.length;
    if (waitingBytes >= BATCH_BYTES) cutWaiting();
  }

  function cutWaiting() {
    if (waiting.length === 0) return;
    rest = Buffer.concat(rest.length > 0 ? [rest, ...waiting] : waiting);
    waiting = [];
    waitingBytes = 0;
    let from = 0;
    let at = rest.indexOf(BOUNDARY, searchFrom);
    while (at >= 0) {
      try {
        addPiece(rest, from, at + 1);
        from = at + 2;
      } catch (error) {
        // Not an object of the list (a nested array of such objects): joined with what follows.
        if (!(error instanceof SyntaxError)) throw error;
      }
      searchFrom = at + 1;
      at = rest.indexOf(BOUNDARY, searchFrom);
    }
    searchFrom = Math.max(0, Math.max(searchFrom, rest.length - BOUNDARY.length + 1) - from);
    rest = rest.subarray(from);
  }

  /** The first bytes inside the items array decide: a Kubernetes list is split, others scanned. */
  function probe(chunk: Buffer) {
    rest = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    if (rest.length < METADATA_FIRST.length) return;
    const bytes = rest;
    rest = Buffer.alloc(0);
    if (bytes.subarray(0, METADATA_FIRST.length).equals(METADATA_FIRST)) {
      state = 'split';
      pushSplit(bytes);
    } else {
      state = 'items';
      scan(bytes);
    }
  }

  function push(chunk: Buffer) {
    if (state === 'split') pushSplit(chunk);
    else if (state === 'probe') probe(chunk);
    else scan(chunk);
  }

  function scan(chunk: Buffer) {
    // Where the current part (head, object, tail) starts in this chunk; -1: none under way.
    let from = state === 'items' ? (pending.length > 0 ? 0 : -1) : 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
        continue;
      }
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth++;
        if (state === 'before' && byte === OPEN_BRACKET && depth === 2) {
          const before = [...head, chunk.subarray(from, i)];
          if (isItemsKey(before)) {
            head.push(chunk.subarray(from, i + 1));
            state = 'probe';
            probe(chunk.subarray(i + 1));
            return;
          }
        } else if (state === 'items' && byte === OPEN_BRACE && depth === 3) from = i;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (state === 'items' && depth === 3 && byte === CLOSE_BRACE) {
          const last = chunk.subarray(from, i + 1);
          add((pending.length > 0 ? Buffer.concat([...pending, last]) : last).toString('utf8'));
          pending = [];
          from = -1;
        } else if (state === 'items' && depth === 2 && byte === CLOSE_BRACKET) {
          state = 'after';
          from = i;
        }
        depth--;
      }
    }
    if (state === 'before') head.push(chunk.subarray(from));
    else if (state === 'after') tail.push(chunk.subarray(from));
    else if (from >= 0) pending.push(chunk.subarray(from));
  }

  function end(): Partial<ListResult<T>> | null {
    if (state === 'before') return JSON.parse(Buffer.concat(head).toString('utf8')) as null;
    if (state === 'items') throw new SyntaxError('Unexpected end of JSON input');
    // split or probe: the last object, the end of the array and what follows, parsed with the
    // head (its `items` then holds that last object).
    const rested = state === 'split' || state === 'probe';
    if (state === 'split') cutWaiting();
    const shell = JSON.parse(
      Buffer.concat(head).toString('utf8') + (rested ? rest : Buffer.concat(tail)).toString('utf8'),
    ) as Partial<ListResult<T>>;
    if (!rested) return { ...shell, items };
    for (const item of shell.items ?? []) keep(item);
    return { ...shell, items };
  }

  return { push, end };
}
