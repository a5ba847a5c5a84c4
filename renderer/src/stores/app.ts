import type { AppInfo, VaultStatus } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call, on } from '../api';
import { useNotificationsStore } from './notifications';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const vault = ref<VaultStatus | null>(null);
  let unsubscribe: (() => void) | null = null;

  async function load() {
    try {
      info.value = await call('app:info');
      vault.value = info.value.vault;
      unsubscribe ??= on('vault:changed', (status) => (vault.value = status));
    } catch (error) {
      useNotificationsStore().reportError(error, 'Loading app information');
    }
  }

  return { info, vault, load };
});
