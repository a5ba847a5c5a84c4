/**
 * A list read in pages (`limit`, then `continue`), pipelined: the API server writes a list's
 * `metadata` (and so its `continue` token) before its items, so page k+1 is asked as soon as the
 * first bytes of page k arrive, and the server encodes and sends it while page k is read and
 * parsed here. Every page comes from the first page's snapshot (its resourceVersion is the list's,
 * the watch starts from it). A continue token the server no longer honours (410 Gone: compacted
 * away) makes it list again in full, as client-go's pager does.
 */
import { ApiException } from '@kubernetes/client-node';
import type { ListResult } from './informer';
import { createListStream, type ListStreamOptions } from './list-stream';

/** A 2xx answer: its body as text, or as it comes. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  text(): Promise<string>;
  /** Hands each chunk of the body to `onChunk` as it arrives; settles when the body has ended. */
  read?: (onChunk: (chunk: Buffer) => void) => Promise<void>;
}

/** One authenticated GET; throws the typed call's ApiException for a non-2xx answer. */
export type PageRequest = (
  path: string,
  query: Record<string, string>,
  signal?: AbortSignal,
) => Promise<Answer>;

interface ListMeta {
  resourceVersion?: string;
  continue?: string;
}

interface Page<T> {
  /** The page's ListMeta, as soon as the body shows it (at the latest once it is parsed). */
  meta: Promise<ListMeta>;
  list: Promise<Partial<ListResult<T>> | null>;
}

/** How far into a body the list's metadata is looked for before waiting for the whole page. */
const HEAD_BYTES = 64 * 1024;

/**
 * The list's own `metadata` from the first bytes of its body, or undefined when they do not show
 * it yet (or not first: then the whole page is parsed before the next one is asked). ListMeta has
 * no nested objects, so it ends at the first `}` after it opens.
 */
export function headMeta(head: string): ListMeta | undefined {
  const key = '"metadata":{';
  const at = head.indexOf(key);
  if (at < 0) return undefined;
  // At the top level, before the items: only the list's opening brace before it.
  if (head.lastIndexOf('{', at) !== head.indexOf('{') || head.lastIndexOf('"items"', at) >= 0)
    return undefined;
  const end = head.indexOf('}', at + key.length);
  if (end < 0) return undefined;
  try {
    return JSON.parse(head.slice(at + key.length - 1, end + 1)) as ListMeta;
  } catch {
    return undefined;
  }
}

/** A page read as it comes: its ListMeta as soon as it shows, its items as they arrive. */
export function readPage<T>(answer: Answer, options: ListStreamOptions = {}): Page<T> {
  let seen = false;
  let found: (meta: ListMeta) => void = () => undefined;
  const early = new Promise<ListMeta>((resolve) => (found = resolve));
  const list = (async () => {
    if (answer.read) {
      // Each item parsed as it arrives (list-stream.ts), while the rest is on the wire.
      const stream = createListStream<T>(options);
      let head = '';
      await answer.read((chunk) => {
        stream.push(chunk);
        if (!seen && head.length < HEAD_BYTES) {
          head += chunk.toString('latin1');
          const meta = headMeta(head);
          if (meta) {
            seen = true;
            found(meta);
          }
        }
      });
      return stream.end();
    }
    return JSON.parse(await answer.text()) as Partial<ListResult<T>> | null;
  })();
  // A failure is thrown by `list` (and by `meta` when it comes first).
  void list.catch(() => undefined);
  const parsedMeta = list.then((parsed): ListMeta => ({ ...parsed?.metadata }));
  const meta = Promise.race([early, parsedMeta]);
  // A reader that wants only the list (one GET) never awaits the meta: its failure is the list's.
  void meta.catch(() => undefined);
  return { meta, list };
}

const expired = (error: unknown) => error instanceof ApiException && error.code === 410;

/** The whole list, read in pipelined pages of `pageSize`; `full` lists it in one request. */
export async function pagedList<T>(
  request: PageRequest,
  path: string,
  query: Record<string, string>,
  pageSize: number,
  full: () => Promise<ListResult<T>>,
  options: ListStreamOptions = {},
): Promise<ListResult<T>> {
  const abort = new AbortController();
  // The first page that fails ends the list at once, whichever page is awaited then.
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  void failed.catch(() => undefined);
  const pages: Array<Page<T>> = [];
  let resourceVersion: string | undefined;
  try {
    let next: string | undefined;
    do {
      const pageQuery: Record<string, string> = { ...query, limit: String(pageSize) };
      if (next !== undefined) pageQuery.continue = next;
      const answer = await Promise.race([request(path, pageQuery, abort.signal), failed]);
      const page = readPage<T>(answer, options);
      page.list.catch(fail);
      pages.push(page);
      const meta = await Promise.race([page.meta, failed]);
      if (pages.length === 1) resourceVersion = meta.resourceVersion;
      next = meta.continue || undefined;
    } while (next !== undefined);
    const lists = await Promise.all(pages.map((page) => page.list));
    const items = lists.flatMap((list) => list?.items ?? []);
    // The first page's kind and apiVersion; no `continue` left to follow.
    return {
      ...lists[0],
      metadata: resourceVersion === undefined ? {} : { resourceVersion },
      items,
    };
  } catch (error) {
    abort.abort();
    // The snapshot is gone (compacted) before the last page: a fresh list, in one piece.
    if (pages.length > 1 && expired(error)) return full();
    throw error;
  }
}
