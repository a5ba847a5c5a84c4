/**
 * The tokens domain's slice of the router (`tokens:*`): refresh sources, Refresh now. Keep fresh
 * is planned again whenever a source changes; a refresh tells the renderer the keychain changed.
 */
import type { EventHub } from '../api/events';
import type { HandlersOf } from '../api/handlers';
import type { Vault } from '../vault/vault';
import type { TokenRefresh } from './token-refresh';

export interface TokenHandlerDeps {
  tokens: TokenRefresh;
  keepFresh: { plan(): Promise<void> };
  vault: Pick<Vault, 'status'>;
  events: EventHub;
}

export function tokenHandlers({
  tokens,
  keepFresh,
  vault,
  events,
}: TokenHandlerDeps): HandlersOf<'tokens'> {
  return {
    'tokens:sources': () => tokens.sources(),
    'tokens:set-source': async (input) => {
      const sources = await tokens.setSource(input);
      await keepFresh.plan();
      return sources;
    },
    'tokens:refresh': async (input) => {
      const report = await tokens.refresh(input);
      events.emit('vault:changed', await vault.status());
      return report;
    },
  };
}
