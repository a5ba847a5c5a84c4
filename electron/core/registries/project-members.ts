/**
 * Project scope trusts an explicit choice: PullKey remembers, per project registry, which
 * namespaces the user gave it (at create and at each sync). A namespace that carries the project
 * label but is not among them "joined since the last sync": it is listed, and receives the
 * credential only when the user confirms it in Sync. With no record (a registry made elsewhere or
 * before this was kept) every namespace without a copy needs that confirmation.
 */
import type { RegistriesList, RegistryGroup, RegistryScope } from '../api/contract';
import type { SettingsStore } from '../settings/store';

/** Namespaces without a copy that the user has not chosen for this registry yet. */
export function joinedNamespaces(missing: string[], members: string[] | undefined): string[] {
  if (!members) return [...missing];
  const known = new Set(members);
  return missing.filter((namespace) => !known.has(namespace));
}

/** What a sync creates: missing copies the user chose before, plus the joined ones confirmed now. */
export function namespacesToCreate(
  missing: string[],
  joined: string[],
  confirmed: string[] = [],
): string[] {
  const newcomers = new Set(joined);
  const yes = new Set(confirmed);
  return missing.filter((namespace) => !newcomers.has(namespace) || yes.has(namespace));
}

function memberKey(context: string, project: string, projectKind: string, name: string): string {
  // NUL-separated: no part can forge another key, and the key is never a prototype name.
  return ['members', context, projectKind, project, name].join('\u0000');
}

export function createProjectMembers(settings: SettingsStore) {
  async function get(context: string, scope: RegistryScope, name: string) {
    if (scope.kind !== 'project') return undefined;
    const all = (await settings.read()).projectMembers ?? {};
    const key = memberKey(context, scope.project, scope.projectKind, name);
    return Object.hasOwn(all, key) ? all[key] : undefined;
  }

  async function record(
    context: string,
    scope: RegistryScope,
    name: string,
    namespaces: string[],
    merge = false,
  ): Promise<void> {
    if (scope.kind !== 'project') return;
    const key = memberKey(context, scope.project, scope.projectKind, name);
    await settings.update(({ projectMembers: all = {} }) => {
      const previous = merge && Object.hasOwn(all, key) ? (all[key] ?? []) : [];
      const next = [...new Set([...previous, ...namespaces])].sort();
      return { projectMembers: { ...all, [key]: next } };
    });
  }

  /** Adds `joined` to each project group's sync state. */
  async function annotate(context: string, list: RegistriesList): Promise<RegistriesList> {
    const all = (await settings.read()).projectMembers ?? {};
    const groups: RegistryGroup[] = list.groups.map((group) => {
      if (!group.sync || group.scope.kind !== 'project') return group;
      const key = memberKey(context, group.scope.project, group.scope.projectKind, group.name);
      const members = Object.hasOwn(all, key) ? all[key] : undefined;
      return {
        ...group,
        sync: { ...group.sync, joined: joinedNamespaces(group.sync.missing, members) },
      };
    });
    return { ...list, groups };
  }

  return { get, record, annotate };
}
