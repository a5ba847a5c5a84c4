import { describe, expect, it } from 'vitest';
import { canonicalJson, sameObject } from '../../../../electron/core/kube/same-object';

const role = (extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: {
    name: 'pullkey-pullkey-p',
    namespace: 'pullkey-system',
    uid: 'u-1',
    labels: { 'app.kubernetes.io/managed-by': 'pullkey' },
    resourceVersion: '10',
    generation: 1,
    managedFields: [{ manager: 'pullkey', operation: 'Apply', time: '2026-12-07T05:00:00Z' }],
    ...meta,
  },
  rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['a'] }],
  ...extra,
});

describe('canonicalJson', () => {
  it('sorts keys, drops undefined entries, writes Dates as ISO text', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: new Date(0) } })).toBe(
      '{"a":{"c":"1970-01-01T00:00:00.000Z"},"b":1}',
    );
  });
});

describe('sameObject (live vs the server-side apply dry run)', () => {
  it.each([
    ['identical', role(), true],
    [
      'only managedFields, resourceVersion and generation differ',
      role({}, { resourceVersion: '11', generation: 2, managedFields: [] }),
      true,
    ],
    ['keys in another order', Object.fromEntries(Object.entries(role()).reverse()), true],
    ['a status written by the controller meanwhile', role({ status: { ready: true } }), true],
    [
      'a rule changed',
      role({ rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] }),
      false,
    ],
    ['a label added', role({}, { labels: { a: 'b' } }), false],
    ['an annotation added', role({}, { annotations: { a: 'b' } }), false],
  ])('%s → %s', (_what, applied, same) => {
    expect(sameObject(role(), applied)).toBe(same);
  });

  it('a Secret whose data changes is not the same', () => {
    const secret = (data: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', resourceVersion: '1' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': data },
    });
    expect(sameObject(secret('e30='), secret('e30='))).toBe(true);
    expect(sameObject(secret('e30='), secret('e319'))).toBe(false);
  });
});
