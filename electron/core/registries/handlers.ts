/**
 * The registries domain's slice of the router: every `registries:*` channel, the default
 * ServiceAccount's pull secret (`serviceaccounts:pull-secret`) and the Import from Docker
 * (`docker:*`, which tells the renderer the keychain changed).
 */
import type { EventHub } from '../api/events';
import type { HandlersOf } from '../api/handlers';
import type { Vault } from '../vault/vault';
import { listDockerLogins } from './docker-import';
import type { RegistriesService } from './service';

export interface RegistryHandlerDeps {
  registries: RegistriesService;
  vault: Vault;
  events: EventHub;
  /** HOME, DOCKER_CONFIG and PATH (credential helpers) for the Docker config. */
  env: NodeJS.ProcessEnv;
}

export function registryHandlers({
  registries,
  vault,
  events,
  env,
}: RegistryHandlerDeps): HandlersOf<'registries' | 'serviceaccounts' | 'docker'> {
  return {
    'registries:list': ({ context, refresh }) => registries.list(context, refresh),
    'registries:verify': (input) => registries.verify(input),
    'registries:create': (input) => registries.create(input),
    'registries:retry': (input) => registries.retryCreate(input),
    'registries:cancel': ({ operationId }) => registries.cancel(operationId),
    'registries:tls': () => registries.tlsSettings(),
    'registries:tls-forget': ({ host }) => registries.forgetTls(host),
    'registries:detail': ({ context, namespace, name }) =>
      registries.detail(context, namespace, name),
    'registries:reveal': ({ context, namespace, name }) =>
      registries.reveal(context, namespace, name),
    'registries:edit': (input) => registries.edit(input),
    'registries:source': ({ context, namespace, name }) =>
      registries.sourceOf(context, namespace, name),
    'registries:change-source': (input) => registries.changeSource(input),
    'registries:delete': ({ context, operationId, copies, dryRun }) =>
      registries.remove(context, operationId, copies, dryRun),
    'registries:sync': (input) => registries.sync(input),
    'registries:rotate-scan': ({ host, username, contexts }) =>
      registries.rotateScan(host, username, contexts),
    'registries:rotate': (input) => registries.rotate(input),
    'registries:rotate-retry': (input) => registries.retryRotate(input),
    'serviceaccounts:pull-secret': ({ context, namespace, secret, enabled, ...seen }) =>
      registries.serviceAccountPullSecret(context, namespace, secret, enabled, seen),
    'docker:logins': () => listDockerLogins(env),
    'docker:import': async (input) => {
      const report = await registries.importDocker(input, env);
      events.emit('vault:changed', await vault.status());
      return report;
    },
  };
}
