/**
 * The laptop's checks of running pods' credentials against their registries (the latent "now
 * rejected" problem), while the Pulls view is open on a context whose user left them on: one
 * check per (registry host, credential) for every context, repository and secret sharing it
 * (`credential-checks.ts`), only where the host is the same from here as from the node
 * (`check-policy.ts`), a few at a time per context; asked again after the rules of
 * `retry-rules.ts` (a rejected password backs off exponentially). A changed answer folds again
 * every view that shows it.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { PullCredentialChecks } from '../../api/contract';
import { checkDecision } from './check-policy';
import { uniqueChecks, type CheckVerdict, type CredentialCheck } from './credential-checks';
import type { ClusterReads } from '../live/cluster-reads';
import { running } from '../live/fold';
import { podSecrets } from '../model/pod-secrets';
import { checkDue, type CheckEntry } from '../live/retry-rules';
import type { CheckCredential } from './credential-probe';
import type { Tracker } from '../live/tracker';

/** Past this many credentials kept, the answers that hold no back-off are forgotten. */
const MAX_CHECKS_KEPT = 10_000;

export interface CheckSchedulerDeps {
  now: () => number;
  /** Checks one credential against the registry from this computer; none: no checks. */
  checkCredential: CheckCredential | undefined;
  secretOf: ClusterReads['secretOf'];
  /** Runs when a registry's answer shown in a view changed (the view is folded again). */
  changed: (t: Tracker) => void;
}

/** What a view shows of an answer: nothing for "ok" or none yet. */
const shown = (verdict: CheckVerdict | undefined) =>
  !verdict || verdict.state === 'ok' ? '' : JSON.stringify(verdict);

export function createCheckScheduler({
  now,
  checkCredential,
  secretOf,
  changed,
}: CheckSchedulerDeps) {
  /** Per `scope|credential key`: scope "*" for hosts that are the same from every context. */
  const entries = new Map<string, CheckEntry>();
  /** The trackers whose view uses an answer, folded again when it changes. */
  const viewers = new Map<string, Set<Tracker>>();
  /** The answers each tracker's view uses: what `forget` takes it out of when it closes. */
  const keysOf = new Map<Tracker, Set<string>>();

  /** The entry of a check for this context, or null when the context may not check its host. */
  function entryKey(t: Tracker, check: CredentialCheck): string | null {
    const decision = checkDecision(check.host, t.context, t.checkSettings);
    return decision.check ? `${decision.scope}|${check.key}` : null;
  }

  function forgetSome() {
    if (entries.size <= MAX_CHECKS_KEPT) return;
    for (const [key, entry] of entries)
      if (!entry.pending && entry.verdict?.state !== 'rejected') {
        entries.delete(key);
        for (const viewer of viewers.get(key) ?? []) {
          keysOf.get(viewer)?.delete(key);
          if (keysOf.get(viewer)?.size === 0) keysOf.delete(viewer);
        }
        viewers.delete(key);
      }
  }

  /** A closed tracker: no answer refers to it any more (nor to its secrets and view). */
  function forget(t: Tracker) {
    for (const key of keysOf.get(t) ?? []) {
      const set = viewers.get(key);
      set?.delete(t);
      if (set?.size === 0) viewers.delete(key);
    }
    keysOf.delete(t);
  }

  function answered(key: string, previous: CheckEntry | undefined, verdict: CheckVerdict) {
    const rejections =
      verdict.state === 'rejected'
        ? (previous?.rejections ?? 0) + 1
        : verdict.state === 'ok'
          ? 0
          : (previous?.rejections ?? 0);
    entries.set(key, { verdict, at: now(), rejections, pending: false });
    if (shown(previous?.verdict) === shown(verdict)) return;
    for (const viewer of viewers.get(key) ?? []) changed(viewer);
  }

  function ask(
    t: Tracker,
    key: string,
    check: CredentialCheck,
    probe: typeof checkCredential & {},
  ) {
    const previous = entries.get(key);
    entries.set(key, { at: 0, rejections: 0, ...previous, pending: true });
    void t.checkLimit(async () => {
      // The user may have turned the checks off, or left, while this one waited.
      if (t.stopped || entryKey(t, check) !== key) {
        entries.set(key, { at: 0, rejections: 0, ...previous, pending: false });
        return;
      }
      const reach = { localRegistries: t.checkSettings.localRegistries };
      const verdict = await probe(check, reach).catch((): CheckVerdict => ({
        state: 'unknown',
        reason: 'no answer from the registry',
      }));
      answered(key, previous, verdict);
    });
  }

  /**
   * Asks the registries about running pods' credentials that are due (bounded, shared), and
   * says what this context's checks do: on or off, and which hosts are not checked and why.
   */
  function startChecks(t: Tracker, pods: V1Pod[]): PullCredentialChecks {
    const state: PullCredentialChecks = { ...t.checkSettings, notChecked: [] };
    // A fold still under way when its tracker closed must not make the scheduler keep it.
    if (!checkCredential || t.stopped || !t.viewOpen || !t.checkSettings.automatic) return state;
    const secret = (namespace: string, name: string) => secretOf(t, namespace, name);
    const checks = uniqueChecks(
      pods
        .filter((pod) => running(pod) && pod.spec?.imagePullSecrets?.length)
        .map((pod) => ({ pod, found: podSecrets(pod, secret).found })),
    );
    const notChecked = new Map<string, string>();
    for (const check of checks) {
      const decision = checkDecision(check.host, t.context, t.checkSettings);
      if (!decision.check) {
        notChecked.set(check.host, decision.reason);
        continue;
      }
      const key = `${decision.scope}|${check.key}`;
      if (!viewers.has(key)) viewers.set(key, new Set());
      viewers.get(key)!.add(t);
      if (!keysOf.has(t)) keysOf.set(t, new Set());
      keysOf.get(t)!.add(key);
      const entry = entries.get(key);
      if (entry?.verdict?.state === 'unknown' && entry.verdict.reason)
        notChecked.set(check.host, entry.verdict.reason);
      if (checkDue(entry, now())) ask(t, key, check, checkCredential);
    }
    forgetSome();
    state.notChecked = [...notChecked].map(([host, reason]) => ({ host, reason }));
    return state;
  }

  return {
    startChecks,
    forget,
    /** How many trackers the scheduler refers to (open views using an answer). */
    viewerCount: () =>
      new Set([...keysOf.keys(), ...[...viewers.values()].flatMap((set) => [...set])]).size,
    /** The registry's answer about a check's credential, as this context may use it. */
    verdict(t: Tracker, check: CredentialCheck): CheckVerdict | undefined {
      if (!t.checkSettings.automatic) return undefined;
      const key = entryKey(t, check);
      return key ? entries.get(key)?.verdict : undefined;
    },
  };
}

export type CheckScheduler = ReturnType<typeof createCheckScheduler>;
