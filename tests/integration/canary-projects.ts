/** The canary sweep's project calls: a sync of an unknown registry, then the canary namespace
 * joins a PullKey project, which is renamed and dissolved. */
import type { ChannelName } from '../../electron/core/api/contract';

type Run = (channel: ChannelName, input?: unknown, label?: string) => Promise<unknown>;

export async function callProjectChannels(run: Run, context: string, namespace: string) {
  await run('registries:sync', {
    context,
    operationId: 'canary-sync',
    name: 'no-such-registry',
    project: 'no-such-project',
    projectKind: 'pullkey',
  });
  const name = (prefix: string) => `${prefix}${namespace}`.slice(0, 63);
  await run('projects:create', { context, name: name('p'), namespaces: [namespace] });
  await run('projects:rename', { context, from: name('p'), to: name('q') });
  await run('projects:dissolve', { context, name: name('q') });
}
