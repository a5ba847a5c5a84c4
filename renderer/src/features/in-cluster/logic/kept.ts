/**
 * Pure: a project registry kept by External Secrets Operator, said in words — the row's badge,
 * the detail's headline ("Kept by External Secrets — 12/12 namespaces, refreshed 1 min ago") and
 * what is wrong (failed namespaces with ESO's reasons, ExternalSecrets not Ready, the store not
 * Ready, the engine not reconciling).
 */
import type {
  InClusterCapability,
  InClusterView,
  KeptNamespace,
  KeptRegistry,
  RegistryGroup,
} from '@core/api/contract';

/** "just now", "1 min ago", "12 min ago", "3 h ago", "2 d ago" (a time in the future: just now). */
export function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds) || seconds < 45) return 'just now';
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** The kept registry of a project registry group (same name, same project), if any. */
export function keptFor(view: InClusterView | null, group: RegistryGroup): KeptRegistry | null {
  const scope = group.scope;
  if (!view || scope.kind !== 'project') return null;
  return (
    view.kept.find(
      (kept) =>
        kept.name === group.name &&
        kept.project.id === scope.project &&
        kept.project.kind === scope.projectKind,
    ) ?? null
  );
}

export type Tone = 'success' | 'info' | 'warn' | 'danger';

const tones: Record<KeptRegistry['state'], Tone> = {
  kept: 'success',
  converging: 'info',
  failing: 'danger',
  'not-reconciling': 'warn',
};

/** The row's badge: "12/12 kept", "3/12 kept · failing", "Engine not reconciling". */
export function keptBadge(kept: KeptRegistry): { label: string; tone: Tone } {
  const counted = `${kept.kept}/${kept.total} kept`;
  const label =
    kept.state === 'not-reconciling'
      ? 'Engine not reconciling'
      : kept.state === 'kept'
        ? counted
        : `${counted} · ${kept.state}`;
  return { label, tone: tones[kept.state] };
}

/** The detail's headline: the back end's summary, with how long ago ESO last refreshed. */
export function keptHeadline(kept: KeptRegistry, now: number): { text: string; tone: Tone } {
  const refreshed =
    kept.state !== 'not-reconciling' && kept.refreshedAt
      ? `, refreshed ${ago(kept.refreshedAt, now)}`
      : '';
  return { text: `${kept.summary}${refreshed}`, tone: tones[kept.state] };
}

function namespaceProblem(each: KeptNamespace): string | null {
  const why = [each.reason, each.message].filter(Boolean).join(': ');
  switch (each.state) {
    case 'kept':
      return null;
    case 'waiting':
      return `${each.namespace}: waiting for External Secrets to write the copy`;
    case 'failing':
      return `${each.namespace}: ExternalSecret not Ready${why ? ` (${why})` : ''}`;
    case 'no-secret':
      return `${each.namespace}: ExternalSecret Ready but the secret is not there`;
    case 'not-created':
      return `${each.namespace}: no ExternalSecret created${why ? ` (${why})` : ''}`;
  }
}

/**
 * What is wrong, one line each: the engine not reconciling first (nothing else is known then),
 * then the store, then every namespace not kept (the ClusterExternalSecret's failures first).
 */
export function keptProblems(kept: KeptRegistry, now: number): string[] {
  const problems: string[] = [];
  if (kept.state === 'not-reconciling') {
    const since = kept.writtenAt ? ` since it was written ${ago(kept.writtenAt, now)}` : '';
    problems.push(
      `No status from External Secrets${since}: the operator is not running, or runs with its cluster kinds (ClusterExternalSecret, ClusterSecretStore) disabled.`,
    );
  }
  if (kept.store.ready === false) {
    const why = [kept.store.reason, kept.store.message].filter(Boolean).join(': ');
    problems.push(`Store ${kept.store.name} not Ready${why ? ` (${why})` : ''}`);
  }
  const listed = new Set<string>();
  for (const failed of kept.failedNamespaces) {
    listed.add(failed.namespace);
    problems.push(`${failed.namespace}: ${failed.reason}`);
  }
  for (const each of kept.namespaces) {
    if (listed.has(each.namespace)) continue;
    const problem = namespaceProblem(each);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * ESO's latest Warning Events of a row not all kept (read by the back end), one line each, newest
 * first: "ExternalSecret b/regcred — UpdateFailed: could not get secret data (2 min ago)"; or why
 * they could not be read.
 */
export function keptEventLines(kept: KeptRegistry, now: number): string[] {
  const events = kept.state === 'kept' ? undefined : kept.events;
  if (!events) return [];
  if ('unread' in events) return [events.unread.charAt(0).toUpperCase() + events.unread.slice(1)];
  return events.items.map(
    (event) =>
      `${event.object} — ${event.reason}: ${event.message}${event.at ? ` (${ago(event.at, now)})` : ''}`,
  );
}

/** Which panel a context's capability calls for. */
export type Offer = 'offered' | 'missing' | 'too-old' | 'forbidden' | 'unreachable';

export function offerOf(capability: InClusterCapability): Offer {
  if (capability.engine !== 'ready') return capability.engine;
  return capability.offered ? 'offered' : 'forbidden';
}
