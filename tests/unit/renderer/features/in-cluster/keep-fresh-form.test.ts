/**
 * The "Keep fresh in the cluster" form, pure: the provider from the token (else the host), the
 * ECR region from the host, the fields of each auth kind, specific errors (the contract's own
 * messages), values kept across provider switches, and the token source sent.
 */
import { generatorAuth } from '@core/api/contract';
import { describe, expect, it } from 'vitest';
import {
  cloudTokenOf,
  durationSeconds,
  fieldsOf,
  formErrors,
  intervalSeconds,
  newForm,
  tokenSourceOf,
  type KeepFreshForm,
} from '@renderer/features/in-cluster/logic/keep-fresh-form';
import { aliceEntry, registryCopy, registryGroup } from '../registries/registry-fakes';
import { ECR_HOST, ecrAccessKeySource, ecrToken, tokenGroup } from './keep-fresh-fakes';

/** Types `values` into the form's fields, as the user does one field after another. */
const fill = (form: KeepFreshForm, values: Partial<KeepFreshForm>) => Object.assign(form, values);

describe('keep fresh form', () => {
  it('knows the provider from the token (a JWT: from the host); the ECR region from the host', () => {
    expect(cloudTokenOf(tokenGroup())).toEqual({ provider: 'ecr', host: ECR_HOST });
    // An ECR envelope on another host (the test cluster's fake ECR on localhost) is still ECR.
    expect(cloudTokenOf(tokenGroup('localhost:5000'))?.provider).toBe('ecr');
    const jwt = { ...ecrToken, kind: 'jwt' as const, provider: 'JWT' };
    expect(cloudTokenOf(tokenGroup('team.azurecr.io', jwt))?.provider).toBe('acr');
    expect(cloudTokenOf(tokenGroup('reg.example', jwt))).toBeNull();
    expect(cloudTokenOf(registryGroup([registryCopy('a', { entries: [aliceEntry] })]))).toBeNull();
    expect(newForm('ecr', ECR_HOST).region).toBe('eu-west-1');
    expect(newForm('ecr', 'localhost:5000').region).toBe('');
    expect(newForm('acr', 'team.azurecr.io').acrRegistry).toBe('team.azurecr.io');
  });

  it('ECR by access key: required fields, the region checked by the contract, the source sent', () => {
    const form = newForm('ecr', 'localhost:5000');
    expect(fieldsOf(form).map((each) => each.key)).toEqual([
      'region',
      'role',
      'accessKeyIdName',
      'accessKeyIdKey',
      'secretAccessKeyName',
      'secretAccessKeyKey',
      'sessionTokenName',
      'sessionTokenKey',
      'interval',
    ]);
    expect(formErrors(form)).toEqual({
      region: 'AWS region is required',
      accessKeyIdName: 'Access key ID: Secret name is required',
      secretAccessKeyName: 'Secret access key: Secret name is required',
    });
    fill(form, {
      region: 'Europe',
      accessKeyIdName: 'aws-key',
      secretAccessKeyName: 'Bad_Name',
    });
    expect(formErrors(form)).toEqual({
      region: 'AWS region: expected an AWS region, e.g. eu-west-1',
      secretAccessKeyName: expect.stringMatching(
        /^Secret access key: Secret name: must be lower-case/,
      ),
    });
    fill(form, { region: 'us-east-1', secretAccessKeyName: ' aws-key ' });
    expect(formErrors(form)).toEqual({});
    const source = tokenSourceOf(form);
    expect(source).toEqual(ecrAccessKeySource);
    expect(generatorAuth.safeParse(source).success).toBe(true);
  });

  it('ECR by temporary credentials: the session token’s Secret sent when named, checked', () => {
    const form = newForm('ecr', 'localhost:5000');
    fill(form, { region: 'us-east-1', accessKeyIdName: 'aws-key', secretAccessKeyName: 'aws-key' });
    expect(tokenSourceOf(form)).toEqual(ecrAccessKeySource);
    fill(form, { sessionTokenName: 'Bad_Name' });
    expect(formErrors(form)).toEqual({
      sessionTokenName: expect.stringMatching(/^Session token: Secret name: must be lower-case/),
    });
    fill(form, { sessionTokenName: 'aws-key', sessionTokenKey: ' ' });
    expect(Object.keys(formErrors(form))).toEqual(['sessionTokenKey']);
    fill(form, { sessionTokenKey: 'session-token' });
    expect(formErrors(form)).toEqual({});
    const source = tokenSourceOf(form);
    expect(source).toEqual({
      ...ecrAccessKeySource,
      auth: {
        ...ecrAccessKeySource.auth,
        sessionToken: { name: 'aws-key', key: 'session-token' },
      },
    });
    expect(generatorAuth.safeParse(source).success).toBe(true);
  });

  it('switching provider and auth kind keeps what was typed; each kind has its own fields', () => {
    const form = newForm('ecr', ECR_HOST);
    form.auth.ecr = 'irsa';
    form.serviceAccount = 'ecr-reader';
    expect(fieldsOf(form).map((each) => each.key)).toEqual([
      'region',
      'role',
      'serviceAccount',
      'interval',
    ]);
    form.provider = 'gcr';
    expect(formErrors(form)).toEqual({
      projectId: 'Google Cloud project ID is required',
      clusterLocation: 'Cluster location is required',
      clusterName: 'Cluster name is required',
    });
    form.auth.gcr = 'service-account-key';
    fill(form, { projectId: 'my-project', keyName: 'gcp-key' });
    expect(tokenSourceOf(form)).toEqual({
      provider: 'gcr',
      projectId: 'my-project',
      auth: { kind: 'service-account-key', key: { name: 'gcp-key', key: 'key.json' } },
    });
    fill(form, { provider: 'acr', acrRegistry: 'team.azurecr.io' });
    form.auth.acr = 'managed-identity';
    expect(formErrors(form)).toEqual({});
    expect(tokenSourceOf(form)).toEqual({
      provider: 'acr',
      registry: 'team.azurecr.io',
      auth: { kind: 'managed-identity' },
    });
    form.auth.acr = 'service-principal';
    fill(form, { clientIdName: 'sp', clientSecretKey: '' });
    expect(formErrors(form)).toEqual({
      clientSecretName: 'Client secret: Secret name is required',
      clientSecretKey: 'Client secret: key in the Secret is required',
    });
    // Back to ECR: the IRSA ServiceAccount typed at first is still there.
    form.provider = 'ecr';
    expect(tokenSourceOf(form)).toMatchObject({
      auth: { kind: 'irsa', serviceAccount: 'ecr-reader' },
    });
  });

  it('the refresh interval: empty is the default; a Go duration in seconds; bounds said', () => {
    const form = newForm('ecr', ECR_HOST);
    expect(intervalSeconds(form)).toBeUndefined();
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('8s')).toBe(8);
    expect(durationSeconds('soon')).toBeNull();
    form.interval = 'soon';
    expect(formErrors(form).interval).toBe('Refresh every: a duration such as 10m, 1h or 90s');
    form.interval = '25h';
    expect(formErrors(form).interval).toBe('Refresh every: at most 24h');
    form.interval = '500ms';
    expect(formErrors(form).interval).toBe('Refresh every: at least 1s');
    form.interval = '10s';
    expect(formErrors(form).interval).toBeUndefined();
    expect(intervalSeconds(form)).toBe(10);
  });
});
