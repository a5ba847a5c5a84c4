import { describe, expect, it } from 'vitest';
import { createListStream } from '@core/kube/list-stream';

/** The body fed in chunks of `size` bytes; the list the stream answers. */
function streamed(body: string, size: number) {
  const bytes = Buffer.from(body, 'utf8');
  const stream = createListStream<unknown>();
  for (let at = 0; at < bytes.length; at += size) stream.push(bytes.subarray(at, at + size));
  return stream.end();
}

/** Runs `check` with JSON.parse counted (restored after). */
function countingParses(check: (parsed: () => number) => void) {
  const parse = JSON.parse;
  let parsed = 0;
  JSON.parse = (text: string) => {
    parsed += 1;
    return parse(text) as unknown;
  };
  try {
    check(() => parsed);
  } finally {
    JSON.parse = parse;
  }
}

const list = {
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '42', continue: 'eyJ9' },
  items: [
    { metadata: { name: 'a', annotations: { quote: 'a "}" and a \\ and ] [ {' } }, spec: {} },
    { metadata: { name: 'bé-ü', labels: { emoji: '🐳 ✓' } }, data: [[1, 2], { x: [] }] },
    { metadata: { name: 'c' }, status: { message: 'back-off \\"pulling\\" {image}' } },
  ],
};

describe('a list parsed as it arrives', () => {
  it.each([1, 2, 3, 7, 64, 100_000])(
    'answers what JSON.parse answers, in chunks of %i bytes',
    (size) => {
      for (const body of [JSON.stringify(list), JSON.stringify(list, null, 2)])
        expect(streamed(body, size)).toEqual(JSON.parse(body));
    },
  );

  it('keeps the fields after the items, and an empty list', () => {
    const body = '{"items": [ ], "kind":"SecretList","metadata":{"resourceVersion":"7"}}';
    expect(streamed(body, 5)).toEqual(JSON.parse(body));
  });

  it('parses each object once its closing brace has come, before the body ends', () => {
    const stream = createListStream<{ n: number }>();
    countingParses((parsed) => {
      stream.push(Buffer.from('{"metadata":{},"items":[{"n":1},{"n":'));
      expect(parsed()).toBe(1);
      stream.push(Buffer.from('2}'));
      expect(parsed()).toBe(2);
      stream.push(Buffer.from(']}'));
      expect(stream.end()?.items).toEqual([{ n: 1 }, { n: 2 }]);
    });
  });

  it('parses a body that is not a list whole: null, a Status, an array not named items', () => {
    for (const body of [
      'null',
      '{"kind":"Status","code":410,"details":{"causes":[]}}',
      '{"other":[{"a":1}]}',
    ])
      expect(streamed(body, 3)).toEqual(JSON.parse(body));
  });

  it('throws as JSON.parse does for a body cut short or broken', () => {
    expect(() => streamed('{"items":[{"a":1},{"b"', 4)).toThrow(SyntaxError);
    expect(() => streamed('{"items":[{"a":1}]', 4)).toThrow(SyntaxError);
    expect(() => streamed('{"items":[{"a":}]}', 4)).toThrow(SyntaxError);
  });
});

describe('a Kubernetes list, cut where one object ends and the next begins', () => {
  const pod = (name: string) => ({
    metadata: {
      name,
      annotations: { note: 'not a cut: },{"metadata":{ and \\ and "' },
      managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:metadata': { 'f:labels': {} } } }],
    },
    spec: { containers: [{ name: 'app' }, { name: 'side' }] },
  });
  const podList = {
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '9' },
    items: [pod('a'), pod('bé-🐳'), pod('c')],
  };
  const streamedWith = (body: string, size: number, omitManagedFields: boolean) => {
    const bytes = Buffer.from(body, 'utf8');
    const stream = createListStream<unknown>({ omitManagedFields });
    for (let at = 0; at < bytes.length; at += size) stream.push(bytes.subarray(at, at + size));
    return stream.end();
  };

  it.each([1, 2, 13, 64, 100_000])('answers what JSON.parse answers, in chunks of %i', (size) => {
    const body = JSON.stringify(podList);
    expect(streamedWith(body, size, false)).toEqual(JSON.parse(body));
  });

  it('joins a cut inside an object (an array of objects with metadata first) with the next', () => {
    const sets = {
      items: [
        {
          metadata: { name: 's' },
          spec: { templates: [{ metadata: { a: 1 } }, { metadata: { b: 2 } }] },
        },
        { metadata: { name: 't' } },
      ],
    };
    for (const size of [1, 7, 100_000])
      expect(streamedWith(JSON.stringify(sets), size, false)).toEqual(sets);
  });

  it('parses the objects of every 64 KB while the rest of the body is still coming', () => {
    const stream = createListStream<{ metadata: { n: number; pad: string } }>();
    const pad = 'x'.repeat(1000);
    const objects = Array.from({ length: 200 }, (_, n) => JSON.stringify({ metadata: { n, pad } }));
    const body = Buffer.from(`{"metadata":{},"items":[${objects.join(',')}]}`);
    const half = Math.floor(body.length / 2);
    countingParses((parsed) => {
      for (let at = 0; at < half; at += 4096)
        stream.push(body.subarray(at, Math.min(at + 4096, half)));
      // ~100 KB in: the first 64 KB's objects are parsed, one by one, before the body ends.
      expect(parsed()).toBeGreaterThanOrEqual(60);
      expect(parsed()).toBeLessThan(100);
      stream.push(body.subarray(half));
      expect(stream.end()?.items?.map((item) => item.metadata.n)).toEqual(
        Array.from({ length: 200 }, (_, n) => n),
      );
    });
  });

  it('hands each object to onItem once parsed, before the body ends, and ignores its errors', () => {
    const seen: string[] = [];
    const stream = createListStream<{ metadata: { name: string } }>({
      onItem: (item: { metadata: { name: string } }) => {
        seen.push(item.metadata.name);
        if (item.metadata.name === 'a') throw new Error('ahead-of-time work failed');
      },
    });
    const objects = ['a', 'b', 'c'].map((name) => ({
      metadata: { name, pad: 'x'.repeat(40_000) },
    }));
    const body = Buffer.from(JSON.stringify({ metadata: {}, items: objects }));
    // ~100 KB in: the two objects whose ends have come, not the third.
    stream.push(body.subarray(0, 100_000));
    expect(seen).toEqual(['a', 'b']);
    stream.push(body.subarray(100_000));
    expect(stream.end()?.items?.map((item) => item.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual(['a', 'b', 'c']);
    // Scanned lists (not metadata first) too.
    const scanned: unknown[] = [];
    const other = createListStream({ onItem: (item: never) => scanned.push(item) });
    other.push(Buffer.from('{"items":[{"x":1},{"x":2}]}'));
    expect(other.end()?.items).toEqual([{ x: 1 }, { x: 2 }]);
    expect(scanned).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('drops metadata.managedFields with omitManagedFields, cut or scanned', () => {
    const { managedFields: _dropped, ...metadata } = pod('a').metadata;
    const expected = {
      ...podList,
      items: podList.items.map((item) => ({
        ...item,
        metadata: { ...metadata, name: item.metadata.name },
      })),
    };
    for (const body of [JSON.stringify(podList), JSON.stringify(podList, null, 2)])
      for (const size of [3, 100_000]) expect(streamedWith(body, size, true)).toEqual(expected);
  });

  /** What JSON.parse and a delete answer: the reference for omitManagedFields. */
  const withoutManagedFields = (body: string) => {
    const parsed = JSON.parse(body) as { items: Array<{ metadata: Record<string, unknown> }> };
    for (const item of parsed.items) delete item.metadata.managedFields;
    return parsed;
  };
  // Field-set keys hold escaped quotes and brackets; a custom resource's metadata is a map, its
  // keys sorted, so managedFields comes before name.
  const tricky = {
    metadata: { resourceVersion: '7' },
    items: [
      {
        metadata: {
          creationTimestamp: '2026-12-07T00:00:00Z',
          managedFields: [
            {
              manager: 'kubectl ],"x" ]},"y"',
              fieldsV1: { 'f:spec': { 'k:{"name":"a],\\"b"}': { '.': {} }, 'v:"]}"': {} } },
            },
          ],
          name: 'sorted-keys',
          namespace: 'ns',
        },
        spec: { list: [1, [2, 3]] },
      },
      {
        metadata: {
          name: 'struct-order',
          creationTimestamp: '2026-12-07T00:00:00Z',
          managedFields: [{ manager: 'a' }, { manager: 'b', fieldsV1: { 'f:data': {} } }],
        },
        data: { '.dockerconfigjson': 'e30=' },
      },
      { metadata: { name: 'none', creationTimestamp: '2026-12-07T00:00:00Z' }, spec: {} },
      {
        metadata: { managedFields: [{ manager: 'first key, no comma before it' }], name: 'first' },
      },
    ],
  };

  it.each([1, 5, 64, 100_000])(
    'cuts managedFields out before parsing, the same objects as a delete after (chunks of %i)',
    (size) => {
      const body = JSON.stringify(tricky);
      expect(streamedWith(body, size, true)).toEqual(withoutManagedFields(body));
    },
  );

  it('never parses the managedFields of a cut object', () => {
    const parse = JSON.parse;
    const texts: string[] = [];
    JSON.parse = (text: string) => {
      texts.push(text);
      return parse(text) as unknown;
    };
    try {
      streamedWith(JSON.stringify(podList), 100_000, true);
    } finally {
      JSON.parse = parse;
    }
    // The first two objects are cut; the last one ends the list and is parsed with it.
    expect(texts.slice(0, 2).map((text) => text.includes('managedFields'))).toEqual([false, false]);
  });

  it('parses whole, and deletes, an object whose managedFields are not as the API server writes them', () => {
    const odd = {
      items: [
        { metadata: { name: 'a', managedFields: [['a'], 'b', { x: '],"' }], z: 1 }, spec: {} },
        { metadata: { name: 'b' } },
      ],
    };
    const body = JSON.stringify(odd);
    expect(streamedWith(body, 100_000, true)).toEqual(withoutManagedFields(body));
  });
});
