import { describe, expect, it } from 'vitest';
import { AppError } from '@core/api/errors';
import { revealableConfig, toCopy, type SecretLike } from '@core/registries/model';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const secretOf = (config: unknown): SecretLike => ({
  metadata: { name: 's', namespace: 'n', resourceVersion: '1' },
  data: { '.dockerconfigjson': b64(typeof config === 'string' ? config : JSON.stringify(config)) },
});

describe('registry entries show what the kubelet will use', () => {
  it('takes the username from auth when auth holds other credentials, and flags it', () => {
    const copy = toCopy(
      secretOf({
        auths: { 'r.io': { username: 'old', password: 'old-pw', auth: b64('new:new-pw') } },
      }),
    );
    expect(copy.invalid).toBeNull();
    expect(copy.entries).toEqual([
      {
        key: 'r.io',
        registry: 'r.io',
        username: 'new',
        email: null,
        hasPassword: true,
        staleAuth: true,
      },
    ]);
  });

  it('an auth that agrees with the fields is not stale; an entry with only auth shows its user', () => {
    const copy = toCopy(
      secretOf({
        auths: {
          'a.io': { username: 'u', password: 'p', auth: b64('u:p') },
          'b.io': { auth: b64('only:pw') },
        },
      }),
    );
    expect(copy.entries.map((e) => [e.key, e.username, e.hasPassword, e.staleAuth])).toEqual([
      ['a.io', 'u', true, false],
      ['b.io', 'only', true, false],
    ]);
  });

  it('an auth with an empty password is shown as no password, as the kubelet uses it', () => {
    const copy = toCopy(
      secretOf({ auths: { 'r.io': { username: 'u', password: 'p', auth: b64('u:') } } }),
    );
    expect(copy.entries[0]).toMatchObject({ username: 'u', hasPassword: false, staleAuth: true });
  });

  it('says when the kubelet rejects a config that is otherwise well-formed, without quoting', () => {
    const copy = toCopy(
      secretOf({ auths: { 'r.io': { username: 'u', password: 'p', auth: 'not*base64' } } }),
    );
    expect(copy.invalid).toBe(
      'the kubelet rejects this secret: entry "r.io": auth is not valid base64 (at byte 3)',
    );
    expect(copy.invalid).not.toContain('not*base64');
  });
});

describe('revealableConfig', () => {
  it('answers SECRET_INVALID (a domain error, not INTERNAL) for a config it cannot read', () => {
    const secret = secretOf({ auths: '{"r.io":{"password":"canary' });
    expect(() => revealableConfig(secret)).toThrow(AppError);
    try {
      revealableConfig(secret);
    } catch (error) {
      expect(error).toMatchObject({
        code: 'SECRET_INVALID',
        message: 's cannot be read: "auths" is not an object (it is a string)',
      });
      expect((error as Error).message).not.toContain('canary');
    }
  });

  it('leaves out entries that are not objects', () => {
    const config = revealableConfig(
      secretOf({ auths: { 'a.io': 'x', 'b.io': null, 'c.io': { username: 'u', password: 'p' } } }),
    );
    expect(Object.keys(config.auths)).toEqual(['c.io']);
  });
});
