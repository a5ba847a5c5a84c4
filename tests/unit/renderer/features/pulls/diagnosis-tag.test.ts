/**
 * The Pulls list's tag for a failing in-cluster token generator (issue 21): a failing pull with
 * the `token-generator-failing` kind and a latent workload whose copy such a generator feeds are
 * tagged "token generator failing"; other kinds are said by their sentence alone.
 */
import { describe, expect, it } from 'vitest';
import { failingTag, latentTag } from '@renderer/features/pulls/logic/diagnosis-tag';

const diagnosis = (kind: Parameters<typeof failingTag>[0]['kind']) => ({
  kind,
  host: 'localhost:5000',
  secrets: ['ecr-pull'],
  message: 'the ECRAuthorizationToken generator "x" cannot make a new token: …',
});

describe('the failing generator tag', () => {
  it('tags the generator kind, in danger for a failing pull and warn for a latent one', () => {
    expect(failingTag(diagnosis('token-generator-failing'))).toMatchObject({
      label: 'token generator failing',
      severity: 'danger',
    });
    expect(failingTag(diagnosis('credentials-rejected'))).toBeNull();
    const generator = {
      image: 'localhost:5000/public/hello:1.0',
      secret: 'ecr-pull',
      generator: 'ECRAuthorizationToken "x"',
      externalSecret: 'pullkey-system/x',
      expiresAt: null,
      sentence: 'the ECRAuthorizationToken generator "x" cannot make a new token: …',
    };
    expect(latentTag({ failingGenerators: [generator] })).toMatchObject({
      label: 'token generator failing',
      severity: 'warn',
    });
    expect(latentTag({})).toBeNull();
    expect(latentTag({ failingGenerators: [] })).toBeNull();
  });
});
