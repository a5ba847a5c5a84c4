/**
 * The laptop's checks of running pods' credentials against their registries (the latent "now
 * rejected" problem), while the Pulls view is open on a context: each (secret version, repository,
 * user) asked once, a few at a time per context, "no answer" asked again after a while
 * (`retry-rules.ts`); a rejection folds the view again.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { pendingChecks, type CheckVerdict, type CredentialCheck } from './credential-checks';
import type { ClusterReads } from './cluster-reads';
import { podSecrets, running } from './fold';
import { checkSettled, verdictOf } from './retry-rules';
import type { Tracker } from './tracker';

/** Past this many answers kept per context, they are forgotten and asked again. */
const MAX_CHECKS_KEPT = 10_000;

export interface CheckSchedulerDeps {
  now: () => number;
  /** Checks one credential against the registry from this computer; none: no checks. */
  checkCredential: ((check: CredentialCheck) => Promise<CheckVerdict>) | undefined;
  secretOf: ClusterReads['secretOf'];
  /** Runs when a registry rejected a credential (the view is folded again). */
  changed: (t: Tracker) => void;
}

export function createCheckScheduler({
  now,
  checkCredential,
  secretOf,
  changed,
}: CheckSchedulerDeps) {
  /** Asks the registries about running pods' credentials not checked yet (bounded, cached). */
  function startChecks(t: Tracker, pods: V1Pod[]) {
    if (!checkCredential || !t.viewOpen) return;
    const secret = (namespace: string, name: string) => secretOf(t, namespace, name);
    const wanted = pendingChecks(
      pods
        .filter((pod) => running(pod) && pod.spec?.imagePullSecrets?.length)
        .map((pod) => ({ pod, found: podSecrets(pod, secret).found })),
      (key) => checkSettled(t.checks.get(key), now()),
    );
    if (!wanted.length) return;
    if (t.checks.size + wanted.length > MAX_CHECKS_KEPT) t.checks.clear();
    for (const check of wanted) {
      t.checks.set(check.key, 'pending');
      void t.checkLimit(async () => {
        if (t.stopped) return;
        const verdict = await checkCredential(check).catch((): CheckVerdict => ({
          state: 'unknown',
        }));
        t.checks.set(check.key, { verdict, at: now() });
        if (verdict.state === 'rejected') changed(t);
      });
    }
  }

  return {
    startChecks,
    /** The registry's answer to a check, by key (undefined: not asked yet or under way). */
    verdict: (t: Tracker, key: string) => verdictOf(t.checks.get(key)),
  };
}

export type CheckScheduler = ReturnType<typeof createCheckScheduler>;
