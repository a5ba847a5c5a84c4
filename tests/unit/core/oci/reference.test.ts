import { describe, expect, it } from 'vitest';
import { canonicalReference, parseImageReference } from '@core/oci/reference';

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

describe('as the kubelet parses images (issue 10)', () => {
  const hex = 'ab'.repeat(32);
  it.each([
    [`a@sha256:${hex.toUpperCase()}`, /lower-case/],
    [`a@sha256:${hex.slice(2)}`, /digest length/],
    [`a@sha512:${hex}`, /digest length/],
    [`a@md5:${'0'.repeat(32)}`, /unsupported digest algorithm/],
    [hex, /looks like an image ID/],
    ['x'.repeat(248), /longer than 255/],
    [`team/${'z'.repeat(251)}`, /longer than 255/],
  ])('refuses %s', (input, message) => {
    expect(() => parseImageReference(input)).toThrow(message);
  });

  it.each([
    `a@sha384:${'b'.repeat(96)}`,
    `a@sha512:${'c'.repeat(128)}`,
    `docker.io/${hex}`,
    'x'.repeat(247),
    `example.com/${'y'.repeat(255)}`,
  ])('accepts %s', (input) => {
    expect(() => parseImageReference(input)).not.toThrow();
  });

  it('pulls name:tag@digest by digest alone (the tag is dropped)', () => {
    const digest = `sha256:${hex}`;
    expect(canonicalReference(parseImageReference(`ghcr.io/a/b:1@${digest}`))).toBe(
      `ghcr.io/a/b@${digest}`,
    );
  });
});
