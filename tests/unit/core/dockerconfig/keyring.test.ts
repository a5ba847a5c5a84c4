import { describe, expect, it } from 'vitest';
import { buildDockerConfig, type DockerConfig } from '@core/dockerconfig/dockerconfig';
import {
  indexKeyOf,
  isDefaultRegistryMatch,
  matchCredentials,
  urlsMatch,
} from '@core/dockerconfig/keyring';
import { upstreamUrlsMatchCases } from './keyring-cases';

// Cases from the kubelet's own keyring tests (k8s.io/kubernetes pkg/credentialprovider).
describe('urlsMatch (kubelet URLsMatchStr)', () => {
  it.each([
    ...upstreamUrlsMatchCases,
    ['localhost:5000', 'localhost:5000/team/hello', true],
    ['localhost:5000', 'localhost:5001/team/hello', false],
    ['localhost', 'localhost:5000/team/hello', false],
  ])('%s ~ %s → %s', (glob, target, expected) => {
    expect(urlsMatch(glob, target)).toBe(expected);
  });
});

describe('index keys (kubelet BasicDockerKeyring.Add)', () => {
  it.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['http://registry.local:5000/v2/', 'registry.local:5000'],
    ['quay.io/coreos', 'quay.io/coreos'],
    ['https://quay.io/v1/coreos', 'quay.io/coreos'],
    ['localhost:5000', 'localhost:5000'],
  ])('%s → %s', (key, indexKey) => {
    expect(indexKeyOf(key)).toBe(indexKey);
  });
});

describe('isDefaultRegistryMatch', () => {
  it.each([
    ['nginx', true],
    ['library/nginx', true],
    ['docker.io/library/nginx', true],
    ['index.docker.io/library/nginx', true],
    ['localhost:5000/x', false],
    ['ghcr.io/x', false],
  ])('%s → %s', (image, expected) => {
    expect(isDefaultRegistryMatch(image)).toBe(expected);
  });
});

const secret = (source: string, config: DockerConfig) => ({ source, config });

describe('matchCredentials', () => {
  it('tries the most specific path first, then the host, across secrets', () => {
    const matches = matchCredentials('quay.io/coreos/etcd', [
      secret('host', buildDockerConfig('quay.io', { username: 'all', password: 'a' })),
      secret('path', buildDockerConfig('quay.io/coreos', { username: 'coreos', password: 'c' })),
      secret('other', buildDockerConfig('ghcr.io', { username: 'x', password: 'x' })),
    ]);
    expect(matches.map((match) => [match.source, match.username])).toEqual([
      ['path', 'coreos'],
      ['host', 'all'],
    ]);
    expect(matches[0]!.reason).toContain('path /coreos');
  });

  it('uses https://index.docker.io/v1/ for Docker Hub images, however they are written', () => {
    const hub = secret(
      'hub',
      buildDockerConfig('https://index.docker.io/v1/', { username: 'u', password: 'p' }),
    );
    for (const image of [
      'docker.io/library/nginx',
      'docker.io/bitnami/redis',
      'index.docker.io/library/x',
    ]) {
      expect(
        matchCredentials(image, [hub]).map((match) => match.source),
        image,
      ).toEqual(['hub']);
    }
    expect(matchCredentials('ghcr.io/org/app', [hub])).toEqual([]);
  });

  it('does not use a registry-1.docker.io key for Docker Hub (the kubelet does not either)', () => {
    const key = secret(
      'r1',
      buildDockerConfig('registry-1.docker.io', { username: 'u', password: 'p' }),
    );
    expect(matchCredentials('docker.io/library/nginx', [key])).toEqual([]);
  });

  it('needs the exact port and matches wildcards', () => {
    const local = secret(
      'local',
      buildDockerConfig('localhost:5000', { username: 'u', password: 'p' }),
    );
    expect(matchCredentials('localhost:5000/team/hello', [local])).toHaveLength(1);
    expect(matchCredentials('localhost:5001/team/hello', [local])).toHaveLength(0);
    const wild = secret(
      'wild',
      buildDockerConfig('*.azurecr.io', { username: 'u', password: 'p' }),
    );
    const [match] = matchCredentials('myreg.azurecr.io/app', [wild]);
    expect(match?.reason).toContain('wildcard');
  });
});

describe('matchCredentials reads entries as the kubelet does (issue 10)', () => {
  it('uses the credentials in auth, not the username/password fields, when they differ', () => {
    const config: DockerConfig = {
      auths: {
        'registry.example.com': {
          username: 'alice',
          password: 'new',
          auth: Buffer.from('alice:old').toString('base64'),
        },
      },
    };
    const [match] = matchCredentials('registry.example.com/team/app', [secret('stale', config)]);
    expect(match).toMatchObject({ username: 'alice', password: 'old', staleFields: true });
  });

  it('matches the host case-sensitively, as Go does', () => {
    const upper = secret(
      'upper',
      buildDockerConfig('Registry.Example.com', { username: 'u', password: 'p' }),
    );
    expect(matchCredentials('registry.example.com/team/app', [upper])).toEqual([]);
    expect(matchCredentials('Registry.Example.com/team/app', [upper])).toHaveLength(1);
  });

  it('gives nothing from a config the kubelet cannot decode', () => {
    const broken: DockerConfig = { auths: { 'registry.example.com': { auth: 'not base64!' } } };
    expect(matchCredentials('registry.example.com/team/app', [secret('broken', broken)])).toEqual(
      [],
    );
  });
});
