import { describe, expect, it } from 'vitest';
import { entryFor } from '@core/dockerconfig/dockerconfig';
import {
  decodeAuthField,
  kubeletReadSecret,
  podPullSecretNames,
  readKubeletConfig,
  type KubeletConfigVerdict,
} from '@core/dockerconfig/kubelet-config';
import { kubeletCredentials } from '@core/dockerconfig/keyring';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const creds = (verdict: KubeletConfigVerdict) =>
  verdict.rejected
    ? verdict
    : Object.fromEntries(
        verdict.entries.map((entry) => [
          entry.key,
          { username: entry.username, password: entry.password, email: entry.email },
        ]),
      );

// Ported from k8s.io/kubernetes v1.36.3 pkg/credentialprovider/config_test.go.
describe('upstream config_test.go', () => {
  it('TestDockerConfigJsonJSONDecode', () => {
    const input = `{"auths": {"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"}, "http://bar.example.com":{"username": "bar", "password": "baz", "email": "bar@example.com"}}}`;
    expect(creds(readKubeletConfig(input))).toEqual({
      'http://foo.example.com': { username: 'foo', password: 'bar', email: 'foo@example.com' },
      'http://bar.example.com': { username: 'bar', password: 'baz', email: 'bar@example.com' },
    });
  });

  it('TestDockerConfigJSONDecode (legacy .dockercfg map)', () => {
    const input = `{"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"}, "http://bar.example.com":{"username": "bar", "password": "baz", "email": "bar@example.com"}}`;
    expect(creds(readKubeletConfig(input, 'dockercfg'))).toEqual({
      'http://foo.example.com': { username: 'foo', password: 'bar', email: 'foo@example.com' },
      'http://bar.example.com': { username: 'bar', password: 'baz', email: 'bar@example.com' },
    });
  });

  // TestDockerConfigEntryJSONDecode: the entry is wrapped in a config; on failure upstream also
  // checks the half-decoded entry, which the kubelet then throws away (no equivalent here).
  it.each([
    [
      `{"username": "foo", "password": "bar", "email": "foo@example.com"}`,
      ['foo', 'bar', 'foo@example.com'],
    ],
    [`{"auth": "Zm9vOmJhcg==", "email": "foo@example.com"}`, ['foo', 'bar', 'foo@example.com']],
    [
      `{"username": "foo", "password": "bar", "auth": "cGluZzpwb25n", "email": "foo@example.com"}`,
      ['ping', 'pong', 'foo@example.com'],
    ],
    [`{"auth": "pants", "email": "foo@example.com"}`, null],
    [`{"email": false}`, null],
  ])('TestDockerConfigEntryJSONDecode %s', (entry, expected) => {
    const verdict = readKubeletConfig(`{"auths": {"r.io": ${entry}}}`);
    if (expected === null) expect(verdict.rejected).toBe(true);
    else {
      const [username, password, email] = expected;
      expect(creds(verdict)).toEqual({ 'r.io': { username, password, email } });
    }
  });

  it.each([
    ['Zm9vOmJhcg==', 'foo', 'bar'],
    ['Zm9vOmJhcg', 'foo', 'bar'],
    ['Zm9vOm\nJhcg==\n', 'foo', 'bar'],
    [Buffer.from('foo:bar').toString('base64'), 'foo', 'bar'],
    [Buffer.from('foo:bar').toString('base64').replace(/=+$/, ''), 'foo', 'bar'],
    [entryFor({ username: 'foo', password: 'bar' }).auth!, 'foo', 'bar'],
    ['cGFudHM=', null, null],
    ['Zm9vOmJhcg== ', null, null],
    ['pants', null, null],
  ])('TestDecodeDockerConfigFieldAuth %j', (input, username, password) => {
    const decoded = decodeAuthField(input);
    if (username === null) expect(decoded).toHaveProperty('error');
    else expect(decoded).toEqual({ username, password });
  });

  it('TestDockerConfigEntryJSONCompatibleEncode (what PullKey writes)', () => {
    expect(
      JSON.stringify(entryFor({ username: 'foo', password: 'bar', email: 'foo@example.com' })),
    ).toBe(`{"username":"foo","password":"bar","email":"foo@example.com","auth":"Zm9vOmJhcg=="}`);
  });

  it.each([
    [
      'dockercfg',
      `{"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"}}`,
      false,
    ],
    [
      'dockercfg',
      `{"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"`,
      true,
    ],
    [
      'dockerconfigjson',
      `{"auths": {"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"}, "http://bar.example.com":{"username": "bar", "password": "baz", "email": "bar@example.com"}}}`,
      false,
    ],
    [
      'dockerconfigjson',
      `{"auths": {"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"}, "http://bar.example.com":{"username": "bar", "password": "baz", "email": "bar@example.com"`,
      true,
    ],
  ] as const)('TestRead*FileFromBytes %s rejected=%s', (format, input, rejected) => {
    expect(readKubeletConfig(input, format).rejected).toBe(rejected);
  });
});

const secret = (name: string, type: string, key: string, json: string) => ({
  metadata: { name },
  type,
  data: { [key]: b64(json) },
});

// Ported from pkg/credentialprovider/secrets/secrets_test.go (the cases without a node keyring:
// PullKey cannot see the node's own credentials).
describe('upstream secrets_test.go Test_MakeDockerKeyring', () => {
  const JSON_TYPE = 'kubernetes.io/dockerconfigjson';
  const CFG_TYPE = 'kubernetes.io/dockercfg';
  it.each([
    [
      '.dockerconfigjson and auth field',
      JSON_TYPE,
      '.dockerconfigjson',
      `{"auths": {"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}`,
      true,
    ],
    [
      '.dockerconfig and auth field',
      CFG_TYPE,
      '.dockercfg',
      `{"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}`,
      true,
    ],
    [
      '.dockerconfigjson and username/password',
      JSON_TYPE,
      '.dockerconfigjson',
      `{"auths": {"test.registry.io": {"username": "user", "password": "password"}}}`,
      true,
    ],
    [
      '.dockerconfig and username/password',
      CFG_TYPE,
      '.dockercfg',
      `{"test.registry.io": {"username": "user", "password": "password"}}`,
      true,
    ],
    [
      '.dockerconfigjson with the wrong type',
      CFG_TYPE,
      '.dockerconfigjson',
      `{"auths": {"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}`,
      false,
    ],
    [
      '.dockerconfig with the wrong type',
      JSON_TYPE,
      '.dockercfg',
      `{"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}`,
      false,
    ],
  ])('%s', (_name, type, key, json, found) => {
    const result = kubeletCredentials('test.registry.io', [secret('s1', type, key, json)]);
    expect(result.rejected).toEqual([]);
    expect(result.matches.map((match) => [match.source, match.username, match.password])).toEqual(
      found ? [['s1', 'user', 'password']] : [],
    );
  });
});

describe('readKubeletConfig: what the kubelet rejects, and why (never quoting the value)', () => {
  const entry = (fields: string) => `{"auths":{"reg.example.com":{${fields}}}}`;
  it.each([
    ['{"auths":', 'not JSON at byte 9'],
    ['{"auths": {}} x', 'not JSON at byte 15'],
    ['{"auths":{"a":{"auth":"x\u0001"}}}', 'not JSON at byte 25'],
    ['[]', 'the config is an array, not an object'],
    ['{"auths": []}', '"auths" is an array, not an object'],
    [
      '{"auths": {}, "HttpHeaders": {"X": 1}}',
      '"HttpHeaders": a header value is a number, not a string',
    ],
    [
      '{"auths": {"reg.example.com": "s3cr3t"}}',
      'entry "reg.example.com" is a string, not an object',
    ],
    [entry('"auth": "s3cr3t!"'), 'entry "reg.example.com": auth is not valid base64 (at byte 6)'],
    [
      entry(`"auth": "${b64('s3cr3t')}"`),
      'entry "reg.example.com": auth has no ":" between username and password',
    ],
    [
      entry(`"auth": "${b64('u:s3cr3t')} "`),
      'entry "reg.example.com": auth is not valid base64 (at byte 12)',
    ],
    [
      entry(`"auth": "${b64('u:s3cr3t').replace(/=+$/, '')}\\t"`),
      'entry "reg.example.com": auth is not valid base64 (at byte 11)',
    ],
    [entry('"email": 5'), 'entry "reg.example.com": email is a number, not a string'],
    [
      entry('"password": ["s3cr3t"]'),
      'entry "reg.example.com": password is an array, not a string',
    ],
    [entry('"Username": true'), 'entry "reg.example.com": username is a boolean, not a string'],
  ])('%s → %s', (input, reason) => {
    const verdict = readKubeletConfig(input);
    expect(verdict).toEqual({ rejected: true, reason });
    expect(reason).not.toContain('s3cr3t');
  });

  it('takes the credentials from auth over username/password, and says they differ', () => {
    const verdict = readKubeletConfig(
      entry(`"username": "u", "password": "old", "auth": "${b64('u:new')}"`),
    );
    expect(verdict).toMatchObject({
      rejected: false,
      entries: [{ username: 'u', password: 'new', staleFields: true }],
    });
    expect(
      readKubeletConfig(entry(`"username": "u", "password": "p", "auth": "${b64('u:p')}"`)),
    ).toMatchObject({
      entries: [{ staleFields: false }],
    });
  });

  it('reads as Go does: case-insensitive field names, null leaves a field unset, later duplicates win', () => {
    expect(
      creds(readKubeletConfig('{"AUTHS":{"r.io":{"USERNAME":"a","PaSsWoRd":"b","email":null}}}')),
    ).toEqual({ 'r.io': { username: 'a', password: 'b', email: '' } });
    expect(
      creds(readKubeletConfig('{"auths":{"r.io":{"username":"a"}},"Auths":{"q.io":null}}')),
    ).toEqual({
      'r.io': { username: 'a', password: '', email: '' },
      'q.io': { username: '', password: '', email: '' },
    });
    expect(creds(readKubeletConfig('{"auths":{"r.io":{"username":"a"}},"auths":null}'))).toEqual(
      {},
    );
    // U+017F (long s) folds to "s" in Go's field matching.
    expect(creds(readKubeletConfig('{"auths":{"r.io":{"u\u017fername":"a"}}}'))).toEqual({
      'r.io': { username: 'a', password: '', email: '' },
    });
    // A rejected first duplicate still rejects: Go decodes every member.
    expect(
      readKubeletConfig('{"auths":{"r.io":{"auth":"!"},"r.io":{"username":"a"}}}').rejected,
    ).toBe(true);
    expect(readKubeletConfig('null')).toEqual({ rejected: false, entries: [] });
    expect(readKubeletConfig('{"auths":{"r.io":{"auth":""}}, "other": [1]}').rejected).toBe(false);
  });
});

describe('kubeletReadSecret', () => {
  it('ignores other types and empty data, rejects what it cannot decode', () => {
    expect(kubeletReadSecret({ metadata: { name: 'o' }, type: 'Opaque', data: {} })).toMatchObject({
      rejected: false,
      ignored: expect.stringContaining('Opaque'),
    });
    expect(
      kubeletReadSecret({
        metadata: { name: 'e' },
        type: 'kubernetes.io/dockerconfigjson',
        data: {},
      }),
    ).toMatchObject({ rejected: false, ignored: expect.stringContaining('no .dockerconfigjson') });
    expect(
      kubeletReadSecret(
        secret(
          'bad',
          'kubernetes.io/dockerconfigjson',
          '.dockerconfigjson',
          '{"auths":{"r.io":{"auth":"%%"}}}',
        ),
      ),
    ).toEqual({
      secret: 'bad',
      rejected: true,
      reason: 'entry "r.io": auth is not valid base64 (at byte 0)',
    });
  });

  it('one rejected secret fails the whole pull, whatever the others hold', () => {
    const good = secret(
      'good',
      'kubernetes.io/dockerconfigjson',
      '.dockerconfigjson',
      `{"auths":{"r.io":{"auth":"${b64('u:p')}"}}}`,
    );
    const bad = secret(
      'bad',
      'kubernetes.io/dockerconfigjson',
      '.dockerconfigjson',
      '{"auths":{"other.io":{"email":1}}}',
    );
    expect(kubeletCredentials('r.io/app', [good]).matches).toHaveLength(1);
    expect(kubeletCredentials('r.io/app', [good, bad])).toEqual({
      matches: [],
      rejected: [{ secret: 'bad', reason: 'entry "other.io": email is a number, not a string' }],
      ignored: [],
    });
  });
});

describe('podPullSecretNames (ServiceAccount admission)', () => {
  it('adds the ServiceAccount secrets only to a pod that names none', () => {
    expect(podPullSecretNames([], ['sa1', 'sa2'])).toEqual(['sa1', 'sa2']);
    expect(podPullSecretNames(['mine'], ['sa1'])).toEqual(['mine']);
  });
});
