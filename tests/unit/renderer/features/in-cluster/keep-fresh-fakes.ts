import type { KeepFreshAnswer, KeepFreshState, TokenView } from '@core/api/contract';
import { aliceEntry, registryCopy, registryGroup } from '../registries/registry-fakes';
import { accessKeyAuth } from '../../../../fixtures/token-sources';
import { iso } from './in-cluster-fakes';

export const ECR_HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

export const ecrToken: TokenView = {
  kind: 'ecr',
  provider: 'Amazon ECR',
  expiresAt: iso(3_600_000),
  estimate: false,
};

/** regcred of project p, its copies holding an ECR token for `host`. */
export const tokenGroup = (host = ECR_HOST, token: TokenView = ecrToken) =>
  registryGroup(
    ['a', 'b'].map((namespace) =>
      registryCopy(namespace, {
        entries: [{ ...aliceEntry, key: host, registry: host, username: 'AWS', token }],
      }),
    ),
    { hosts: [host], usernames: ['AWS'] },
  );

export const keepFreshState = (over: Partial<KeepFreshState> = {}): KeepFreshState => ({
  phase: 'ready',
  generator: { kind: 'ECRAuthorizationToken', name: 'p-regcred-token' },
  target: 'p-regcred',
  reason: 'SecretSynced',
  message: 'secret synced',
  refreshIntervalSeconds: 21_600,
  refreshTime: iso(-120_000),
  nextRefresh: iso(240_000),
  events: [],
  diagnosis: null,
  ...over,
});

export const keepFreshAnswer = (over: Partial<KeepFreshAnswer> = {}): KeepFreshAnswer => ({
  preview: '{\n  "kind": "ECRAuthorizationToken"\n}\n---\n{\n  "kind": "ExternalSecret"\n}',
  written: false,
  resourceVersion: null,
  warning: 'External Secrets takes over the source secret "p-regcred": a new token every 6h.',
  generator: { kind: 'ECRAuthorizationToken', name: 'p-regcred-token' },
  externalSecret: 'p-regcred-token',
  source: 'p-regcred',
  refreshIntervalSeconds: 21_600,
  ...over,
});

/** The token source of the ECR form filled with region us-east-1 and Secret aws-key (default keys). */
export const ecrAccessKeySource = { provider: 'ecr', region: 'us-east-1', auth: accessKeyAuth() };
