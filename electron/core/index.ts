/**
 * The whole back end, in plain Node. Hosts (the Electron main process, the test bridge) create
 * it once and bind `router` and `events` to their transport.
 */
import os from 'node:os';
import { createEventHub, type EventHub } from './api/events';
import { createRouter, type Router } from './api/router';
import { noClipboard, type ClipboardPort } from './app/clipboard';
import { appHandlers } from './app/handlers';
import type { HostInfo } from './app/info';
import { createClusterService, type ClusterService } from './kube/clusters';
import { createContextService } from './kube/contexts';
import { clusterHandlers } from './kube/handlers';
import { clusterRefreshHandlers } from './cluster-refresh/handlers';
import { createClusterRefreshService } from './cluster-refresh/service';
import { kubeconfigPaths } from './kube/kubeconfig/paths';
import { createKubeconfigStore } from './kube/kubeconfig/store';
import { deployHandlers } from './deploy/handlers';
import { createDeployService } from './deploy/service';
import { createImageAccess } from './image-access/access';
import { createRegistryTls } from './settings/registry-tls';
import { inClusterHandlers } from './in-cluster/handlers';
import { createInClusterService } from './in-cluster/service';
import type { StoreServer } from './eso/manifests';
import { registryHandlers } from './registries/handlers';
import { createRegistriesService, type RegistriesService } from './registries/service';
import { createKeepFresh } from './registries/token-keep-fresh';
import { tokenHandlers } from './registries/token-handlers';
import { createTokenRefresh } from './registries/token-refresh';
import { rolloutHandlers } from './rollout/handlers';
import { createRolloutService } from './rollout/service';
import { createCheckSettings } from './pulls/checks/check-settings';
import { credentialProbe } from './pulls/checks/credential-probe';
import { pullHandlers } from './pulls/handlers';
import { ownershipHandlers } from './ownership/handlers';
import { createRevertWatches } from './ownership/revert-watch';
import { createPullsService } from './pulls/service';
import { workloadHandlers } from './workloads/handlers';
import { createSettingsStore, type SettingsStore } from './settings/store';
import { vaultHandlers } from './vault/handlers';
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
  /** Tests only: the API server and CA an out-of-cluster ESO's store must name, per context. */
  inClusterStoreServer?: (context: string) => StoreServer | undefined;
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
  const registryTls = createRegistryTls(settings);
  const registries = createRegistriesService(clusters, vault, events, settings, registryTls);
  const tokens = createTokenRefresh({
    settings,
    vault,
    env,
    envReady: options.envReady,
    rotation: registries.rotation,
    signal: registries.signal,
    forget: registries.forget,
  });
  const keepFresh = createKeepFresh(tokens, events);
  void (options.envReady ?? Promise.resolve()).then(() => keepFresh.plan()).catch(() => undefined);
  const images = createImageAccess(clusters, vault, registryTls);
  const deploy = createDeployService(clusters, images, settings);
  const rollouts = createRolloutService(clusters, images, events);
  const inCluster = createInClusterService({
    clusters,
    events,
    storeServer: options.inClusterStoreServer,
  });
  const pulls = createPullsService({
    clusters,
    events,
    contexts: () => contexts.list(),
    registryTls: (host) => registryTls.resolve({ host }),
    checkCredential: credentialProbe((host) => registryTls.resolve({ host })),
    checkSettings: createCheckSettings(settings),
  });

  const revertWatches = createRevertWatches((context) => clusters.session(context), events);

  // Each domain answers its own channels; this file only composes the slices.
  const router = createRouter(
    {
      ...appHandlers({
        host: options.host,
        clipboard: options.clipboard ?? noClipboard,
        vaultStatus: () => vault.status(),
      }),
      ...clusterHandlers({ kubeconfig, contexts, clusters, events }),
      ...registryHandlers({ registries, vault, events, env }),
      ...deployHandlers({ deploy, images }),
      ...workloadHandlers(clusters),
      ...rolloutHandlers(rollouts),
      ...vaultHandlers(vault),
      ...inClusterHandlers(inCluster),
      ...clusterRefreshHandlers(
        createClusterRefreshService((context) => clusters.session(context)),
      ),
      ...tokenHandlers({ tokens, keepFresh, vault, events }),
      ...pullHandlers({
        pulls,
        clusters,
        createRegistry: (context) => (registry) =>
          registries.create({
            context,
            operationId: `pulls-${Date.now().toString(36)}`,
            name: registry.name,
            scope: { kind: 'namespace', namespace: registry.namespace },
            host: registry.host,
            username: registry.username,
          }),
      }),
      ...ownershipHandlers(revertWatches),
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
      keepFresh.stop();
      rollouts.closeAll();
      pulls.closeAll();
      inCluster.closeAll();
      revertWatches.closeAll();
      registries.close();
      clusters.close();
      await kubeconfig.close();
    },
  };
}
