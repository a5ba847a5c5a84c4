/**
 * The revert watch (issue 20) as the renderer keeps it: after a confirmed write to an owned
 * workload, the back end watches the written field (`ownership:watch-revert`); a revert is said
 * in a toast ("reverted by Argo CD application web at 12:03:15") and kept here for the detail.
 */
import type { RevertReport, RevertWatchTarget } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { useNotificationsStore } from './notifications';
import { useSubscriptions } from './subscriptions';

export interface WatchedWrite {
  id: string;
  target: RevertWatchTarget;
  /** When the watch ends (ms since the epoch). */
  until: number;
}

/** The workload a report or watch is about. */
export interface WatchedRef {
  context: string;
  namespace: string;
  kind: string;
  name: string;
}
const about = (target: RevertWatchTarget, ref: WatchedRef) =>
  target.context === ref.context &&
  target.namespace === ref.namespace &&
  target.kind === ref.kind &&
  target.name === ref.name;

export const useRevertWatchStore = defineStore('revert-watch', () => {
  const notifications = useNotificationsStore();
  const subscriptions = useSubscriptions();
  const watching = ref<WatchedWrite[]>([]);
  const reports = ref<Array<RevertReport & { id: string }>>([]);

  function listen() {
    subscriptions.ensure('ownership:reverted', (report) => {
      watching.value = watching.value.filter((watch) => watch.id !== report.id);
      reports.value = [...reports.value, report];
      notifications.push({ severity: 'warn', summary: 'Change reverted', detail: report.summary });
    });
  }

  /** Starts the back end's watch of a write's field (the write's `owned.watch`). */
  async function watch(target: RevertWatchTarget) {
    listen();
    try {
      const { id, seconds } = await call('ownership:watch-revert', { target });
      const others = watching.value.filter((watched) => !about(watched.target, target));
      watching.value = [...others, { id, target, until: Date.now() + seconds * 1000 }];
    } catch (error) {
      notifications.reportError(error, 'Watching the change for a revert');
    }
  }

  /** The watches and reports about one workload (the detail shows them). */
  function of(workload: WatchedRef) {
    return {
      watching: watching.value.filter((watched) => about(watched.target, workload)),
      reports: reports.value.filter((report) => about(report.target, workload)),
    };
  }

  return { watching, reports, watch, of };
});
