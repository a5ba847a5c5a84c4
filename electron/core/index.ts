/**
 * The whole back end, in plain Node. Hosts (the Electron main process, the test bridge) create
 * it once and bind `router` and `events` to their transport.
 */
import os from 'node:os';
import { createEventHub, type EventHub } from './api/events';
import { createRouter, type Router } from './api/router';
import { copyText, noClipboard, type ClipboardPort } from './app/clipboard';
import { appInfo, type HostInfo } from './app/info';
import { createClusterService, type ClusterService } from './kube/clusters';
import { createContextService } from './kube/contexts';
import { kubeconfigPaths } from './kube/kubeconfig/paths';
import { createKubeconfigStore } from './kube/kubeconfig/store';
import { listDockerLogins } from './registries/docker-import';
import { createDeployService } from './deploy/service';
import { createImageAccess } from './image-access/access';
import { createRegistryTls } from './settings/registry-tls';
import { createPendingOperations } from './registries/pending';
import { createRotationRetry } from './registries/rotate-retry';
import {
  createRegistriesService,
  type CreateInput,
  type RegistriesService,
} from './registries/service';
import { createRolloutService } from './rollout/service';
import { createCheckSettings } from './pulls/checks/check-settings';
import { credentialProbe } from './pulls/checks/credential-probe';
import { createPullsService } from './pulls/service';
import { pullFixHandlers } from './pulls/fixes/api';
import { attachPullSecrets } from './workloads/attach';
import { attachToServiceAccount } from './workloads/service-account';
import { createSettingsStore, type SettingsStore } from './settings/store';
import {
  createVault,
  keychainBackendName,
  loadKeytar,
  type KeytarLike,
  type Vault,
} from './vault/vault';

export interface CoreOptions {
  host: HostInfo;
  /** Folder for settings.json (Electron's userData). */
  settingsDir: string;
  /** Explicit kubeconfig files; default: $KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string[];
  env?: NodeJS.ProcessEnv;
  home?: string;
  keytar?: () => Promise<KeytarLike>;
  /** Resolves when env (PATH for exec plugins) is final; cluster connections wait for it. */
  envReady?: Promise<unknown>;
  /** Watch kubeconfig files for changes (default true). */
  watchKubeconfig?: boolean;
  onUnexpectedError?: (channel: string, error: unknown) => void;
  /** Electron's clipboard in the app; an in-memory one in the test bridge. */
  clipboard?: ClipboardPort;
}

export interface Core {
  router: Router;
  events: EventHub;
  settings: SettingsStore;
  vault: Vault;
  clusters: ClusterService;
  registries: RegistriesService;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const env = options.env ?? process.env;
  const paths =
    options.kubeconfig ??
    kubeconfigPaths({
      kubeconfigEnv: env.KUBECONFIG,
      home: options.home ?? os.homedir(),
      platform: process.platform,
    });
  const events = createEventHub();
  const settings = createSettingsStore(options.settingsDir);
  const vault = createVault(options.keytar ?? loadKeytar, keychainBackendName(process.platform));
  const kubeconfig = createKubeconfigStore(paths, { watch: options.watchKubeconfig ?? true });
  const contexts = createContextService(kubeconfig, settings);
  const clusters = createClusterService(kubeconfig, settings, events, options.envReady);
  const registries = createRegistriesService(clusters, vault, events, settings);
  const registryTls = createRegistryTls(settings);
  const images = createImageAccess(clusters, vault, registryTls);
  const deploy = createDeployService(clusters, images, settings);
  const rollouts = createRolloutService(clusters, images, events);
  const pulls = createPullsService({
    clusters,
    events,
    contexts: () => contexts.list(),
    registryTls: (host) => registryTls.resolve({ host }),
    checkCredential: credentialProbe((host) => registryTls.resolve({ host })),
    checkSettings: createCheckSettings(settings),
  });
  const pullFixes = pullFixHandlers({
    session: (context) => clusters.session(context),
    createRegistry: (context) => (registry) =>
      registries.create({
        context,
        operationId: `pulls-${Date.now().toString(36)}`,
        name: registry.name,
        scope: { kind: 'namespace', namespace: registry.namespace },
        host: registry.host,
        username: registry.username,
      }),
  });
  const clipboard = options.clipboard ?? noClipboard;
  /** Failed creates, kept in memory (password included) for "Retry failed". */
  const pendingCreates = createPendingOperations<CreateInput>();

  /** Failed rotations, kept the same way: "Retry failed" sends no password. */
  const rotations = createRotationRetry(registries);

  async function createRegistry(input: CreateInput) {
    const report = await registries.create(input);
    pendingCreates.settle(input.operationId, input, report);
    return report;
  }

  async function vaultChanged<T>(result: T): Promise<T> {
    events.emit('vault:changed', await vault.status());
    return result;
  }

  kubeconfig.onChange((loaded) => {
    void contexts.fromLoaded(loaded).then((list) => events.emit('contexts:changed', list));
  });

  const router = createRouter(
    {
      'app:info': async () => appInfo(options.host, await vault.status()),
      'contexts:list': () => contexts.list(),
      'contexts:select': async ({ name }) => {
        const list = await contexts.select(name);
        events.emit('contexts:changed', list);
        return list;
      },
      'contexts:make-current': ({ name }) => contexts.makeCurrent(name),
      'cluster:status': ({ context }) => clusters.status(context),
      'namespaces:list': ({ context, refresh }) => clusters.namespaces(context, refresh),
      'namespaces:remember': ({ context, namespace }) =>
        clusters.rememberNamespace(context, namespace),
      'projects:create': ({ context, name, namespaces }) =>
        clusters.createProject(context, name, namespaces),
      'projects:rename': ({ context, from, to }) => clusters.renameProject(context, from, to),
      'projects:dissolve': ({ context, name }) => clusters.dissolveProject(context, name),
      'registries:list': ({ context, refresh }) => registries.list(context, refresh),
      'registries:verify': (input) => registries.verify(input),
      'registries:create': (input) => createRegistry(input),
      'registries:retry': ({ operationId, retryId, namespaces }) =>
        createRegistry({
          ...pendingCreates.get(operationId),
          operationId: retryId,
          onlyNamespaces: namespaces,
        }),
      'registries:cancel': ({ operationId }) => registries.cancel(operationId),
      'registries:tls': () => registries.tlsSettings(),
      'registries:tls-forget': ({ host }) => registries.forgetTls(host),
      'registries:detail': ({ context, namespace, name }) =>
        registries.detail(context, namespace, name),
      'registries:reveal': ({ context, namespace, name }) =>
        registries.reveal(context, namespace, name),
      'registries:edit': (input) => registries.edit(input),
      'registries:delete': ({ context, operationId, copies }) =>
        registries.remove(context, operationId, copies),
      'registries:sync': (input) => registries.sync(input),
      'registries:rotate-scan': ({ host, username, contexts: names }) =>
        registries.rotateScan(host, username, names),
      'registries:rotate': (input) => rotations.rotate(input),
      'registries:rotate-retry': (input) => rotations.retry(input),
      'serviceaccounts:pull-secret': ({ context, namespace, secret, enabled, ...seen }) =>
        registries.serviceAccountPullSecret(context, namespace, secret, enabled, seen),
      'docker:logins': () => listDockerLogins(env),
      'docker:import': async (input) => vaultChanged(await registries.importDocker(input, env)),
      'deploy:suggest': ({ context, namespace, image, name }) =>
        deploy.suggest(context, namespace, image, name),
      'deploy:tags': ({ context, namespace, image, pullSecrets }) =>
        images.tags(context, namespace, image, pullSecrets),
      'deploy:preflight': ({ context, workload, update }) =>
        deploy.preflight(context, workload, update),
      'deploy:apply': ({ context, workload, update, seen }) =>
        deploy.apply(context, workload, update, seen),
      'workloads:attach-pull-secrets': async ({ context, ...input }) =>
        attachPullSecrets(await clusters.session(context), input),
      'workloads:attach-service-account': async ({ context, ...input }) =>
        attachToServiceAccount(await clusters.session(context), input),
      'deploy:recent': () => deploy.recent(),
      'rollout:open': (ref) => rollouts.open(ref),
      'rollout:close': (ref) => ({ closed: rollouts.close(ref) }),
      'rollout:retry': (ref) => rollouts.retry(ref),
      'vault:logins': () => vault.listLogins(),
      'clipboard:write': ({ text }) => copyText(clipboard, text),
      'pulls:open': ({ context }) => pulls.open(context),
      'pulls:close': async ({ context }) => ({ closed: await pulls.close(context) }),
      'pulls:check-settings': ({ context, ...patch }) => pulls.setCheckSettings(context, patch),
      'pulls:summary': (request) => pulls.summary(request),
      'pulls:detail': (ref) => pulls.detail(ref),
      ...pullFixes,
    },
    { onUnexpectedError: options.onUnexpectedError },
  );

  return {
    router,
    events,
    settings,
    vault,
    clusters,
    registries,
    async close() {
      rollouts.closeAll();
      pulls.closeAll();
      pendingCreates.clear();
      rotations.clear();
      registries.close();
      clusters.close();
      await kubeconfig.close();
    },
  };
}
