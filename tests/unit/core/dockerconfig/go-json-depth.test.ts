/**
 * Nesting as Go's encoding/json reads it (scanner maxNestingDepth = 10000): the kubelet reads a
 * pull secret nested up to 10,000 levels and refuses the 10,001st open object or array, at the
 * byte Go reports (answers recorded from Go in the kubelet oracle; offsets checked with go1.26).
 * PullKey's reader must do the same without overflowing the JS stack.
 */
import { describe, expect, it } from 'vitest';
import {
  GoJsonSyntaxError,
  nestedBeyondGo,
  parseGoJson,
  parseJsonDescribed,
} from '@core/dockerconfig/go-json';
import { kubeletReadSecret, readKubeletConfig } from '@core/dockerconfig/kubelet-config';
import { deepDockerConfigSecret, nestedArrays } from './deep-config';

/** A config whose entry has an unknown field nested so that the whole text has `levels` levels. */
const deepConfig = (levels: number) =>
  `{"auths":{"reg.example.com":{"username":"u","password":"CANARY-deep-pw","x":${nestedArrays(levels - 3)}}}}`;

function depthError(text: string): GoJsonSyntaxError {
  try {
    parseGoJson(text);
  } catch (error) {
    if (error instanceof GoJsonSyntaxError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('Go JSON nesting', () => {
  it('reads 6,000 and 10,000 levels (the kubelet does) without overflowing the stack', () => {
    for (const levels of [6_000, 10_000]) {
      const root = parseGoJson(deepConfig(levels));
      expect(root.kind).toBe('object');
      expect(readKubeletConfig(deepConfig(levels))).toEqual({
        rejected: false,
        entries: [
          expect.objectContaining({
            key: 'reg.example.com',
            username: 'u',
            password: 'CANARY-deep-pw',
          }),
        ],
      });
    }
    expect(parseGoJson(nestedArrays(10_000)).kind).toBe('array');
  });

  it("refuses the 10,001st level where Go does, with Go's offset", () => {
    // go1.26 json.Unmarshal: "invalid character '[' exceeded max depth", Offset 10001.
    const empty = depthError(nestedArrays(10_001));
    expect(empty).toMatchObject({ offset: 10_001, problem: 'depth', atEnd: false });
    expect(empty.message).toBe('nested more than 10000 levels deep (at byte 10001)');
    const inField = `{"auths":{"r":{"username":"u","password":"p"}},"x":${nestedArrays(10_000)}}`;
    expect(depthError(inField).offset).toBe(10_051);
    const objects = `{"auths":{"r":{"username":"u","password":"p","x":${'{"a":'.repeat(9_998)}1${'}'.repeat(9_998)}}}}`;
    expect(depthError(objects).offset).toBe(50_035);
  });

  it('a secret nested beyond Go is rejected with a reason that quotes nothing', () => {
    const text = deepConfig(10_001);
    const verdict = kubeletReadSecret(deepDockerConfigSecret(text));
    expect(verdict).toEqual({
      secret: 'deep',
      rejected: true,
      reason: `nested more than 10000 levels deep (at byte ${text.indexOf('[') + 10_001 - 3})`,
    });
    expect(kubeletReadSecret(deepDockerConfigSecret(deepConfig(6_000)))).toMatchObject({
      rejected: false,
    });
  });

  it('JSON.parse takes any depth: parseJsonDescribed refuses what Go refuses, and says where', () => {
    expect(nestedBeyondGo(deepConfig(10_000))).toBe(false);
    expect(nestedBeyondGo(deepConfig(10_001))).toBe(true);
    // Brackets inside strings are not nesting.
    expect(nestedBeyondGo(JSON.stringify({ note: '['.repeat(30_000) }))).toBe(false);
    expect(parseJsonDescribed(deepConfig(10_000), 'the config').ok).toBe(true);
    const refused = parseJsonDescribed(deepConfig(10_001), 'the config');
    expect(refused).toEqual({
      ok: false,
      problem: expect.stringMatching(/^nested more than 10000 levels deep \(at byte \d+\)$/),
    });
  });
});
