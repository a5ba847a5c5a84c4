import { describe, expect, it } from 'vitest';
import { canonicalReference, parseImageReference } from '../../../electron/core/registry/reference';

describe('parseImageReference (distribution/reference, normalized)', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', null],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27'],
    ['bitnami/redis:7', 'docker.io', 'bitnami/redis', '7'],
    ['docker.io/nginx', 'docker.io', 'library/nginx', null],
    ['index.docker.io/library/nginx:latest', 'docker.io', 'library/nginx', 'latest'],
    ['localhost:5000/team/hello:1.0', 'localhost:5000', 'team/hello', '1.0'],
    ['localhost/team/hello', 'localhost', 'team/hello', null],
    ['ghcr.io/org/app:v2', 'ghcr.io', 'org/app', 'v2'],
    [
      'europe-west1-docker.pkg.dev/proj/repo/img:1',
      'europe-west1-docker.pkg.dev',
      'proj/repo/img',
      '1',
    ],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      'api',
      '2.0',
    ],
    ['[::1]:5000/a/b:c', '[::1]:5000', 'a/b', 'c'],
    ['Registry.Example.com/team/x', 'Registry.Example.com', 'team/x', null],
    ['my_user/my.repo__x-y:t', 'docker.io', 'my_user/my.repo__x-y', 't'],
  ])('%s', (input, registry, repository, tag) => {
    expect(parseImageReference(input)).toMatchObject({
      registry,
      repository,
      tag,
      name: `${registry}/${repository}`,
    });
  });

  it('keeps digests', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference(`ghcr.io/a/b:1@${digest}`)).toMatchObject({ tag: '1', digest });
    expect(canonicalReference(parseImageReference(`ghcr.io/a/b@${digest}`))).toBe(
      `ghcr.io/a/b@${digest}`,
    );
    expect(canonicalReference(parseImageReference('nginx'))).toBe('docker.io/library/nginx:latest');
  });

  it.each([
    ['', /empty/],
    ['team/Hello', /lower-case/],
    ['nginx:', /invalid tag/],
    ['nginx:-bad', /invalid tag/],
    ['nginx@sha256:abc', /invalid digest/],
    ['has space:1', /white space/],
    ['-lead/x', /invalid repository/],
    ['a//b', /invalid repository/],
    [`x/${'a'.repeat(260)}`, /longer than 255/],
    ['ex_ample.com/a', /invalid registry host/],
  ])('rejects %j', (input, message) => {
    expect(() => parseImageReference(input)).toThrow(message);
  });
});
