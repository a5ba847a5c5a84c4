import { describe, expect, it } from 'vitest';
import { groupRegistries } from '@core/registries/model';
import { newestCopy, writtenAt } from '@core/registries/written-at';

const data = { f: { 'f:data': { 'f:.dockerconfigjson': {} } } };

describe('when a secret was last written', () => {
  it('is the newest managedFields entry that owns data fields', () => {
    expect(
      writtenAt({
        metadata: {
          creationTimestamp: '2026-01-01T00:00:00Z',
          managedFields: [
            { time: '2026-01-02T00:00:00Z', fieldsV1: data.f },
            { time: '2026-01-05T00:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': {} } } },
            { time: new Date('2026-01-03T00:00:00Z'), fieldsV1: data.f },
          ],
        },
      }),
    ).toBe('2026-01-03T00:00:00.000Z');
  });

  it("uses PullKey's written-at annotation when it is newer, else the creation time", () => {
    expect(
      writtenAt({
        metadata: {
          annotations: { 'pullkey.dev/written-at': '2026-01-02T00:00:00.500Z' },
          managedFields: [{ time: '2026-01-02T00:00:00Z', fieldsV1: data.f }],
        },
      }),
    ).toBe('2026-01-02T00:00:00.500Z');
    expect(writtenAt({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z' } })).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  it('the newest copy is by write time, never by resourceVersion as a number', () => {
    const copies = [
      { namespace: 'a', resourceVersion: '900', writtenAt: '2026-01-01T00:00:00.000Z' },
      { namespace: 'b', resourceVersion: '1000', writtenAt: '2026-01-02T00:00:00.000Z' },
      // Opaque versions: a "smaller" one can be the newer write (e.g. after an etcd restore).
      { namespace: 'c', resourceVersion: '99', writtenAt: '2026-01-03T00:00:00.000Z' },
    ];
    expect(newestCopy(copies)?.namespace).toBe('c');
    expect(newestCopy([])).toBeUndefined();
  });

  it('project drift calls stale the copies that differ from the most recently written one', () => {
    const secret = (namespace: string, rv: string, time: string, content: string) => ({
      metadata: {
        namespace,
        name: 'reg',
        resourceVersion: rv,
        labels: { 'pullkey.dev/project': 'p' },
        managedFields: [{ time, fieldsV1: data.f }],
      },
      data: { '.dockerconfigjson': Buffer.from(content).toString('base64') },
    });
    const ns = (name: string) => ({
      name,
      phase: 'Active',
      projects: { rancher: null, pullkey: 'p' },
      access: {
        secrets: { list: true, create: true, update: true },
        deployments: { create: true, update: true },
      },
    });
    const [group] = groupRegistries(
      [
        secret('one', '2000', '2026-01-01T00:00:00Z', '{"auths":{"a":{"auth":"eDp5"}}}'),
        secret('two', '10', '2026-01-02T00:00:00Z', '{"auths":{"a":{"auth":"eDp6"}}}'),
      ],
      [ns('one'), ns('two')],
    );
    expect(group!.sync!.stale).toEqual(['one']);
  });
});
