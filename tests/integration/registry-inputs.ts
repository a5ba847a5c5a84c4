/**
 * The inputs of the registries channels the integration tests send most: alice's login on a test
 * registry, for one namespace or one copy. A test spreads its own changes over them.
 */
import type { ChannelInput } from '../../electron/core/api/contract';
import type { RegistryInfo } from '../cluster/state';
import { registryUser } from '../kit/manifests';

interface Where {
  context: string;
  namespace: string;
  name: string;
  operationId: string;
}

/** registries:create of alice's login on `registry`, in one namespace. */
export const aliceCreate = (
  registry: RegistryInfo,
  { context, namespace, name, operationId }: Where,
): ChannelInput<'registries:create'> => ({
  context,
  operationId,
  name,
  scope: { kind: 'namespace', namespace },
  host: registry.host,
  username: 'alice',
  password: registryUser(registry).password,
});

/** registries:edit of one copy (read at `resourceVersion`) to alice's login, keyed by the host. */
export const aliceEdit = (
  registry: RegistryInfo,
  { context, namespace, name, operationId, resourceVersion }: Where & { resourceVersion: string },
): ChannelInput<'registries:edit'> => ({
  context,
  operationId,
  copies: [{ namespace, name, resourceVersion }],
  entryKey: registry.host,
  host: registry.host,
  username: 'alice',
  password: registryUser(registry).password,
});
