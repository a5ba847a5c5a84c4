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

  it('parses an object as soon as the next one begins, before the body ends', () => {
    const stream = createListStream<{ metadata: { n: number } }>();
    countingParses((parsed) => {
      stream.push(Buffer.from('{"metadata":{},"items":[{"metadata":{"n":1}},{"metadata":{"n":'));
      expect(parsed()).toBe(1);
      stream.push(Buffer.from('2}}]}'));
      expect(stream.end()?.items).toEqual([{ metadata: { n: 1 } }, { metadata: { n: 2 } }]);
    });
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
});
