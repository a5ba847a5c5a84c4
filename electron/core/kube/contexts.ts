import { existsSync } from 'node:fs';
import type { ContextsList } from '../api/contract';
import { AppError } from '../api/errors';
import type { SettingsStore } from '../settings/store';
import type { LoadedKubeconfig } from './kubeconfig/load';
import type { KubeconfigStore } from './kubeconfig/store';
import { pickSelectedContext, summarizeContexts } from './kubeconfig/summary';

export interface ContextService {
  list(): Promise<ContextsList>;
  select(name: string): Promise<ContextsList>;
  makeCurrent(name: string): Promise<ContextsList>;
  /** Builds the list from an already loaded kubeconfig (after a file change). */
  fromLoaded(loaded: LoadedKubeconfig): Promise<ContextsList>;
}

export function createContextService(
  store: KubeconfigStore,
  settings: SettingsStore,
): ContextService {
  async function fromLoaded({ merged, problems }: LoadedKubeconfig): Promise<ContextsList> {
    const contexts = summarizeContexts(merged);
    const { selectedContext } = await settings.read();
    return {
      contexts,
      selected: pickSelectedContext(contexts, selectedContext),
      files: store.paths,
      missingFiles: store.paths.filter((file) => !existsSync(file)),
      problems,
    };
  }

  return {
    fromLoaded,
    list: async () => fromLoaded(await store.current()),
    async select(name) {
      const current = await fromLoaded(await store.current());
      if (!current.contexts.some((context) => context.name === name)) {
        throw new AppError('CONTEXT_NOT_FOUND', `No context named "${name}" in the kubeconfig`, {
          files: current.files,
        });
      }
      await settings.update({ selectedContext: name });
      return { ...current, selected: name };
    },
    async makeCurrent(name) {
      await store.setCurrentContext(name);
      return fromLoaded(await store.current());
    },
  };
}
