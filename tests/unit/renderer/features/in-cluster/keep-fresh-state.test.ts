/**
 * The state of "Keep fresh in the cluster" in words: Ready with the last and next refresh
 * ("in 4 min", "due now"), Failing with the diagnosis and the Warning events, Waiting for External
 * Secrets; errors of the preview and the write in plain words.
 */
import { describe, expect, it } from 'vitest';
import {
  inWords,
  intervalWords,
  keepFreshErrorWords,
  keepFreshEventLines,
  keepFreshHeadline,
  keepFreshPreviewSentence,
  keepFreshProblem,
  keepFreshTimes,
} from '@renderer/features/in-cluster/logic/keep-fresh-state';
import { iso, T0 } from './in-cluster-fakes';
import { keepFreshAnswer, keepFreshState } from './keep-fresh-fakes';

describe('keep fresh state', () => {
  it('Ready: the generator, the last refresh, the next one ticking down, the interval', () => {
    const state = keepFreshState();
    expect(keepFreshHeadline(state)).toEqual({
      text: 'Ready — kept fresh by ECRAuthorizationToken',
      tone: 'success',
    });
    expect(keepFreshTimes(state, T0)).toEqual([
      'Last refresh: 2 min ago',
      'Next refresh: in 4 min',
      'Refreshed every 6h',
    ]);
    expect(keepFreshTimes(state, T0 + 200_000)[1]).toBe('Next refresh: in less than a minute');
    expect(keepFreshTimes(state, T0 + 300_000)[1]).toBe('Next refresh: due now');
    expect(keepFreshProblem(state)).toBeNull();
    expect(inWords('not a time', T0)).toBe('unknown');
    expect(intervalWords(5400)).toBe('1h30m');
    expect(intervalWords(8)).toBe('8s');
  });

  it('Failing: the diagnosis sentence, else the reason; the Warning events newest first', () => {
    const state = keepFreshState({
      phase: 'failing',
      nextRefresh: null,
      refreshTime: null,
      reason: 'SecretSyncedError',
      message: 'could not generate',
      diagnosis:
        'The ECR token generator p-regcred-token fails: Secret "aws-key" is missing in pullkey-system.',
      events: [
        {
          type: 'Warning',
          reason: 'UpdateFailed',
          message: 'secret "aws-key" not found',
          count: 3,
          at: iso(-60_000),
        },
        { type: 'Warning', reason: 'UpdateFailed', message: 'older', count: 1, at: null },
      ],
    });
    expect(keepFreshHeadline(state).tone).toBe('danger');
    expect(keepFreshTimes(state, T0)).toEqual([
      'Last refresh: never yet',
      'Next refresh: none until the generator works',
      'Refreshed every 6h',
    ]);
    expect(keepFreshProblem(state)).toContain('Secret "aws-key" is missing');
    expect(keepFreshProblem({ ...state, diagnosis: null })).toBe(
      'SecretSyncedError: could not generate',
    );
    expect(keepFreshEventLines(state.events, T0)).toEqual([
      'UpdateFailed: secret "aws-key" not found (1 min ago, 3×)',
      'UpdateFailed: older',
    ]);
  });

  it('Waiting for External Secrets; the preview sentence; errors in plain words', () => {
    expect(keepFreshHeadline(keepFreshState({ phase: 'pending' }))).toEqual({
      text: 'Waiting for External Secrets to refresh the token (ECRAuthorizationToken)',
      tone: 'info',
    });
    expect(keepFreshPreviewSentence(keepFreshAnswer())).toBe(
      'Writes ECRAuthorizationToken p-regcred-token and ExternalSecret p-regcred-token, which writes the source secret p-regcred with a new token every 6h.',
    );
    expect(keepFreshErrorWords('CLUSTER_FORBIDDEN', 'forbidden: …')).toMatch(/^Not allowed: /);
    const missing =
      'External Secrets Operator is not installed on this cluster (no …): install it.';
    expect(keepFreshErrorWords('KUBE_NOT_FOUND', missing)).toBe(missing);
    expect(keepFreshErrorWords('KUBE_API_ERROR', 'spec.region: Invalid')).toBe(
      'The cluster refused the manifests: spec.region: Invalid',
    );
    expect(keepFreshErrorWords('KUBE_CONFLICT', 'changed since the preview')).toBe(
      'changed since the preview',
    );
  });
});
