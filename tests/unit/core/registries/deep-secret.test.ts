/**
 * A pull secret nested thousands of levels deep (the kubelet reads up to 10,000: Go's limit)
 * is that secret's problem, never the list's: the registry list, the masked detail and YAML
 * read it the way the kubelet does, and beyond Go's limit it is unreadable with a reason that
 * quotes nothing. Any other failure reading one secret is that secret's verdict too.
 */
import { describe, expect, it } from 'vitest';
import { maskedSecretYaml } from '@core/dockerconfig/secret-manifest';
import { credentialStrings, maskedConfigText, TOO_DEEP } from '@core/dockerconfig/masking';
import { groupRegistries, toCopy, type SecretLike } from '@core/registries/model';
import { nestedArrays } from '../dockerconfig/deep-config';

const PASSWORD = 'CANARY-deep-pw-x7Q';
/** The whole text is `levels` levels deep: {auths{entry{"x": arrays}}}. */
const deepText = (levels: number) =>
  `{"auths":{"reg.example.com":{"username":"alice","password":"${PASSWORD}","x":${nestedArrays(levels - 3)}}}}`;
const shallowText = JSON.stringify({
  auths: { 'other.example.com': { username: 'bob', password: 'CANARY-other-pw-x7Q' } },
});

function secretOf(name: string, text: string): SecretLike {
  return {
    metadata: { name, namespace: 'team1', resourceVersion: '1' },
    data: { '.dockerconfigjson': Buffer.from(text).toString('base64') },
  };
}

describe('a deeply nested pull secret', () => {
  it('at 6,000 and 10,000 levels is read as the kubelet reads it; the list keeps every registry', () => {
    const secrets = [
      secretOf('deep-6000', deepText(6_000)),
      secretOf('deep-10000', deepText(10_000)),
      secretOf('other', shallowText),
    ];
    const groups = groupRegistries(secrets, []);
    expect(groups.map((group) => [group.name, group.hosts])).toEqual([
      ['deep-10000', ['reg.example.com']],
      ['deep-6000', ['reg.example.com']],
      ['other', ['other.example.com']],
    ]);
    for (const group of groups) expect(group.copies[0]!.invalid).toBeNull();
  });

  it('beyond 10,000 levels is unreadable, with a reason that says where and quotes nothing', () => {
    const text = deepText(10_001);
    const copy = toCopy(secretOf('deep-10001', text));
    expect(copy.entries).toEqual([]);
    expect(copy.invalid).toBe(
      `nested more than 10000 levels deep (at byte ${text.indexOf('[') + 9_998})`,
    );
    const groups = groupRegistries(
      [secretOf('deep-10001', text), secretOf('other', shallowText)],
      [],
    );
    expect(groups.map((group) => group.name)).toEqual(['deep-10001', 'other']);
    expect(maskedConfigText(text)).toBe(copy.invalid);
  });

  it('its masked config and YAML are bounded in depth and size, with no credential', () => {
    for (const levels of [3_000, 6_000, 10_000]) {
      const secret = secretOf('deep', deepText(levels));
      const masked = maskedConfigText(deepText(levels));
      expect(masked).toContain(TOO_DEEP);
      expect(masked).toContain('"username": "alice"');
      expect(masked.length).toBeLessThan(2_000);
      const yaml = maskedSecretYaml(secret);
      expect(yaml).not.toContain(PASSWORD);
      expect(yaml).not.toContain('CANARY');
    }
  });

  it('every string of it counts as a possible credential, at any depth', () => {
    const text = `{"auths":{},"x":${'['.repeat(8_000)}"CANARY-bottom-x7Q"${']'.repeat(8_000)}}`;
    expect(credentialStrings(text)).toContain('CANARY-bottom-x7Q');
  });

  it('a reader failure nobody foresaw is that secret\'s "unreadable" verdict, named not quoted', () => {
    // The first read (the content hash) succeeds; reading the config then fails.
    let reads = 0;
    const failing: SecretLike = {
      metadata: { name: 'odd', namespace: 'team1' },
      data: {
        get '.dockerconfigjson'(): string {
          reads += 1;
          if (reads > 1) throw new RangeError(`boom ${PASSWORD}`);
          return Buffer.from(shallowText).toString('base64');
        },
      },
    };
    const groups = groupRegistries([failing, secretOf('other', shallowText)], []);
    const odd = groups.find((group) => group.name === 'odd')!.copies[0]!;
    expect(odd).toMatchObject({
      entries: [],
      invalid: 'unreadable: PullKey could not read it (RangeError)',
    });
    expect(groups.find((group) => group.name === 'other')!.copies[0]!.invalid).toBeNull();
  });
});
