/**
 * The canary sweep's calls of the channels that hand work to in-cluster engines or watch them:
 * short-lived token refresh (issue 21), External Secrets keeping a project registry and its token
 * generators (issues 21, 22), and the revert watch on an owned workload (issue 20). Each is driven
 * with the canary's own registry and workload, so an answer that quoted a password would be caught.
 */
import type { ChannelName } from '../../electron/core/api/contract';
import { ecrIrsa, ecrRegistry } from '../fixtures/token-sources';

type Run = (channel: ChannelName, input?: unknown, label?: string) => Promise<unknown>;

interface Where {
  context: string;
  namespace: string;
  host: string;
  /** the PullKey-made registry holding a canary password */
  registry: string;
  deployment: string;
}

export async function callEngineChannels(run: Run, where: Where) {
  const { context, namespace, host, registry } = where;
  // A refresh source (a test stand-in on PATH) answering a canary token the registry rejects.
  await run('tokens:set-source', {
    host,
    source: { kind: 'helper', helper: 'pk-canary' },
    contexts: [context],
  });
  await run('tokens:sources');
  await run('tokens:refresh', { host, operationId: 'canary-token-refresh' });

  const sourceNamespace = 'pullkey-system';
  const project = { kind: 'pullkey', id: 'canary' };
  const id = `${registry}-pullkey-canary`;
  await run('inCluster:capability', { context, sourceNamespace });
  await run('inCluster:open', { context });
  await run('inCluster:keep', {
    context,
    project,
    name: registry,
    from: { namespace },
    sourceNamespace,
    dryRun: true,
  });
  await run('inCluster:sync-now', { context, id });
  await run('inCluster:delete', { context, id, dryRun: true });
  await run('inCluster:to-laptop', { context, id, dryRun: true });
  await run('inCluster:close', { context });

  const source = `${registry}-token-source`;
  await run('cluster-refresh:keep-fresh', {
    context,
    namespace: sourceNamespace,
    source,
    registry: ecrRegistry,
    tokenSource: ecrIrsa,
    dryRun: true,
  });
  await run('cluster-refresh:state', { context, namespace: sourceNamespace, source });

  await run('ownership:watch-revert', {
    target: {
      context,
      namespace,
      kind: 'Deployment',
      name: where.deployment,
      path: '/spec/template/spec/imagePullSecrets',
      written: [{ name: registry }],
      before: null,
      owner: 'Argo CD application canary (a name only: nothing owns it)',
    },
    seconds: 5,
  });
}
