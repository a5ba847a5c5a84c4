import { describe, expect, it } from 'vitest';
import { AppError } from '@core/api/errors';
import { failureResult } from '@core/registries/outcomes';

describe('failureResult: a failed write as a per-namespace result', () => {
  const result = (error: unknown) => failureResult('alpha', 'team1-dev', 'regcred', error);

  it.each([
    ['CLUSTER_FORBIDDEN', 'forbidden'],
    ['KUBE_CONFLICT', 'conflict'],
    ['KUBE_NOT_FOUND', 'not-found'],
    ['INVALID_INPUT', 'failed'],
  ] as const)('%s is "%s", with the error message', (code, outcome) => {
    expect(result(new AppError(code, 'what happened'))).toEqual({
      context: 'alpha',
      namespace: 'team1-dev',
      name: 'regcred',
      outcome,
      message: 'what happened',
    });
  });

  it('a lost connection is said as such, so "Retry failed" is the obvious next step', () => {
    expect(result(new AppError('CLUSTER_UNREACHABLE', 'ECONNRESET'))).toMatchObject({
      outcome: 'failed',
      message: 'connection lost: ECONNRESET',
    });
  });

  it('an unexpected error or a thrown value is "failed" with its text', () => {
    expect(result(new Error('boom'))).toMatchObject({ outcome: 'failed', message: 'boom' });
    expect(result('plain text')).toMatchObject({ outcome: 'failed', message: 'plain text' });
  });
});
