import { describe, expect, it } from 'vitest';
import {
  buildDockerConfig,
  entriesOf,
  maskDockerConfig,
  mergeDockerConfig,
  parseDockerConfig,
  serializeDockerConfig,
  type DockerConfig,
} from '@core/dockerconfig/dockerconfig';
import { canonicalRegistry, configKeyFor, DOCKER_HUB_KEY, isDockerHub } from '@core/oci/hosts';
import { kubectlCreateSecretCommand, shellQuote } from '@core/dockerconfig/kubectl-command';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('.dockerconfigjson', () => {
  it('is built like kubectl create secret docker-registry', () => {
    expect(
      serializeDockerConfig(
        buildDockerConfig('localhost:5000', {
          username: 'alice',
          password: 'p:ss wörd',
          email: 'a@x.io',
        }),
      ),
    ).toBe(
      `{"auths":{"localhost:5000":{"username":"alice","password":"p:ss wörd","email":"a@x.io","auth":"${b64('alice:p:ss wörd')}"}}}`,
    );
    expect(
      buildDockerConfig(DOCKER_HUB_KEY, { username: 'u', password: 'p' }).auths[DOCKER_HUB_KEY],
    ).toEqual({
      username: 'u',
      password: 'p',
      auth: b64('u:p'),
    });
  });

  it('reads entries that only have auth, splitting at the first colon', () => {
    const config = parseDockerConfig(
      JSON.stringify({ auths: { 'ghcr.io': { auth: b64('bob:with:colons') } } }),
    );
    expect(entriesOf(config)).toEqual([
      {
        key: 'ghcr.io',
        registry: 'ghcr.io',
        username: 'bob',
        password: 'with:colons',
        email: null,
      },
    ]);
  });

  it('rejects what is not a docker config', () => {
    expect(() => parseDockerConfig('{')).toThrow(/not JSON/);
    // The parser's own message would quote the text, and with it the password.
    expect(() => parseDockerConfig('{"auths": s3cr3t-password}')).toThrow(/^not JSON at byte 11$/);
    expect(() => parseDockerConfig('[]')).toThrow(/not a JSON object/);
    expect(() => parseDockerConfig('{"auths": 3}')).toThrow(/"auths" is not an object/);
  });

  it('merges one entry, keeping other registries, unknown fields and the email', () => {
    const original = {
      auths: {
        'https://index.docker.io/v1/': {
          username: 'hub',
          password: 'old',
          auth: b64('hub:old'),
          identitytoken: 'keep-me',
        },
        'quay.io': { username: 'q', password: 'q', auth: b64('q:q'), email: 'q@x.io' },
      },
      credHelpers: { 'gcr.io': 'gcloud' },
    };
    const merged = mergeDockerConfig(original, 'docker.io', { username: 'hub', password: 'new' });
    expect(Object.keys(merged.auths)).toEqual(['docker.io', 'quay.io']);
    expect(merged.auths['docker.io']).toEqual({
      username: 'hub',
      password: 'new',
      auth: b64('hub:new'),
      identitytoken: 'keep-me',
    });
    expect(merged.auths['quay.io']).toEqual(original.auths['quay.io']);
    expect(merged.credHelpers).toEqual({ 'gcr.io': 'gcloud' });
    const again = mergeDockerConfig(merged, 'quay.io', { username: 'q2', password: 'x' });
    expect(again.auths['quay.io']).toMatchObject({ username: 'q2', email: 'q@x.io' });
    expect(original.auths['quay.io'].username).toBe('q');
  });

  it('merging over a malformed entry (a string) writes a clean entry, not its characters', () => {
    const config = { auths: { 'r.io': 'abc' } } as unknown as DockerConfig;
    const merged = mergeDockerConfig(config, 'r.io', { username: 'u', password: 'p' });
    expect(merged.auths['r.io']).toEqual({ username: 'u', password: 'p', auth: b64('u:p') });
  });

  it('masks passwords and auth for display', () => {
    const masked = maskDockerConfig(buildDockerConfig('h', { username: 'u', password: 'secret' }));
    expect(JSON.stringify(masked)).not.toContain('secret');
    expect(JSON.stringify(masked)).not.toContain(b64('u:secret'));
    expect(masked.auths.h).toMatchObject({ username: 'u', password: '••••••••' });
  });
});

describe('Docker Hub spellings', () => {
  it.each([
    'docker.io',
    'index.docker.io',
    'https://index.docker.io/v1/',
    'https://index.docker.io/v1',
    'registry-1.docker.io',
    'https://registry-1.docker.io/v2/',
    'HTTPS://Docker.IO/',
  ])('%s is Docker Hub', (key) => {
    expect(isDockerHub(key)).toBe(true);
    expect(configKeyFor(key)).toBe(DOCKER_HUB_KEY);
  });
  it('keeps other registries and their paths apart', () => {
    expect(canonicalRegistry('https://Quay.io/v2/')).toBe('quay.io');
    expect(canonicalRegistry('localhost:5000/team')).toBe('localhost:5000/team');
    expect(isDockerHub('docker.io.evil.example')).toBe(false);
    expect(configKeyFor('localhost:5000/')).toBe('localhost:5000');
  });
});

describe('kubectl command', () => {
  it('renders the equivalent command with the password as a placeholder', () => {
    expect(
      kubectlCreateSecretCommand({
        name: 'regcred',
        namespace: 'team1-dev',
        server: 'localhost:5000',
        username: 'alice',
        password: null,
        email: 'a@x.io',
      }),
    ).toBe(
      'kubectl create secret docker-registry regcred --namespace team1-dev --docker-server=localhost:5000 --docker-username=alice --docker-password="$REGISTRY_PASSWORD" --docker-email=a@x.io',
    );
  });
  it('quotes what the shell would mangle', () => {
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(
      kubectlCreateSecretCommand({
        name: 'r',
        namespace: 'n',
        server: DOCKER_HUB_KEY,
        username: 'u',
        password: 'p w',
        context: 'my ctx',
      }),
    ).toBe(
      "kubectl --context 'my ctx' create secret docker-registry r --namespace n --docker-server=https://index.docker.io/v1/ --docker-username=u --docker-password='p w'",
    );
  });
});
