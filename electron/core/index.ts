/**
 * The whole back end, in plain Node. Hosts (the Electron main process, the test bridge) create
 * it once and bind `router` and `events` to their transport.
 */
import os from 'node:os';
import { createEventHub, type EventHub } from './api/events';
import { createRouter, type Router } from './api/router';
import { appInfo, type HostInfo } from './app/info';
import { createContextService } from './kube/contexts';
import { kubeconfigPaths } from './kube/kubeconfig/paths';
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
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

export interface Core {
  router: Router;
  events: EventHub;
  settings: SettingsStore;
  vault: Vault;
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
  const contexts = createContextService(paths, settings);

  const router = createRouter(
    {
      'app:info': async () => appInfo(options.host, await vault.status()),
      'contexts:list': () => contexts.list(),
      'contexts:select': async ({ name }) => {
        const list = await contexts.select(name);
        events.emit('contexts:changed', list);
        return list;
      },
      'vault:status': () => vault.status(),
      'vault:logins': () => vault.listLogins(),
    },
    { onUnexpectedError: options.onUnexpectedError },
  );

  return { router, events, settings, vault };
}
