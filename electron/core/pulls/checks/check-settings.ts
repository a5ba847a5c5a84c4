/**
 * The user's choice, per context, about the Pull doctor's automatic credential checks, kept in
 * settings.json (defaults: on, loopback registries not checked).
 */
import type { SettingsStore } from '../../settings/store';
import { DEFAULT_CHECK_SETTINGS, type CheckSettings } from './check-policy';

export interface CheckSettingsStore {
  read(context: string): Promise<CheckSettings>;
  update(context: string, patch: Partial<CheckSettings>): Promise<CheckSettings>;
}

/** The fields the patch sets (an absent field keeps its value). */
function given(patch: Partial<CheckSettings>): Partial<CheckSettings> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}

export function createCheckSettings(settings: SettingsStore): CheckSettingsStore {
  return {
    async read(context) {
      // Unreadable settings: the user may have turned the checks off, so they stay off.
      const kept = await settings.read().then(
        (current) => current.pullChecks,
        () => ({ [context]: { automatic: false } }),
      );
      return {
        ...DEFAULT_CHECK_SETTINGS,
        ...(kept && Object.hasOwn(kept, context) ? kept[context] : {}),
      };
    },
    async update(context, patch) {
      const next = await settings.update((current) => {
        const kept = current.pullChecks ?? {};
        const own = Object.hasOwn(kept, context) ? kept[context] : {};
        return { pullChecks: { ...kept, [context]: { ...own, ...given(patch) } } };
      });
      return { ...DEFAULT_CHECK_SETTINGS, ...next.pullChecks?.[context] };
    },
  };
}

/** Settings that live in memory only (tests, and cores built without a settings file). */
export function memoryCheckSettings(): CheckSettingsStore {
  const kept = new Map<string, CheckSettings>();
  return {
    read: (context) => Promise.resolve(kept.get(context) ?? DEFAULT_CHECK_SETTINGS),
    update(context, patch) {
      const next = { ...(kept.get(context) ?? DEFAULT_CHECK_SETTINGS), ...given(patch) };
      kept.set(context, next);
      return Promise.resolve(next);
    },
  };
}
