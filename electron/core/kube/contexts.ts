import type { ContextsList } from '../api/contract';
import { AppError } from '../api/errors';
import type { SettingsStore } from '../settings/store';
import { loadKubeconfigs } from './kubeconfig/load';
import { pickSelectedContext, summarizeContexts } from './kubeconfig/summary';

export interface ContextService {
  list(): Promise<ContextsList>;
  select(name: string): Promise<ContextsList>;
}

export function createContextService(paths: string[], settings: SettingsStore): ContextService {
  async function list(): Promise<ContextsList> {
    const { merged, problems } = await loadKubeconfigs(paths);
    const contexts = summarizeContexts(merged);
    const { selectedContext } = await settings.read();
    return {
      contexts,
      selected: pickSelectedContext(contexts, selectedContext),
      files: paths,
      problems,
    };
  }

  return {
    list,
    async select(name) {
      const current = await list();
      if (!current.contexts.some((context) => context.name === name)) {
        throw new AppError('CONTEXT_NOT_FOUND', `No context named "${name}" in the kubeconfig`, {
          files: current.files,
        });
      }
      await settings.update({ selectedContext: name });
      return { ...current, selected: name };
    },
  };
}
