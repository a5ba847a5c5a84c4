import { describe, expect, it } from 'vitest';
import { serviceAccountPatch } from '@core/workloads/service-account';
import { recreateNote, serviceAccountWarning } from '@core/pulls/fixes/attach-registry-plan';

describe('attach to the ServiceAccount the workload uses', () => {
  it('merges into its imagePullSecrets (others kept, in order) with the version seen', () => {
    const account = {
      metadata: { resourceVersion: '12' },
      imagePullSecrets: [{ name: 'old' }, { name: 'other' }],
    };
    expect(serviceAccountPatch(account, ['new', 'old'], '11')).toEqual({
      patch: {
        metadata: { resourceVersion: '11' },
        imagePullSecrets: [{ name: 'old' }, { name: 'other' }, { name: 'new' }],
      },
      imagePullSecrets: ['old', 'other', 'new'],
    });
    expect(serviceAccountPatch(account, ['other'])).toBeNull();
    expect(serviceAccountPatch({}, ['new'])?.patch).toEqual({
      metadata: { resourceVersion: undefined },
      imagePullSecrets: [{ name: 'new' }],
    });
  });

  const sources = {
    pod: 'web-1',
    serviceAccount: 'builder',
    imagePullSecrets: ['mine'],
    origin: 'own' as const,
    serviceAccountSecrets: ['sa-cred'],
    missingSecrets: [],
    rejectedSecrets: [],
    tries: [],
    nodeIdentity: [],
  };

  it('warns when the pods ignore its list', () => {
    expect(serviceAccountWarning(sources)).toMatch(
      /imagePullSecrets of their own \(mine\).*ignored/,
    );
    expect(serviceAccountWarning({ ...sources, origin: 'service-account' })).toBeNull();
  });

  it('says the existing pods must be recreated', () => {
    expect(recreateNote('Deployment', 'builder')).toMatch(
      /recreate them \(their Deployment makes new ones\)/,
    );
    expect(recreateNote('Pod', 'builder')).toMatch(/recreate the pod/);
  });
});
