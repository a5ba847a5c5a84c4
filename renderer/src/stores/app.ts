import type { AppInfo, VaultStatus } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { useNotificationsStore } from './notifications';
import { useSubscriptions } from './subscriptions';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const vault = ref<VaultStatus | null>(null);
  const subscriptions = useSubscriptions();

  async function load() {
    try {
      info.value = await call('app:info');
      vault.value = info.value.vault;
      subscriptions.ensure('vault:changed', (status) => (vault.value = status));
    } catch (error) {
      useNotificationsStore().reportError(error, 'Loading app information');
    }
  }

  return { info, vault, load };
});
