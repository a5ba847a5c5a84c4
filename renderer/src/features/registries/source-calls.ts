/**
 * "Change the source instead" (issue 20): the calls of the dialog, owned here so its component
 * never calls the back end itself. Where a copy's source is (`registries:source`), and the
 * previewed write of that source (`registries:change-source`: dry run, then the write at the
 * version previewed). The password goes to the main process only; nothing here keeps it.
 */
import type { ChannelInput, CopySourceAnswer, SourceChangeAnswer } from '@core/api/contract';
import { call } from '../../api';
import { useNotificationsStore } from '../../stores/notifications';
import { useRegistriesStore } from './store';

export type SourceChangeLogin = Omit<
  ChannelInput<'registries:change-source'>,
  'context' | 'namespace' | 'name' | 'dryRun' | 'resourceVersion'
>;

export function useSourceCalls() {
  const registries = useRegistriesStore();
  const notifications = useNotificationsStore();

  /** Where the copy's source is; null (reported) when it could not be read. */
  async function sourceOf(namespace: string, name: string): Promise<CopySourceAnswer | null> {
    const context = registries.context;
    if (!context) return null;
    try {
      return await call('registries:source', { context, namespace, name });
    } catch (error) {
      notifications.reportError(error, `Finding the source of ${namespace}/${name}`);
      return null;
    }
  }

  /** The dry run (no resourceVersion) or the write (the version the dry run read). */
  function changeSource(
    copy: { namespace: string; name: string },
    login: SourceChangeLogin,
    resourceVersion?: string,
  ): Promise<SourceChangeAnswer> {
    const context = registries.context;
    if (!context) return Promise.reject(new Error('No context selected'));
    return call('registries:change-source', {
      context,
      ...copy,
      ...login,
      ...(resourceVersion ? { resourceVersion } : { dryRun: true }),
    });
  }

  return { sourceOf, changeSource };
}
