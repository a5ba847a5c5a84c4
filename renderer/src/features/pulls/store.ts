import type {
  AttachRegistryAnswer,
  ChannelInput,
  LatentPull,
  PullDetail,
  PullFailure,
  PullFixAnswer,
  PullWorkloadRef,
  PullsSummaryEntry,
  PullsView,
} from '@core/api/contract';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call, on } from '../../api';
import { useLiveList } from '../../composables/live-list';
import { codeOf } from '../../errors';
import { useNotificationsStore } from '../../stores/notifications';

const idOf = (ref: PullWorkloadRef) => `${ref.context}/${ref.namespace}/${ref.kind}/${ref.name}`;
/**
 * A workload's line in the view, as the view shows it (never the detail's own wording, which may
 * say more): a detail is read again when this changes.
 */
function lineIn(view: PullsView | null, ref: PullWorkloadRef): string {
  const id = idOf(ref);
  const failure: PullFailure | null = view?.failing.find((item) => item.id === id) ?? null;
  const latent: LatentPull | null = view?.latent.find((item) => item.id === id) ?? null;
  return JSON.stringify([failure, latent]);
}

/**
 * The Pull doctor: the open context's failing pulls (live by `pulls:changed` while the view is
 * open), the open detail (read again when its workload's line changes or a fix was written) and
 * the "All contexts" summary (each context's line as soon as it answers).
 */
export const usePullsStore = defineStore('pulls', () => {
  /** The open context's view: live only between `open` and `close` (the view holds it). */
  const live = useLiveList({
    event: 'pulls:changed',
    read: (context) => call('pulls:open', { context }),
    leave: (context) => call('pulls:close', { context }),
    onList: followDetail,
    onError: (error, context) =>
      useNotificationsStore().reportError(error, `Checking pulls on ${context}`),
  });
  const { list: view, context, loading } = live;
  const summary = ref<PullsSummaryEntry[]>([]);
  const summaryRuns = ref(0);
  const summarizing = computed(() => summaryRuns.value > 0);
  /** How many contexts answered the running "Check all contexts", of how many. */
  const summaryProgress = ref<{ done: number; total: number } | null>(null);
  /** Contexts checked on their own (an exec-plugin context's Check button). */
  const checking = ref<string[]>([]);
  const detail = ref<PullDetail | null>(null);
  /** The open detail's workload has no failing pull any more (said in the drawer). */
  const detailResolved = ref<string | null>(null);
  const filter = ref('');
  const changingChecks = ref(false);
  let detailLine: string | null = null;
  let detailReads = 0;
  let summaryOperations = 0;

  const matches = (text: string) => text.toLowerCase().includes(filter.value.trim().toLowerCase());
  const failing = computed(() =>
    (view.value?.failing ?? []).filter((item) =>
      matches(
        [
          item.namespace,
          item.kind,
          item.name,
          item.diagnosis.message,
          ...item.containers.map((c) => c.image),
        ].join(' '),
      ),
    ),
  );
  const latent = computed(() =>
    (view.value?.latent ?? []).filter((item) =>
      matches([item.namespace, item.kind, item.name, item.message, ...item.images].join(' ')),
    ),
  );

  /** A newer view: the open detail is read again when its workload's line changed. */
  function followDetail(next: PullsView) {
    const open = detail.value;
    if (!open || open.ref.context !== next.context) return;
    if (lineIn(next, open.ref) !== detailLine) void reloadDetail();
  }

  /** The view opens on a context (or moves to another): live by `pulls:changed` until closed. */
  async function open(name: string | null) {
    await live.load(name);
  }

  /** The view closes: no more live updates (the subscription is released), the detail goes. */
  async function close() {
    closeDetail();
    await live.close();
  }

  /** The context's automatic credential checks on or off (kept per context). */
  async function setCheckSettings(patch: { automatic?: boolean; localRegistries?: boolean }) {
    const name = context.value;
    if (!name) return;
    changingChecks.value = true;
    try {
      const next = await call('pulls:check-settings', { context: name, ...patch });
      if (context.value === name) view.value = next;
    } catch (error) {
      useNotificationsStore().reportError(error, `Credential checks on ${name}`);
    } finally {
      changingChecks.value = false;
    }
  }

  function upsertSummary(entry: PullsSummaryEntry) {
    const index = summary.value.findIndex((item) => item.context === entry.context);
    if (index < 0) summary.value = [...summary.value, entry];
    else summary.value = summary.value.map((item, at) => (at === index ? entry : item));
  }

  /**
   * "Check all contexts" (each line shown as its context answers), or `only` some of them;
   * `include`: contexts to contact even though they sign in with an exec plugin.
   */
  async function loadSummary(options: { include?: string[]; only?: string[] } = {}) {
    const operationId = `pulls-summary-${++summaryOperations}`;
    const whole = !options.only;
    if (whole) {
      summary.value = [];
      summaryProgress.value = null;
    } else checking.value = [...checking.value, ...options.only!];
    summaryRuns.value++;
    const stop = on('pulls:summary-entry', (progress) => {
      if (progress.operationId !== operationId) return;
      upsertSummary(progress.entry);
      if (whole) summaryProgress.value = { done: progress.done, total: progress.total };
    });
    try {
      const lines = await call('pulls:summary', { ...options, operationId });
      for (const line of lines) upsertSummary(line);
    } catch (error) {
      useNotificationsStore().reportError(error, 'Checking all contexts');
    } finally {
      stop();
      summaryRuns.value--;
      if (whole) summaryProgress.value = null;
      else checking.value = checking.value.filter((name) => !options.only!.includes(name));
    }
  }

  async function openDetail(ref: PullWorkloadRef) {
    const read = ++detailReads;
    try {
      const next = await call('pulls:detail', ref);
      if (read !== detailReads) return;
      showDetail(next);
    } catch (error) {
      useNotificationsStore().reportError(error, `Details of ${ref.name}`);
    }
  }

  function showDetail(next: PullDetail) {
    detail.value = next;
    detailResolved.value = null;
    detailLine = lineIn(view.value, next.ref);
  }

  /**
   * Reads the open detail again (after a fix was written, or its workload's line changed), so it
   * offers what is true now; a workload with no failing pull any more is said so in place.
   */
  async function reloadDetail() {
    const open = detail.value;
    if (!open) return;
    const read = ++detailReads;
    try {
      const next = await call('pulls:detail', open.ref);
      if (read === detailReads) showDetail(next);
    } catch (error) {
      if (read !== detailReads) return;
      if (codeOf(error) !== 'KUBE_NOT_FOUND') {
        useNotificationsStore().reportError(error, `Details of ${open.ref.name}`);
        return;
      }
      detailResolved.value = `${open.ref.kind} ${open.ref.name} has no failing pull now: nothing left to fix here.`;
      detailLine = lineIn(view.value, open.ref);
    }
  }

  function closeDetail() {
    detailReads++;
    detail.value = null;
    detailResolved.value = null;
    detailLine = null;
  }

  /** Fix 9: the rewrite of a secret the kubelet rejects (dry run: the masked preview only). */
  function rewriteSecret(
    ref: PullWorkloadRef,
    secret: string,
    write: { resourceVersion: string | null } | null,
  ): Promise<PullFixAnswer> {
    return call('pulls:rewrite-secret', {
      context: ref.context,
      namespace: ref.namespace,
      name: secret,
      ...(write?.resourceVersion ? { resourceVersion: write.resourceVersion } : {}),
      dryRun: !write,
    });
  }

  /** The repository's tags, listed with the pod's own pull secrets (as the kubelet would). */
  async function tags(detail: PullDetail, image: string): Promise<string[]> {
    try {
      return await call('deploy:tags', {
        context: detail.ref.context,
        namespace: detail.ref.namespace,
        image,
        pullSecrets: detail.sources?.imagePullSecrets ?? [],
      });
    } catch (error) {
      useNotificationsStore().reportError(error, 'Listing tags');
      return [];
    }
  }

  /**
   * Recreates the workload's pods stuck on a pull (the rollout view's retry: uid preconditions,
   * a controller re-creates its pods, a bare Pod is made again). Deployments and Pods only.
   */
  function recreatePods(ref: PullWorkloadRef) {
    if (ref.kind !== 'Deployment' && ref.kind !== 'Pod')
      throw new Error(
        `${ref.kind} pods are recreated by deleting them (its controller makes new ones)`,
      );
    return call('rollout:retry', { ...ref, kind: ref.kind });
  }

  /** Fix 4: that container's image only (dryRun: the patch, nothing written). */
  function setImage(input: ChannelInput<'pulls:set-image'>) {
    return call('pulls:set-image', input);
  }

  /** Fix 3: copy a missing pull secret from another namespace (never overwrites). */
  function copySecret(input: ChannelInput<'pulls:copy-secret'>) {
    return call('pulls:copy-secret', input);
  }

  /** The logins saved in the keychain for one registry host (fix 2 creates a registry from one). */
  async function savedLogins(host: string) {
    return (await call('vault:logins')).filter((item) => item.host === host);
  }

  /**
   * Fix 2: a registry in the workload's namespace from a saved login, attached to the workload's
   * pod template or to the ServiceAccount its pods use. `resourceVersion` null: the dry run (the
   * exact patch and the target's version); the write names that version.
   */
  function attachRegistry(
    input: {
      detail: PullDetail;
      host: string;
      username: string;
      secret: string;
      target: 'workload' | 'service-account';
    },
    resourceVersion: string | null,
  ): Promise<AttachRegistryAnswer> {
    const { context, namespace, kind, name } = input.detail.ref;
    if (kind === 'Pod') throw new Error('A bare Pod cannot be changed: recreate it instead');
    return call('pulls:attach-registry', {
      context,
      namespace,
      kind,
      name,
      serviceAccount: input.detail.sources?.serviceAccount ?? 'default',
      host: input.host,
      username: input.username,
      secret: input.secret,
      target: input.target,
      ...(resourceVersion ? { resourceVersion, dryRun: false } : { dryRun: true }),
    });
  }

  /** A CronJob's Jobs started before its template changed (dryRun: the Jobs, nothing deleted). */
  function deleteStaleJobs(input: ChannelInput<'pulls:delete-stale-jobs'>) {
    return call('pulls:delete-stale-jobs', input);
  }

  return {
    setImage,
    copySecret,
    savedLogins,
    attachRegistry,
    deleteStaleJobs,
    view,
    context,
    loading,
    summary,
    summarizing,
    summaryProgress,
    checking,
    detail,
    detailResolved,
    filter,
    changingChecks,
    setCheckSettings,
    failing,
    latent,
    open,
    close,
    loadSummary,
    openDetail,
    reloadDetail,
    closeDetail,
    rewriteSecret,
    tags,
    recreatePods,
  };
});
