/** What Delete and Back to laptop sync touch: the store kept while another registry uses it. */
import { describe, expect, it } from 'vitest';
import type { KeptRegistry } from '@core/api/contract';
import { removePlan, removePreview } from '@core/eso/removal';

function row(id: string, namespaces: KeptRegistry['namespaces'] = []): KeptRegistry {
  return {
    id,
    name: 'regcred',
    project: { kind: 'pullkey', id: 'team1' },
    source: { namespace: 'pullkey-system', name: id },
    refreshInterval: '5m',
    state: 'kept',
    summary: '',
    kept: 0,
    total: 0,
    refreshedAt: null,
    namespaces,
    failedNamespaces: [],
    store: { name: 'pullkey-pullkey-team1', ready: true, reason: null, message: null },
    writtenAt: null,
    syncRequestedAt: null,
    resourceVersion: '1',
  };
}
const ns = (
  namespace: string,
  state: KeptRegistry['namespaces'][number]['state'],
  secret = true,
) => ({
  namespace,
  state,
  reason: null,
  message: null,
  refreshTime: null,
  secret,
});

describe('removePlan', () => {
  const kept = row('regcred-pullkey-team1', [
    ns('a', 'kept'),
    ns('b', 'failing'),
    ns('c', 'waiting', false),
    ns('d', 'not-created'),
  ]);

  it('the CES, the source, the store and its reader; the copies it keeps', () => {
    const plan = removePlan(kept, [kept]);
    expect(plan.objects.map((o) => o.kind)).toEqual([
      'ClusterExternalSecret',
      'Secret',
      'ClusterSecretStore',
      'RoleBinding',
      'Role',
      'ServiceAccount',
    ]);
    // d's secret is not this registry's (its ExternalSecret was never created there).
    expect(plan.copies).toEqual(['a', 'b']);
    expect(plan.storeShared).toBe(false);
    expect(removePreview(kept, plan, 'delete')).toContain(
      'delete Secret a/regcred (owned by its ExternalSecret)',
    );
    expect(removePreview(kept, plan, 'to-laptop')).toContain(
      'keep Secret b/regcred (no owner left',
    );
  });

  it('a store another kept registry uses stays', () => {
    const other = row('mirror-pullkey-team1');
    const plan = removePlan(kept, [kept, other]);
    expect(plan.storeShared).toBe(true);
    expect(plan.objects.map((o) => o.kind)).toEqual(['ClusterExternalSecret', 'Secret']);
    expect(removePreview(kept, plan, 'delete')).toContain(
      'keep ClusterSecretStore pullkey-pullkey-team1',
    );
  });
});
