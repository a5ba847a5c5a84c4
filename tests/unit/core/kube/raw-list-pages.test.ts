/**
 * The paged raw list (kube/raw-list-pages.ts) against a loopback server: pages asked with `limit`
 * and `continue`, the next page asked before the current one is fully read, one snapshot's
 * resourceVersion, and an expired continue token listed again in full (as client-go's pager).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { rawList } from '@core/kube/raw-list';
import { headMeta } from '@core/kube/raw-list-pages';

interface Item {
  metadata: { namespace: string; name: string };
}
const item = (index: number): Item => ({ metadata: { namespace: 'ns', name: `pod-${index}` } });
const ALL = Array.from({ length: 5 }, (_, index) => item(index));

let server: Server;
let kubeConfig: KubeConfig;
let seen: URLSearchParams[] = [];
let answer: (query: URLSearchParams, res: ServerResponse) => void;

const listBody = (items: Item[], meta: Record<string, string>) =>
  JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: meta, items });

/** Pages of `limit` from offset `continue` at resourceVersion 42; `hold` delays a page's end. */
function pages(hold?: (query: URLSearchParams) => Promise<void>) {
  return (query: URLSearchParams, res: ServerResponse) => {
    const limit = Number(query.get('limit') ?? ALL.length);
    const from = Number(query.get('continue') ?? 0);
    const to = Math.min(from + limit, ALL.length);
    const meta: Record<string, string> = { resourceVersion: '42' };
    if (to < ALL.length) meta.continue = String(to);
    const body = listBody(ALL.slice(from, to), meta);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const cut = body.indexOf('"items"');
    res.write(body.slice(0, cut));
    void (hold?.(query) ?? Promise.resolve()).then(() => res.end(body.slice(cut)));
  };
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    seen.push(query);
    answer(query, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = pages();
});

const list = () =>
  rawList<Item>(kubeConfig, '/api/v1/pods', { labelSelector: 'a=b' }, { pageSize: 2 });

describe('rawList in pages', () => {
  it('reads every page of one snapshot, in order, with the query on each', async () => {
    const result = await list();
    expect(result.items).toEqual(ALL);
    expect(result.metadata).toEqual({ resourceVersion: '42' });
    expect(seen.map((query) => Object.fromEntries(query))).toEqual([
      { labelSelector: 'a=b', limit: '2' },
      { labelSelector: 'a=b', limit: '2', continue: '2' },
      { labelSelector: 'a=b', limit: '2', continue: '4' },
    ]);
  });

  it('asks for the next page as soon as the current one shows its continue token', async () => {
    let asked: () => void = () => undefined;
    const nextAsked = new Promise<void>((resolve) => (asked = resolve));
    // Page 1 ends only once page 2 was asked: a serial reader would wait forever.
    answer = pages(async (query) => {
      if (query.get('continue') === '2') asked();
      if (!query.has('continue')) await nextAsked;
    });
    expect((await list()).items).toEqual(ALL);
  });

  it('lists again in full when a continue token expired (410), as client-go’s pager', async () => {
    const paged = pages();
    answer = (query, res) => {
      if (query.get('continue') === '4') {
        res.writeHead(410, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired' }));
        return;
      }
      if (!query.has('limit')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(listBody(ALL, { resourceVersion: '77' }));
        return;
      }
      paged(query, res);
    };
    const result = await list();
    expect(result.items).toEqual(ALL);
    expect(result.metadata?.resourceVersion).toBe('77');
    expect(Object.fromEntries(seen.at(-1)!)).toEqual({ labelSelector: 'a=b' });
  });

  it('throws any other failure of a page as the typed call does', async () => {
    const paged = pages();
    answer = (query, res) => {
      if (query.has('continue')) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', code: 500, message: 'etcd timeout' }));
      } else paged(query, res);
    };
    const error = await list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<string>).code).toBe(500);
    expect(seen).toHaveLength(2);
  });

  it('throws "terminated" when a page is cut short', async () => {
    answer = (_query, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
      res.write('{"kind":"PodList","metadata":{"resourceVersion":"42"},"items":[');
      setTimeout(() => (res.socket as Socket).destroy(), 20);
    };
    const error = await list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('terminated');
  });
});

describe('headMeta', () => {
  it('reads the list’s metadata from the first bytes', () => {
    expect(
      headMeta('{"kind":"PodList","metadata":{"resourceVersion":"9","continue":"abc"},"ite'),
    ).toEqual({
      resourceVersion: '9',
      continue: 'abc',
    });
  });

  it('waits while the metadata is incomplete, and never reads an item’s', () => {
    expect(headMeta('{"kind":"PodList","metadata":{"resourceVersion":"9","cont')).toBeUndefined();
    expect(headMeta('{"items":[{"metadata":{"name":"a"}}],"metadata":{}}')).toBeUndefined();
  });
});
