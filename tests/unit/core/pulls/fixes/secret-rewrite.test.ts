import { describe, expect, it } from 'vitest';
import { kubeletCredentials } from '@core/dockerconfig/keyring';
import { kubeletReadSecret } from '@core/dockerconfig/kubelet-config';
import { planRewrite } from '@core/pulls/fixes/secret-rewrite';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const secret = (config: string, type = 'kubernetes.io/dockerconfigjson') => ({
  metadata: { name: 'regcred' },
  type,
  data: { [type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson']: b64(config) },
});
const rewritten = (
  plan: ReturnType<typeof planRewrite>,
  type = 'kubernetes.io/dockerconfigjson',
) => ({ metadata: { name: 'regcred' }, type, data: { [plan.dataKey]: b64(plan.text) } });

describe('diagnosis 9: rewrite a secret the kubelet rejects', () => {
  it('keeps every readable credential and the kubelet then reads it', () => {
    const config = JSON.stringify({
      auths: {
        'good.example.com': {
          username: 'alice',
          password: 's3cret:with:colons',
          auth: b64('alice:s3cret:with:colons'),
        },
        // auth is broken, the fields are fine: rebuilt from the fields.
        'fields.example.com': { username: 'bob', password: 'pw-bob', auth: '!!not base64!!' },
        // auth only, with other keys' casing: Go folds field names.
        'authonly.example.com': { AUTH: b64('carol:pw-carol'), Email: 'c@example.com' },
        'junk.example.com': 'a string',
        'empty.example.com': null,
      },
      credsStore: 'desktop',
    });
    const before = secret(config);
    expect(kubeletReadSecret(before).rejected).toBe(true);
    const plan = planRewrite(before);
    expect(plan.reason).toMatch(/entry "fields.example.com": auth is not valid base64/);
    expect(plan.kept.map((item) => [item.key, item.username])).toEqual([
      ['good.example.com', 'alice'],
      ['fields.example.com', 'bob'],
      ['authonly.example.com', 'carol'],
    ]);
    expect(plan.dropped).toEqual([
      'entry "junk.example.com" dropped: it is a string, not an object',
      'entry "empty.example.com" dropped: it is null (no credentials)',
    ]);
    const after = kubeletReadSecret(rewritten(plan));
    expect(after.rejected).toBe(false);
    const read = (image: string) => kubeletCredentials(image, [rewritten(plan)]).matches[0];
    expect(read('good.example.com/app')).toMatchObject({
      username: 'alice',
      password: 's3cret:with:colons',
    });
    expect(read('fields.example.com/app')).toMatchObject({ username: 'bob', password: 'pw-bob' });
    expect(read('authonly.example.com/app')).toMatchObject({
      username: 'carol',
      password: 'pw-carol',
    });
    // kubectl's form, other top-level fields kept.
    const parsed = JSON.parse(plan.text) as {
      auths: Record<string, Record<string, string>>;
      credsStore: string;
    };
    expect(parsed.credsStore).toBe('desktop');
    expect(parsed.auths['authonly.example.com']).toEqual({
      username: 'carol',
      password: 'pw-carol',
      email: 'c@example.com',
      auth: b64('carol:pw-carol'),
    });
  });

  it('never shows a password or auth in the preview or the reasons', () => {
    const plan = planRewrite(
      secret(
        JSON.stringify({
          auths: { 'r.example.com': { username: 'u', password: 'hunter2-pw', auth: 42 } },
        }),
      ),
    );
    expect(plan.kept[0]!.note).toMatch(/auth was a number and is dropped/);
    expect(plan.preview).toContain('"username": "u"');
    expect(plan.preview).not.toContain('hunter2-pw');
    expect(plan.preview).not.toContain(b64('u:hunter2-pw'));
    expect(plan.preview).toMatch(/only \.dockerconfigjson changes/);
  });

  it('keeps the kubelet reading when auth and the fields disagree, and says so', () => {
    const plan = planRewrite(
      secret(
        JSON.stringify({
          auths: {
            'a.example.com': { username: 'old', password: 'old-pw', auth: b64('new:new-pw') },
            'b.example.com': { username: 7 },
          },
        }),
      ),
    );
    expect(plan.kept).toEqual([
      { key: 'a.example.com', username: 'new', note: expect.stringMatching(/kept auth/) as string },
    ]);
    expect(plan.dropped).toEqual([
      'entry "b.example.com" dropped: it holds no username or password',
    ]);
  });

  it('rewrites a legacy .dockercfg secret in its own format (the type cannot change)', () => {
    const legacy = 'kubernetes.io/dockercfg';
    const plan = planRewrite(
      secret(
        JSON.stringify({ 'r.example.com': { auth: 'bad*', username: 'u', password: 'p' } }),
        legacy,
      ),
    );
    expect(plan.dataKey).toBe('.dockercfg');
    expect(kubeletReadSecret(rewritten(plan, legacy)).rejected).toBe(false);
    expect(JSON.parse(plan.text)).toHaveProperty(['r.example.com', 'username'], 'u');
  });

  it('refuses, and says why, when nothing is readable or nothing is wrong', () => {
    expect(() => planRewrite(secret('{"auths": {"r": {"username": "u", "pass'))).toThrow(
      /is not JSON at byte|ends early|not JSON/,
    );
    expect(() =>
      planRewrite(secret('{"auths": {"r": {"username": "u", "password": "hunter2-pw')),
    ).not.toThrow(/hunter2/);
    expect(() => planRewrite(secret('{"auths": {"r": "x"}}'))).toThrow(
      /holds no readable credential/,
    );
    expect(() =>
      planRewrite(secret(JSON.stringify({ auths: { r: { auth: b64('u:p') } } }))),
    ).toThrow(/reads secret "regcred" as it is/);
  });
});
