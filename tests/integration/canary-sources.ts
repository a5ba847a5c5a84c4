/** The canary sweep's calls of "Change the source instead" on the copies an engine keeps. */
import type { ChannelName } from '../../electron/core/api/contract';

type Run = (channel: ChannelName, input?: unknown, label?: string) => Promise<unknown>;

export async function callSourceChannels(
  run: Run,
  where: { context: string; namespace: string; host: string },
  owned: string[],
) {
  const { context, namespace, host } = where;
  for (const name of owned) {
    await run('registries:source', { context, namespace, name }, `registries:source ${name}`);
    const change = { context, namespace, name, host, username: 'nobody', dryRun: true };
    await run('registries:change-source', change, `registries:change-source ${name}`);
  }
}
