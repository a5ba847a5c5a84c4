import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { unquotedKubeletText } from '@core/diagnosis/kubelet-text';
import { foldRollout } from '@core/rollout/model';
import { barePodRollout, podWaitingOnBrokenSecret } from '../rollout/rollout-fakes';

// Go's JSON errors quote a byte of the secret (or a number's text); the kubelet shows that text
// as the container's waiting reason/message and in events.
const quoting = [
  "invalid character 's' looking for beginning of value",
  "invalid character '\\x01' in string literal",
  "invalid character '\\'' after object key",
  'json: cannot unmarshal number 4242424242 into Go struct field DockerConfigEntry.auths.password of type string',
];

describe('unquotedKubeletText', () => {
  it('drops the bytes Go quotes, keeps the words that say what is wrong', () => {
    expect(quoting.map(unquotedKubeletText)).toEqual([
      'invalid character looking for beginning of value',
      'invalid character in string literal',
      'invalid character after object key',
      'json: cannot unmarshal number into Go struct field DockerConfigEntry.auths.password of type string',
    ]);
  });

  it('leaves other texts alone', () => {
    const text = 'Back-off pulling image "localhost:5000/team/hello:1.2"';
    expect(unquotedKubeletText(text)).toBe(text);
  });
});

describe('foldRollout shows kubelet texts without the quoted secret bytes', () => {
  const image = 'localhost:5000/team/hello:1.2';
  const reason = "invalid character 'Q' looking for beginning of value";
  const pod = podWaitingOnBrokenSecret(image, { reason, message: `secret broken: ${reason}` });
  const event = {
    metadata: { name: 'e1' },
    involvedObject: { kind: 'Pod', name: 'hello-1' },
    reason: 'Failed',
    type: 'Warning',
    message: `Error: ${reason}`,
    lastTimestamp: new Date('2026-01-01T00:00:00Z'),
  } as CoreV1Event;

  it('in the waiting state, the events and the diagnosis', () => {
    const view = foldRollout(
      barePodRollout({ name: 'hello-1', image, pods: [pod], events: [event] }),
    );
    const text = JSON.stringify(view);
    expect(text).not.toContain("'Q'");
    expect(view.pods[0]!.waiting).toEqual({
      reason: 'invalid character looking for beginning of value',
      message: 'secret broken: invalid character looking for beginning of value',
    });
    expect(view.pods[0]!.diagnosis?.kind).toBe('secret-rejected');
  });
});
