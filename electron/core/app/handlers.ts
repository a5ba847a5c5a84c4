/** The app's slice of the router: what the app is (`app:info`) and the clipboard. */
import type { VaultStatus } from '../api/contract';
import type { HandlersOf } from '../api/handlers';
import { copyText, type ClipboardPort } from './clipboard';
import { appInfo, type HostInfo } from './info';

export interface AppHandlerDeps {
  host: HostInfo;
  clipboard: ClipboardPort;
  vaultStatus: () => Promise<VaultStatus>;
}

export function appHandlers(deps: AppHandlerDeps): HandlersOf<'app' | 'clipboard'> {
  return {
    'app:info': async () => appInfo(deps.host, await deps.vaultStatus()),
    'clipboard:write': ({ text }) => copyText(deps.clipboard, text),
  };
}
