/**
 * Short-lived registry tokens (issue 21), app-wide: the refresh sources PullKey keeps per
 * registry (settings, never a password), the credential helpers found on PATH, and the toast when
 * Keep fresh could not refresh a token (naming the registry and the reason).
 */
import type { TokenSource, TokenSourceSetting } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { useNotificationsStore } from './notifications';
import { useSubscriptions } from './subscriptions';

export const useTokensStore = defineStore('tokens', () => {
  const sources = ref<TokenSourceSetting[]>([]);
  const helpers = ref<string[]>([]);
  const subscriptions = useSubscriptions();
  const notifications = useNotificationsStore();

  async function load() {
    try {
      const answer = await call('tokens:sources');
      sources.value = answer.sources;
      helpers.value = answer.helpers;
    } catch (error) {
      notifications.reportError(error, 'Reading the token refresh sources');
    }
  }

  async function setSource(input: {
    host: string;
    source: TokenSource | null;
    keepFresh?: boolean;
    contexts?: string[];
  }): Promise<boolean> {
    try {
      sources.value = await call('tokens:set-source', input);
      return true;
    } catch (error) {
      notifications.reportError(error, `Saving the refresh source of ${input.host}`);
      return false;
    }
  }

  /** Keep fresh runs in the main process: its failures and refreshes come back as toasts. */
  function watchRefreshes() {
    subscriptions.ensure('tokens:refresh-failed', ({ host, reason }) =>
      notifications.push({
        severity: 'error',
        summary: `Token refresh failed: ${host}`,
        detail: reason,
      }),
    );
    subscriptions.ensure('tokens:refreshed', ({ host, updated }) =>
      notifications.push({
        severity: 'success',
        summary: `Token refreshed: ${host}`,
        detail: `${updated} cop${updated === 1 ? 'y' : 'ies'} updated`,
      }),
    );
  }

  const sourceOf = (host: string) => sources.value.find((setting) => setting.host === host) ?? null;

  return { sources, helpers, load, setSource, watchRefreshes, sourceOf };
});
