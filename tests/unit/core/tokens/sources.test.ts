/** Refresh sources: argv (never a shell line), usernames, suggestions, failures, the schedule. */
import { describe, expect, it } from 'vitest';
import {
  commandText,
  ecrRegion,
  failureReason,
  nextRefreshAt,
  sourceCommand,
  suggestedSource,
} from '@core/tokens/sources';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

describe('sourceCommand', () => {
  it('aws ecr get-login-password with region and profile, username AWS', () => {
    expect(sourceCommand({ kind: 'aws', region: 'eu-west-1', profile: 'dev' }, ECR)).toEqual({
      program: 'aws',
      args: ['ecr', 'get-login-password', '--region', 'eu-west-1', '--profile', 'dev'],
      input: '',
      output: 'token',
      username: 'AWS',
    });
    expect(sourceCommand({ kind: 'aws', region: 'us-east-1' }, 'public.ecr.aws').args).toEqual([
      'ecr-public',
      'get-login-password',
      '--region',
      'us-east-1',
    ]);
  });

  it('gcloud, az and a credential helper', () => {
    expect(sourceCommand({ kind: 'gcloud' }, 'gcr.io')).toMatchObject({
      program: 'gcloud',
      args: ['auth', 'print-access-token'],
      username: 'oauth2accesstoken',
    });
    expect(commandText({ kind: 'az', registryName: 'myreg' }, 'myreg.azurecr.io')).toBe(
      'az acr login --name myreg --expose-token --output tsv --query accessToken',
    );
    expect(sourceCommand({ kind: 'helper', helper: 'ecr-login' }, ECR)).toMatchObject({
      program: 'docker-credential-ecr-login',
      args: ['get'],
      input: ECR,
      output: 'helper-json',
      username: null,
    });
  });
});

describe('suggestedSource', () => {
  it('the matching helper when it is on PATH, else the cloud CLI', () => {
    expect(suggestedSource(ECR, ['ecr-login'])).toEqual({ kind: 'helper', helper: 'ecr-login' });
    expect(suggestedSource(ECR, [])).toEqual({ kind: 'aws', region: 'eu-west-1' });
    expect(suggestedSource('gcr.io', [])).toEqual({ kind: 'gcloud' });
    expect(suggestedSource('myreg.azurecr.io', [])).toEqual({ kind: 'az', registryName: 'myreg' });
    expect(suggestedSource('registry.example.com', ['ecr-login'])).toBeNull();
    expect(ecrRegion('registry.example.com')).toBeNull();
  });
});

describe('failureReason', () => {
  it('an expired AWS SSO session says what to run', () => {
    const stderr = '\nError when retrieving token from sso: Token has expired and refresh failed\n';
    expect(failureReason('aws', stderr, 'exit 255')).toBe(
      'the AWS SSO session expired: run `aws sso login` in a terminal (aws: Error when retrieving token from sso: Token has expired and refresh failed)',
    );
  });

  it('gcloud and az hints; an unknown failure quotes stderr', () => {
    expect(failureReason('gcloud', 'ERROR: Reauthentication failed.', 'x')).toMatch(
      /gcloud auth login/,
    );
    expect(failureReason('az', "ERROR: Please run 'az login' to setup account.", 'x')).toMatch(
      /run `az login`/,
    );
    expect(failureReason('tool', 'boom', 'x')).toBe('tool failed: boom');
    expect(failureReason('tool', '', 'exit 1')).toBe('tool failed: exit 1');
  });
});

describe('nextRefreshAt', () => {
  const now = 1_000_000;
  it('half the remaining life, a floor, unknown expiry', () => {
    expect(nextRefreshAt(new Date(now + 12 * 3600_000).toISOString(), now)).toBe(
      now + 6 * 3600_000,
    );
    expect(nextRefreshAt(new Date(now - 1000).toISOString(), now)).toBe(now + 30_000);
    expect(nextRefreshAt(null, now)).toBe(now + 30 * 60_000);
  });
});
