import { describe, expect, it } from 'vitest';
import { diagnosePull, nextRetryAt } from '@core/diagnosis/pull-failure';
import { image } from './pull-image';

// Messages in the kubelet/containerd wording the simulated kubelet reproduces.
describe('diagnosePull', () => {
  it.each<[name: string, message: string, matchingSecrets: string[], expected: object]>([
    [
      'wrong password (basic registry)',
      'Failed to pull image "localhost:5000/team/hello:1.0": rpc error: code = Unknown desc = failed to pull and unpack image "localhost:5000/team/hello:1.0": failed to resolve reference "localhost:5000/team/hello:1.0": unexpected status from HEAD request to http://localhost:5000/v2/team/hello/manifests/1.0: 401 Unauthorized',
      ['regcred'],
      {
        kind: 'credentials-rejected',
        message: 'the registry rejected the credentials in secret "regcred" for localhost:5000',
      },
    ],
    [
      'no secret for the host',
      'failed to resolve reference "localhost:5000/team/hello:1.0": unexpected status from HEAD request to http://localhost:5000/v2/team/hello/manifests/1.0: 401 Unauthorized',
      [],
      {
        kind: 'no-credentials',
        message: expect.stringContaining('no credentials for localhost:5000'),
      },
    ],
    [
      'missing tag',
      'rpc error: code = NotFound desc = failed to pull and unpack image "localhost:5000/team/hello:1.2": failed to resolve reference "localhost:5000/team/hello:1.2": localhost:5000/team/hello:1.2: not found',
      ['regcred'],
      {
        kind: 'not-found',
        message: 'tag 1.2 not found in localhost:5000/team/hello',
      },
    ],
    [
      'unreachable from the cluster',
      'failed to do request: Head "https://localhost:5999/v2/team/hello/manifests/1.0": dial tcp 127.0.0.1:5999: connect: connection refused',
      [],
      {
        kind: 'unreachable',
        message: expect.stringContaining('connection refused'),
      },
    ],
  ])('%s', (_name, message, matchingSecrets, expected) => {
    expect(diagnosePull({ ...image, message, matchingSecrets })).toMatchObject(expected);
  });

  it('wrong password (token registry)', () => {
    const message =
      'failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://localhost:5001/token?scope=repository%3Ateam%2Fhello%3Apull&service=pullkey: 401 Unauthorized';
    expect(diagnosePull({ ...image, message, matchingSecrets: ['a', 'b'] }).kind).toBe(
      'credentials-rejected',
    );
  });

  it('insufficient scope', () => {
    const message =
      'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
    expect(diagnosePull({ ...image, message, matchingSecrets: ['bobcred'] }).kind).toBe(
      'access-denied',
    );
    expect(diagnosePull({ ...image, message, matchingSecrets: [] }).kind).toBe('no-credentials');
  });
});

describe('nextRetryAt', () => {
  it('doubles the last gap, capped', () => {
    expect(nextRetryAt([])).toBeNull();
    expect(nextRetryAt([1_000])).toBe(11_000);
    expect(nextRetryAt([0, 10_000, 30_000])).toBe(70_000);
    expect(nextRetryAt([0, 200_000], 10_000, 300_000)).toBe(500_000);
  });
});
