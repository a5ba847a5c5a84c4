import { describe, expect, it } from 'vitest';
import { goPathMatch } from '@core/dockerconfig/go-url';
import {
  buildKeyring,
  isDefaultRegistryMatch,
  kubeletCredentials,
  urlsMatch,
} from '@core/dockerconfig/keyring';
import { upstreamUrlsMatchCases } from './keyring-cases';
import { readKubeletConfig, type KubeletEntry } from '@core/dockerconfig/kubelet-config';

/** ReadDockerConfigFileFromBytes + BasicDockerKeyring.Add, as the upstream tests do. */
function keyringFrom(dockercfg: string) {
  const verdict = readKubeletConfig(dockercfg, 'dockercfg');
  if (verdict.rejected) throw new Error(verdict.reason);
  return buildKeyring([{ source: 'cfg', entries: verdict.entries }]);
}
const sample = (globUrl: string) =>
  `{\n   "${globUrl}": {\n     "email": "foo@bar.baz",\n     "auth": "${Buffer.from('foo:bar').toString('base64')}"\n   }\n}`;

// Ported from k8s.io/kubernetes v1.36.3 pkg/credentialprovider/keyring_test.go.
describe('upstream keyring_test.go', () => {
  it.each(upstreamUrlsMatchCases)('TestURLsMatch %s ~ %s → %s', (glob, target, expected) => {
    expect(urlsMatch(glob, target)).toBe(expected);
  });

  it.each([
    ['https://hello.kubernetes.io', 'hello.kubernetes.io'],
    ['https://*.docker.io', 'prefix.docker.io'],
    ['https://prefix.*.io', 'prefix.docker.io'],
    ['https://prefix.docker.*', 'prefix.docker.io'],
    ['https://*.docker.io/path', 'prefix.docker.io/path'],
    ['https://prefix.*.io/path', 'prefix.docker.io/path/subpath'],
    ['https://prefix.docker.*/path', 'prefix.docker.io/path'],
    ['https://*.docker.io:8888', 'prefix.docker.io:8888'],
    ['https://prefix.*.io:8888', 'prefix.docker.io:8888'],
    ['https://prefix.docker.*:8888', 'prefix.docker.io:8888'],
    ['https://*.docker.io/path:1111', 'prefix.docker.io/path:1111'],
    ['https://*.docker.io/v1/', 'prefix.docker.io/path:1111'],
    ['https://*.docker.io/v2/', 'prefix.docker.io/path:1111'],
    ['https://prefix.docker.*/path:1111', 'prefix.docker.io/path:1111'],
    ['prefix.docker.io:1111', 'prefix.docker.io:1111/path'],
    ['*.docker.io:1111', 'prefix.docker.io:1111/path'],
  ])('TestDockerKeyringForGlob %s finds %s', (globUrl, targetUrl) => {
    const [found] = keyringFrom(sample(globUrl)).lookup(`${targetUrl}/foo/bar`);
    expect(found).toMatchObject({ username: 'foo', password: 'bar' });
  });

  it.each([
    ['https://hello.kubernetes.io', 'world.mesos.org/foo/bar'],
    ['https://*.docker.com', 'prefix.docker.io'],
    ['https://suffix.*.io', 'prefix.docker.io'],
    ['https://prefix.docker.c*', 'prefix.docker.io'],
    ['https://prefix.*.io/path:1111', 'prefix.docker.io/path/subpath:1111'],
    ['suffix.*.io', 'prefix.docker.io'],
  ])('TestKeyringMiss %s misses %s', (globUrl, lookupUrl) => {
    expect(keyringFrom(sample(globUrl)).lookup(`${lookupUrl}/foo/bar`)).toEqual([]);
  });

  const hub = () => keyringFrom(sample('https://index.docker.io/v1/'));
  it('TestKeyringMissWithDockerHubCredentials', () => {
    expect(hub().lookup('world.mesos.org/foo/bar')).toEqual([]);
  });
  it.each([
    ['TestKeyringHitWithUnqualifiedDockerHub', 'google/docker-registry'],
    ['TestKeyringHitWithUnqualifiedLibraryDockerHub', 'jenkins'],
    ['TestKeyringHitWithQualifiedDockerHub', 'index.docker.io/v1//google/docker-registry'],
  ])('%s', (_name, image) => {
    const found = hub().lookup(image);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found.length).toBeLessThanOrEqual(2);
    expect(found[0]).toMatchObject({ username: 'foo', password: 'bar' });
  });

  it.each([
    ['foo/bar', true],
    ['docker.io/foo/bar', true],
    ['index.docker.io/foo/bar', true],
    ['foo', true],
    ['', false],
    ['registry.tld/foo/bar', false],
    ['registry:5000/foo/bar', false],
    ['myhostdocker.io/foo/bar', false],
  ])('TestIsDefaultRegistryMatch %j → %s', (image, expected) => {
    expect(isDefaultRegistryMatch(image)).toBe(expected);
  });

  // TestDockerKeyringLookup (the AuthConfigHash values are the kubelet's bookkeeping for
  // KubeletEnsureSecretPulledImages: not ported).
  const entry = (key: string, username: string, password: string, email: string): KubeletEntry => ({
    key,
    username,
    password,
    email,
    staleFields: false,
  });
  const lookupKeyring = buildKeyring([
    {
      source: 'cfg',
      entries: [
        entry('bar.example.com/pong', 'grace', 'squash', 'grace@example.com'),
        entry('bar.example.com', 'ada', 'smash', 'ada@example.com'),
      ],
    },
  ]);
  it.each([
    ['bar.example.com', ['ada']],
    ['bar.example.com/pong', ['grace', 'ada']],
    ['bar.example.com/ping', ['ada']],
    ['bar.example.com/pongz', ['grace', 'ada']],
    ['bar.example.com/pong/pang', ['grace', 'ada']],
    ['example.com', []],
    ['foo.example.com', []],
  ])('TestDockerKeyringLookup %s → %j', (image, users) => {
    expect(lookupKeyring.lookup(image).map((match) => match.username)).toEqual(users);
  });

  const rex = buildKeyring([
    {
      source: 'cfg',
      entries: [entry('https://quay.io/v1/', 'rex', 'tiny arms', 'rex@example.com')],
    },
  ]);
  it.each(['quay.io', 'quay.io/foo', 'quay.io/foo/bar'])('TestIssue3797 %s', (image) => {
    expect(rex.lookup(image).map((match) => [match.username, match.password])).toEqual([
      ['rex', 'tiny arms'],
    ]);
  });
});

describe('where the kubelet differs from a tolerant reader', () => {
  const pull = (key: string, image: string) =>
    kubeletCredentials(image, [
      {
        metadata: { name: 's' },
        type: 'kubernetes.io/dockerconfigjson',
        data: {
          '.dockerconfigjson': Buffer.from(
            JSON.stringify({ auths: { [key]: { username: 'u', password: 'p' } } }),
          ).toString('base64'),
        },
      },
    ]).matches.map((match) => match.source);

  it('matches hosts case-sensitively', () => {
    expect(pull('registry.example.com', 'registry.example.com/team/x')).toEqual(['s']);
    expect(pull('Registry.Example.com', 'registry.example.com/team/x')).toEqual([]);
    expect(pull('registry.example.com', 'Registry.Example.com/team/x')).toEqual([]);
    expect(pull('Registry.Example.com', 'Registry.Example.com/team/x')).toEqual(['s']);
    expect(pull('HTTPS://registry.example.com', 'registry.example.com/team/x')).toEqual([]);
  });

  it('treats the Docker Hub spellings as the kubelet does', () => {
    const image = 'docker.io/library/nginx';
    expect(pull('https://index.docker.io/v1/', image)).toEqual(['s']);
    expect(pull('index.docker.io', image)).toEqual(['s']);
    expect(pull('docker.io', image)).toEqual(['s']);
    expect(pull('https://docker.io', image)).toEqual(['s']);
    expect(pull('docker.io/library', image)).toEqual(['s']);
    expect(pull('docker.io/other', image)).toEqual([]);
    expect(pull('index.docker.io/library', image)).toEqual([]);
    expect(pull('registry-1.docker.io', image)).toEqual([]);
    expect(pull('Docker.io', image)).toEqual([]);
  });

  it('skips keys Go cannot parse as a URL, and glob classes follow filepath.Match', () => {
    expect(pull('reg istry.io', 'registry.io/x')).toEqual([]);
    expect(pull('user@registry.io', 'registry.io/x')).toEqual(['s']);
    // Go 1.26's url.Parse refuses "[" in a host except to open an IPv6 literal: a key with a
    // bracket class is skipped, though filepath.Match would understand it.
    expect(pull('reg[a-z].io', 'regx.io/x')).toEqual([]);
    expect(pull('re*.io', 'regx.io/x')).toEqual(['s']);
    // "?" starts the URL's query in Go's url.Parse: the key's host is "reg".
    expect(pull('reg?.io', 'regx.io/x')).toEqual([]);
    expect(pull('reg?.io', 'reg/x')).toEqual(['s']);
    expect(pull('reg[.io', 'reg[.io/x')).toEqual([]);
  });
});

// Go's own path/filepath match_test.go (Go 1.26) for the ported filepath.Match: a malformed
// pattern (ErrBadPattern) matches nothing, as in URLsMatch.
describe('goPathMatch (filepath.Match)', () => {
  it.each([
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ab/c', false],
    ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['a*b?c*x', 'abxbbxdbxebxczzy', false],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false],
    ['ab[^c]', 'abc', false],
    ['ab[^b-d]', 'abc', false],
    ['ab[^e-g]', 'abc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['a[^a][^a][^a]b', 'a☺b', false],
    ['[a-ζ]*', 'α', true],
    ['*[a-ζ]', 'A', false],
    ['a?b', 'a/b', false],
    ['a*b', 'a/b', false],
    ['[\\]a]', ']', true],
    ['[\\-]', '-', true],
    ['[x\\-]', 'x', true],
    ['[x\\-]', '-', true],
    ['[x\\-]', 'z', false],
    ['[\\-x]', 'x', true],
    ['[\\-x]', '-', true],
    ['[\\-x]', 'a', false],
    ['[]a]', ']', false],
    ['[-]', '-', false],
    ['[x-]', 'x', false],
    ['[x-]', '-', false],
    ['[x-]', 'z', false],
    ['[-x]', 'x', false],
    ['[-x]', '-', false],
    ['[-x]', 'a', false],
    ['[a-b-c]', 'a', false],
    ['[', 'a', false],
    ['[^', 'a', false],
    ['[^bc', 'a', false],
    ['\\', 'a', false],
    ['a[', 'a', false],
    ['a[', 'ab', false],
    ['a[', 'x', false],
    ['a/b[', 'x', false],
    ['*x', 'xxx', true],
  ])('%j ~ %j → %s', (pattern, name, expected) => {
    expect(goPathMatch(pattern, name)).toBe(expected);
  });
});
