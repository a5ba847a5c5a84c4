/**
 * The AWS access key of the test cluster's fake ECR (tests/cluster/fake-ecr.ts) as an
 * ECRAuthorizationToken reads it: a Secret with the key id the fake accepts, and the generator's
 * access-key auth naming it. Shared by the integration kit (eso-token-kit.ts) and the e2e specs.
 */
import type { FakeEcrInfo } from '../cluster/state';
import { genericSecretArgs } from './kubectl';

/** Keys of the access-key Secret. */
const ID_KEY = 'access-key-id';
const SECRET_KEY = 'secret-access-key';

/** The access-key auth of an ECRAuthorizationToken, from Secret `name` (keys `id` and `secret`). */
export function accessKeyAuth(name = 'aws-key', id = ID_KEY, secret = SECRET_KEY) {
  return {
    kind: 'access-key',
    accessKeyId: { name, key: id },
    secretAccessKey: { name, key: secret },
  };
}

/** kubectl's arguments creating the access-key Secret `name` in `namespace` for the fake ECR. */
export function accessKeySecretArgs(fake: FakeEcrInfo, namespace: string, name = 'aws-key') {
  return genericSecretArgs(
    namespace,
    name,
    `--from-literal=${ID_KEY}=${fake.accessKeyId}`,
    `--from-literal=${SECRET_KEY}=${fake.secretAccessKey}`,
  );
}
