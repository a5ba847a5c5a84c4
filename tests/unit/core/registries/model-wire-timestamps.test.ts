import { describe, expect, it } from 'vitest';
import { groupRegistries, toCopy } from '@core/registries/model';

/** The same secret as the wire JSON (raw list, watch) and as client-node's typed model. */
function secret(kind: 'wire' | 'typed', created: string, written: string) {
  const time = (value: string) => (kind === 'wire' ? value : new Date(value));
  return {
    metadata: {
      namespace: 'team1-dev',
      name: 'regcred',
      uid: 'u1',
      resourceVersion: '7',
      creationTimestamp: time(created),
      managedFields: [{ time: time(written), fieldsV1: { 'f:data': {} } }],
    },
    data: {
      '.dockerconfigjson': Buffer.from(
        JSON.stringify({ auths: { 'r.example.com': { username: 'alice', password: 'pw' } } }),
      ).toString('base64'),
    },
  };
}

describe('secret timestamps: wire strings and typed Dates read the same', () => {
  it('gives the same copy and group for both forms', () => {
    const wire = secret('wire', '2026-01-02T03:04:05Z', '2026-01-03T00:00:00Z');
    const typed = secret('typed', '2026-01-02T03:04:05Z', '2026-01-03T00:00:00Z');
    expect(toCopy(wire)).toEqual(toCopy(typed));
    expect(toCopy(wire).createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(toCopy(wire).writtenAt).toBe('2026-01-03T00:00:00.000Z');
    expect(groupRegistries([wire], [])).toEqual(groupRegistries([typed], []));
  });

  it('reads an unparsable creationTimestamp as unknown, not as text', () => {
    expect(toCopy(secret('wire', 'yesterday', '2026-01-03T00:00:00Z')).createdAt).toBeNull();
  });
});
