import { describe, expect, it } from 'vitest';
import { diagnosePull } from '@core/diagnosis/pull-failure';
import { foldRollout } from '@core/rollout/model';
import { barePodRollout, podWaitingOnBrokenSecret } from '../rollout/rollout-fakes';
import { image } from './pull-image';

describe('diagnosePull: pull secrets the kubelet rejects', () => {
  it('names the rejected secret and why, before anything else', () => {
    const diagnosis = diagnosePull({
      ...image,
      message: 'illegal base64 data at input byte 4',
      matchingSecrets: ['good'],
      rejectedSecrets: [
        {
          secret: 'broken',
          reason: 'entry "localhost:5000": auth is not valid base64 (at byte 4)',
        },
      ],
    });
    expect(diagnosis).toMatchObject({
      kind: 'secret-rejected',
      secrets: ['broken'],
      message: expect.stringContaining(
        'the kubelet rejects secret "broken": entry "localhost:5000": auth is not valid base64 (at byte 4)',
      ),
    });
  });

  it("recognises the kubelet's decoding errors without repeating them (they quote the secret)", () => {
    const diagnosis = diagnosePull({
      ...image,
      message: "invalid character 's' looking for beginning of value",
      matchingSecrets: [],
    });
    expect(diagnosis.kind).toBe('secret-rejected');
    expect(diagnosis.message).not.toContain("'s'");
  });

  it('says when a rejected secret had a stale auth', () => {
    const message =
      'failed to resolve reference "localhost:5000/team/hello:1.2": unexpected status from HEAD request to http://localhost:5000/v2/team/hello/manifests/1.2: 401 Unauthorized';
    expect(
      diagnosePull({
        ...image,
        message,
        matchingSecrets: ['regcred'],
        staleAuthSecrets: ['regcred'],
      }).message,
    ).toContain('the kubelet uses "auth"');
  });
});

describe('foldRollout with a rejected pull secret', () => {
  // The real kubelet shows the decoding error itself as the waiting reason, not ErrImagePull.
  const waiting = 'unable to parse auth field, must be formatted as base64(username:password)';
  const input = barePodRollout({
    name: 'hello-1',
    image: image.image,
    pods: [podWaitingOnBrokenSecret(image.image, { reason: waiting, message: waiting })],
    events: [],
  });

  it('diagnoses the pod with the secret and the reason', () => {
    const view = foldRollout({
      ...input,
      rejectedSecrets: () => [
        {
          secret: 'broken',
          reason: 'entry "localhost:5000": auth has no ":" between username and password',
        },
      ],
    });
    expect(view.state).toBe('failing');
    expect(view.pods[0]!.diagnosis).toMatchObject({ kind: 'secret-rejected', secrets: ['broken'] });
  });

  it('still diagnoses it when the secret could not be read', () => {
    expect(foldRollout(input).pods[0]!.diagnosis?.kind).toBe('secret-rejected');
  });
});

describe('diagnosePull: the same Go texts inside a pull error are not a rejected secret', () => {
  it('a token endpoint answering HTML', () => {
    const message =
      'Failed to pull image "localhost:5000/team/hello:1.2": rpc error: code = Unknown desc = failed to pull and unpack image: failed to fetch oauth token: invalid character \'<\' looking for beginning of value';
    expect(diagnosePull({ ...image, message, matchingSecrets: [] }).kind).not.toBe(
      'secret-rejected',
    );
  });
});
