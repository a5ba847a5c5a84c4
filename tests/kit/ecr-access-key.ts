/**
 * The AWS access key of the test cluster's fake ECR (tests/cluster/fake-ecr.ts) as an
 * ECRAuthorizationToken reads it: a Secret with the key id the fake accepts, and the generator's
 * access-key auth naming it. Shared by the integration kit (eso-token-kit.ts) and the e2e specs.
 */
import type { FakeEcrInfo } from '../cluster/state';
import { accessKeyAuth, accessKeyKeys } from '../fixtures/token-sources';
import { genericSecretArgs } from './kubectl';

export { accessKeyAuth };

/** kubectl's arguments creating the access-key Secret `name` in `namespace` for the fake ECR. */
export function accessKeySecretArgs(fake: FakeEcrInfo, namespace: string, name = 'aws-key') {
  return genericSecretArgs(
    namespace,
    name,
    `--from-literal=${accessKeyKeys.id}=${fake.accessKeyId}`,
    `--from-literal=${accessKeyKeys.secret}=${fake.secretAccessKey}`,
  );
}
