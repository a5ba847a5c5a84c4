/**
 * Writing back a pull secret nested 10,000 levels deep (the kubelet reads it: Go's limit): the
 * Pull doctor's rewrite of a rejected secret and a registry edit keep its deep unknown field,
 * where JSON.stringify and a recursive copy overflow the stack (after ~4,500 levels in V8).
 */
import { describe, expect, it } from 'vitest';
import {
  mergeDockerConfig,
  parseDockerConfig,
  serializeDockerConfig,
} from '@core/dockerconfig/dockerconfig';
import { kubeletReadSecret } from '@core/dockerconfig/kubelet-config';
import { planRewrite } from '@core/pulls/fixes/secret-rewrite';
import { deepDockerConfigSecret, nestedArrays } from './dockerconfig/deep-config';

/** 10,000 levels in all: {auths{entry{"x": 9,997 arrays}}}, plus a top-level field as deep. */
const deepText = (auth: string) =>
  `{"auths":{"reg.example.com":{"username":"alice","password":"pw-alice","auth":"${auth}","x":${nestedArrays(9_997)}}},"extra":${nestedArrays(9_999)}}`;

describe('a pull secret nested 10,000 levels, written back', () => {
  it("the Pull doctor's rewrite of it (rejected for its auth) keeps the deep fields", () => {
    const plan = planRewrite(deepDockerConfigSecret(deepText('not base64!')));
    expect(plan.kept).toEqual([
      expect.objectContaining({ key: 'reg.example.com', username: 'alice' }),
    ]);
    expect(plan.text).toContain(`"x":${nestedArrays(9_997)}`);
    expect(plan.text).toContain(`"extra":${nestedArrays(9_999)}`);
    expect(kubeletReadSecret(deepDockerConfigSecret(plan.text))).toMatchObject({ rejected: false });
    expect(plan.preview).not.toContain('pw-alice');
  });

  it('an edit merges the new login and keeps the deep fields', () => {
    const config = parseDockerConfig(deepText(Buffer.from('alice:pw-alice').toString('base64')));
    const merged = mergeDockerConfig(config, 'reg.example.com', {
      username: 'alice',
      password: 'pw-new',
    });
    const text = serializeDockerConfig(merged);
    expect(text).toContain(`"x":${nestedArrays(9_997)}`);
    expect(kubeletReadSecret(deepDockerConfigSecret(text))).toMatchObject({
      rejected: false,
      entries: [expect.objectContaining({ password: 'pw-new' })],
    });
  });
});
