/** Which existing same-named secrets ESO adopts, and which are conflicts to resolve first. */
import { describe, expect, it } from 'vitest';
import { planAdoption, type ExistingSecret } from '@core/eso/adoption';

const project = { kind: 'pullkey' as const, id: 'team1' };
const secret = (
  namespace: string,
  extra: Partial<ExistingSecret['metadata']> = {},
  type = 'kubernetes.io/dockerconfigjson',
): ExistingSecret => ({
  metadata: { name: 'regcred', namespace, ...extra },
  type,
});
const pullkeyCopy = {
  labels: { 'app.kubernetes.io/managed-by': 'pullkey', 'pullkey.dev/project': 'team1' },
};

describe('planAdoption', () => {
  it('sorts namespaces into created, adopted, kept and conflicts', () => {
    const existing = new Map<string, ExistingSecret>([
      ['a', secret('a', pullkeyCopy)],
      [
        'b',
        secret('b', {
          ownerReferences: [
            {
              apiVersion: 'external-secrets.io/v1',
              kind: 'ExternalSecret',
              name: 'regcred-pullkey-team1',

              controller: true,
            },
          ],
        }),
      ],
      ['c', secret('c')],
      [
        'd',
        secret('d', {
          labels: { 'app.kubernetes.io/managed-by': 'pullkey', 'pullkey.dev/project': 'other' },
        }),
      ],
      [
        'e',
        secret('e', {
          ownerReferences: [
            {
              apiVersion: 'external-secrets.io/v1',
              kind: 'ExternalSecret',
              name: 'theirs',

              controller: true,
            },
          ],
        }),
      ],
      ['f', secret('f', pullkeyCopy, 'Opaque')],
    ]);
    const plan = planAdoption(
      ['g', 'f', 'e', 'd', 'c', 'b', 'a'],
      existing,
      'regcred-pullkey-team1',
      project,
    );
    expect(plan.created).toEqual(['g']);
    expect(plan.adopted).toEqual(['a']);
    expect(plan.kept).toEqual(['b']);
    expect(plan.conflicts.map((c) => c.namespace)).toEqual(['c', 'd', 'e', 'f']);
    expect(plan.conflicts[0]!.reason).toContain('PullKey did not write');
    expect(plan.conflicts[1]!.reason).toContain('another registry');
    expect(plan.conflicts[2]!.reason).toContain('External Secrets');
    expect(plan.conflicts[3]!.reason).toContain('Opaque');
  });
});
