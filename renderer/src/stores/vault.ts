import type { DockerLogin, SavedLogin } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { useNotificationsStore } from './notifications';

/** Saved logins (host + username only: passwords stay in the OS keychain). */
export const useVaultStore = defineStore('vault', () => {
  const logins = ref<SavedLogin[]>([]);
  const dockerLogins = ref<DockerLogin[]>([]);

  async function load() {
    try {
      logins.value = await call('vault:logins');
    } catch {
      logins.value = [];
    }
  }

  async function loadDockerLogins() {
    try {
      dockerLogins.value = await call('docker:logins');
    } catch (error) {
      useNotificationsStore().reportError(error, 'Reading the Docker config');
    }
  }

  async function importDocker(chosen: Array<{ host: string; username: string }>) {
    try {
      logins.value = await call('docker:import', { logins: chosen });
      useNotificationsStore().push({
        severity: 'success',
        summary: 'Imported',
        detail: `${chosen.length} Docker logins saved in the keychain`,
      });
      return true;
    } catch (error) {
      useNotificationsStore().reportError(error, 'Importing Docker logins');
      return false;
    }
  }

  return { logins, dockerLogins, load, loadDockerLogins, importDocker };
});
