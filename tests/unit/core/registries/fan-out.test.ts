/**
 * Pure: a registry write across namespaces as one previewed write. The report's results stay as
 * they were (no version in them); each target says its change (planned on a dry run, done on a
 * write) with the version read or written; `written` only when something was.
 */
import { describe, expect, it } from 'vitest';
import { fanOutAnswer } from '@core/registries/fan-out';

const at = (namespace: string) => ({ context: 'alpha', namespace, name: 'regcred' });

describe('fanOutAnswer', () => {
  it('a dry run: planned changes, versions read, nothing written', () => {
    const answer = fanOutAnswer(
      'op',
      [
        { ...at('a'), outcome: 'created', resourceVersion: null },
        { ...at('b'), outcome: 'updated', resourceVersion: '7' },
        { ...at('c'), outcome: 'clash', message: 'not managed by PullKey', resourceVersion: '3' },
      ],
      ['keychain unavailable'],
      true,
    );
    expect(answer.results).toEqual([
      { ...at('a'), outcome: 'created' },
      { ...at('b'), outcome: 'updated' },
      { ...at('c'), outcome: 'clash', message: 'not managed by PullKey' },
    ]);
    expect(answer.warnings).toEqual(['keychain unavailable']);
    expect(answer.written).toBe(false);
    expect(answer.resourceVersion).toBeNull();
    expect(answer.preview).toBe(
      'a: create secret regcred\nb: update secret regcred\nc: clash: secret regcred (not managed by PullKey)',
    );
    expect(
      answer.targets.map((target) => [target.namespace, target.written, target.resourceVersion]),
    ).toEqual([
      ['a', false, null],
      ['b', false, '7'],
      ['c', false, '3'],
    ]);
  });

  it('a write: what was written, at the version written; a failure writes nothing', () => {
    const answer = fanOutAnswer(
      'op',
      [
        { ...at('a'), outcome: 'updated', resourceVersion: '12' },
        { ...at('b'), outcome: 'conflict', message: 'changed since you looked' },
        { ...at('c'), outcome: 'cancelled', message: 'cancelled before it started' },
      ],
      [],
      false,
    );
    expect(answer.written).toBe(true);
    expect(answer.targets).toEqual([
      {
        namespace: 'a',
        name: 'regcred',
        preview: 'a: updated secret regcred',
        written: true,
        resourceVersion: '12',
      },
      {
        namespace: 'b',
        name: 'regcred',
        preview: 'b: conflict: secret regcred (changed since you looked)',
        written: false,
        resourceVersion: null,
      },
      {
        namespace: 'c',
        name: 'regcred',
        preview: 'c: cancelled: secret regcred (cancelled before it started)',
        written: false,
        resourceVersion: null,
      },
    ]);
    expect(fanOutAnswer('op', [{ ...at('a'), outcome: 'unchanged' }], [], false).written).toBe(
      false,
    );
  });
});
