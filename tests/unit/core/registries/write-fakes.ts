/**
 * The registry write workflows (writes, sync) over the real write kit with a fake session: the
 * progress events sent, the cache, the project members and the credentials as spies. Shared by
 * the write-cancel and dry-run tests.
 */
import { vi } from 'vitest';
import type { Events, RegistriesList, RegistryGroup } from '@core/api/contract';
import { createEventHub } from '@core/api/events';
import type { KubeSession } from '@core/kube/session';
import { createRegistrySync } from '@core/registries/sync';
import { createWriteKit, type WriteDeps } from '@core/registries/write-kit';
import { createRegistryWrites } from '@core/registries/writes';

export const CONTEXT = 'alpha';
export const NAME = 'regcred';
export { projectCopy } from './project-copy';

/** The workflows on `session`; `group` is what the registries list shows. */
export function writeApp(
  session: KubeSession,
  group?: RegistryGroup,
  more: { namespaces?: string[] } = {},
) {
  const events = createEventHub();
  const progress: Array<Events['registries:progress']> = [];
  events.listen((event, payload) => {
    if (event === 'registries:progress') progress.push(payload as Events['registries:progress']);
  });
  const cache = { record: vi.fn(), forget: vi.fn() };
  const members = { record: vi.fn(() => Promise.resolve()) };
  const credentials = {
    passwordFor: (input: { password?: string }) => Promise.resolve(input.password ?? 'saved'),
    verify: vi.fn(() => Promise.resolve()),
    remember: vi.fn(() => Promise.resolve()),
  };
  const tls = { remember: vi.fn(() => Promise.resolve()) };
  const namespaces = (more.namespaces ?? []).map((name) => ({
    name,
    labels: { 'pullkey.dev/project': 'web' },
    project: null,
  }));
  const deps = {
    clusters: {
      session: () => Promise.resolve(session),
      namespaces: () => Promise.resolve({ namespaces }),
    },
    events,
    members,
    credentials,
    tls,
    cacheFor: () => Promise.resolve(cache),
    list: (): Promise<RegistriesList> =>
      Promise.resolve({
        context: CONTEXT,
        groups: group ? [group] : [],
        partial: false,
        note: null,
      }),
  } as unknown as WriteDeps;
  const kit = createWriteKit(deps);
  return {
    events,
    progress,
    kit,
    cache,
    members,
    credentials,
    tls,
    writes: createRegistryWrites(deps, kit),
    sync: createRegistrySync(deps, kit),
  };
}
