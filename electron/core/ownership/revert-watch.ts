/**
 * The revert watch (issue 20): after a confirmed write to an owned workload, the written field is
 * read again every few seconds for a few minutes; if it no longer holds what was written,
 * `ownership:reverted` says who put it back and when, and the watch ends. A watch is disposable:
 * it ends by itself (time up, object gone, reported) and all end with the core.
 */
import type { RevertWatchTarget } from '../api/contract';
import type { EventHub } from '../api/events';
import { isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { workloadAccess } from '../kube/workload-access';
import { revertReport, type WatchedObject } from './revert-check';

export interface RevertWatches {
  start(target: RevertWatchTarget, seconds?: number): { id: string; seconds: number };
  closeAll(): void;
}

const DEFAULT_SECONDS = 300;

async function readTarget(session: KubeSession, target: RevertWatchTarget): Promise<WatchedObject> {
  const { kind, namespace, name } = target;
  if (kind === 'ServiceAccount')
    return session.call(() => session.core.readNamespacedServiceAccount({ name, namespace }));
  return workloadAccess(session, kind, namespace, name).read();
}

export function createRevertWatches(
  session: (context: string) => Promise<KubeSession>,
  events: EventHub,
  options: { everyMs?: number } = {},
): RevertWatches {
  const timers = new Map<string, { interval: NodeJS.Timeout; end: NodeJS.Timeout }>();
  let next = 0;

  const stop = (id: string) => {
    const timer = timers.get(id);
    if (!timer) return;
    clearInterval(timer.interval);
    clearTimeout(timer.end);
    timers.delete(id);
  };

  return {
    start(target, seconds = DEFAULT_SECONDS) {
      const id = `revert-${Date.now().toString(36)}-${(next++).toString(36)}`;
      const since = new Date();
      let busy = false;
      const check = async () => {
        if (busy || !timers.has(id)) return;
        busy = true;
        try {
          const object = await readTarget(await session(target.context), target);
          const report = timers.has(id) ? revertReport(target, object, new Date(), since) : null;
          if (report) {
            stop(id);
            events.emit('ownership:reverted', { id, ...report });
          }
        } catch (error) {
          // The object is gone: nothing to report. Other failures: try again at the next tick.
          if (isAppError(error) && error.code === 'KUBE_NOT_FOUND') stop(id);
        } finally {
          busy = false;
        }
      };
      const interval = setInterval(() => void check(), options.everyMs ?? 3000);
      const end = setTimeout(() => stop(id), seconds * 1000);
      interval.unref();
      end.unref();
      timers.set(id, { interval, end });
      return { id, seconds };
    },
    closeAll() {
      for (const id of [...timers.keys()]) stop(id);
    },
  };
}
