import type {
  DockerImportReport,
  DockerImportResult,
  DockerLogin,
  SavedLogin,
} from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { useNotificationsStore } from './notifications';
import { newOperationId } from '../features/registries/operation-id';
import { useSubscriptions } from './subscriptions';

/** An Import from Docker: the login under way, each login's outcome, and Cancel. */
export interface DockerImport {
  id: string;
  total: number;
  /** The login being read or stored ("Importing 2 of 5: registry.example.com"). */
  current: { index: number; host: string } | null;
  results: DockerImportResult[];
  running: boolean;
  /** Cancel was asked: no further login is stored. */
  cancelling: boolean;
}

/** Saved logins (host + username only: passwords stay in the OS keychain). */
export const useVaultStore = defineStore('vault', () => {
  const logins = ref<SavedLogin[]>([]);
  const dockerLogins = ref<DockerLogin[]>([]);
  const importing = ref<DockerImport | null>(null);
  const subscriptions = useSubscriptions();

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

  function followProgress() {
    subscriptions.ensure('docker:import-progress', ({ operationId, index, host, result }) => {
      const current = importing.value;
      if (!current || current.id !== operationId) return;
      if (!result) current.current = { index, host };
      else if (current.results.length < index) current.results.push(result);
    });
  }

  /** Imports the chosen logins one by one; each one's outcome is in the report (null: failed). */
  async function importDocker(
    chosen: Array<{ host: string; username: string }>,
  ): Promise<DockerImportReport | null> {
    followProgress();
    const id = newOperationId();
    importing.value = {
      id,
      total: chosen.length,
      current: null,
      results: [],
      running: true,
      cancelling: false,
    };
    const notifications = useNotificationsStore();
    try {
      const report = await call('docker:import', { operationId: id, logins: chosen });
      logins.value = report.logins;
      if (importing.value?.id === id) importing.value.results = report.results;
      const imported = report.results.filter((result) => result.outcome === 'imported').length;
      const notDone = report.results.length - imported;
      notifications.push(
        notDone
          ? {
              severity: 'warn',
              summary: 'Import from Docker',
              detail: `${imported} of ${report.results.length} imported, ${notDone} not: see the results`,
            }
          : {
              severity: 'success',
              summary: 'Imported',
              detail: `${chosen.length} Docker logins saved in the keychain`,
            },
      );
      return report;
    } catch (error) {
      notifications.reportError(error, 'Importing Docker logins');
      if (importing.value?.id === id) importing.value = null;
      return null;
    } finally {
      if (importing.value?.id === id) {
        importing.value.running = false;
        importing.value.current = null;
      }
    }
  }

  /** Cancels the running import: the login being read is dropped, no further one is stored. */
  async function cancelImport(): Promise<void> {
    const current = importing.value;
    if (!current?.running || current.cancelling) return;
    current.cancelling = true;
    try {
      await call('registries:cancel', { operationId: current.id });
    } catch (error) {
      current.cancelling = false;
      useNotificationsStore().reportError(error, 'Cancelling the import');
    }
  }

  /** Forgets a finished import's results (the dialog opens afresh). */
  function clearImport() {
    if (!importing.value?.running) importing.value = null;
  }

  return {
    logins,
    dockerLogins,
    importing,
    load,
    loadDockerLogins,
    importDocker,
    cancelImport,
    clearImport,
  };
});
