/** An in-cluster write's preview: every object with its action, counts, the adoption sentence. */
import { describe, expect, it } from 'vitest';
import {
  adoptionSentence,
  objectCounts,
  objectRows,
  unchangedSentence,
} from '@renderer/features/in-cluster/logic/preview';
import { inClusterWrite } from './in-cluster-fakes';

describe('in-cluster preview', () => {
  it('names every object, namespaced or cluster-scoped, with what happens to it', () => {
    expect(
      objectRows(inClusterWrite()).map(({ action, kind, name }) => [action, kind, name]),
    ).toEqual([
      ['create', 'Secret', 'pullkey-system/p-regcred'],
      ['create', 'ClusterSecretStore', 'pullkey-p'],
      ['create', 'ClusterExternalSecret', 'pullkey-p-regcred'],
      ['adopted by External Secrets', 'Secret', 'team-a/regcred'],
    ]);
    expect(objectCounts(inClusterWrite())).toBe('create: 3, adopted by External Secrets: 1');
  });

  it('says which copies External Secrets takes over', () => {
    expect(adoptionSentence(inClusterWrite())).toBe(
      'External Secrets takes over the existing copy in namespace team-a: from then on it keeps it, and PullKey no longer writes it.',
    );
    expect(adoptionSentence(inClusterWrite({ adopted: ['a', 'b'] }))).toMatch(
      /in 2 namespaces a, b: from then on it keeps them/,
    );
    expect(adoptionSentence(inClusterWrite({ adopted: [] }))).toBeNull();
  });

  it('a second keep where nothing would change says so; any other action does not', () => {
    const all = inClusterWrite();
    const unchanged = {
      ...all,
      objects: all.objects.map((object) => ({ ...object, action: 'unchanged' as const })),
    };
    expect(unchangedSentence(unchanged)).toBe(
      'Nothing changes: every object is already in the cluster as it would be written.',
    );
    expect(objectCounts(unchanged)).toBe('unchanged: 4');
    expect(unchangedSentence(all)).toBeNull();
    expect(unchangedSentence({ ...all, objects: [] })).toBeNull();
  });
});
