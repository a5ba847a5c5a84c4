/**
 * The Pull doctor explains a workload's namespace stuck Terminating on External Secrets' `ces-*`
 * finalizer (issue 22): the diagnosis, the detail and the report say why and what to do. A namespace
 * being deleted without that finalizer, or not being deleted, says nothing.
 */
import { describe, expect, it } from 'vitest';
import { failingPod, podDetail } from '../failing-pod';

const pod = failingPod({
  name: 'app-1',
  namespace: 'team1',
  image: 'registry.example.com/app:1',
  secrets: ['regcred'],
  message: 'pull access denied',
});
const FINALIZER = 'externalsecrets.external-secrets.io/ces-team1-pull';

describe('namespace stuck on External Secrets in the Pull doctor', () => {
  it('says the namespace is held by the ClusterExternalSecret and what to do', () => {
    const detail = podDetail(pod, () => undefined, {
      namespace: {
        name: 'team1',
        deletionTimestamp: '2026-12-07T04:00:00Z',
        finalizers: ['other.io/keep', FINALIZER],
      },
    });
    expect(detail.namespaceStuck?.clusterExternalSecrets).toEqual(['team1-pull']);
    expect(detail.failure?.diagnosis.message).toContain(
      'Namespace team1 is stuck Terminating: team1 is waiting for External Secrets to let go (ClusterExternalSecret team1-pull)',
    );
    expect(detail.failure?.diagnosis.message).toContain('Start External Secrets Operator');
    expect(detail.report).toContain('- Namespace stuck Terminating: team1 is waiting');
    expect(detail.report).toContain('/metadata/finalizers/1');
  });

  it.each([
    ['not being deleted', { name: 'team1', deletionTimestamp: null, finalizers: [FINALIZER] }],
    [
      'deleted without the finalizer',
      { name: 'team1', deletionTimestamp: '2026-12-07T04:00:00Z', finalizers: ['kubernetes'] },
    ],
    ['not read', null],
  ])('a namespace %s says nothing', (_name, namespace) => {
    const detail = podDetail(pod, () => undefined, { namespace });
    expect(detail).not.toHaveProperty('namespaceStuck');
    expect(detail.failure?.diagnosis.message).not.toContain('stuck Terminating');
    expect(detail.report).not.toContain('stuck Terminating');
  });
});
