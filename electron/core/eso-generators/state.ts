/**
 * What a "Keep fresh in the cluster" ExternalSecret says about itself, read back: its Ready
 * condition, the last refresh, the next one, and — when the generator fails — the reason from its
 * Events ("could not generate: unable to create aws session: …") as a diagnosis sentence. Pure:
 * wire JSON in (the ExternalSecret and its Events), plain data out.
 */
import type { KeepFreshPhase, KeepFreshState } from '../api/channels/cluster-refresh';
import { parseGoDuration } from './external-secret';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ExternalSecretWire {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; generation?: number };
  spec?: {
    refreshInterval?: string;
    target?: { name?: string };
    secretStoreRef?: { kind?: string; name?: string };
    dataFrom?: {
      extract?: { key?: string };
      sourceRef?: { generatorRef?: { kind?: string; name?: string } };
    }[];
  };
  status?: {
    conditions?: Condition[];
    refreshTime?: string | null;
    syncedResourceVersion?: string;
  };
}

export interface EventWire {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  metadata?: { creationTimestamp?: string };
}

const eventTime = (e: EventWire) =>
  e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? null;

/** ESO wraps a generator error: "error processing spec.dataFrom[0]…, err: <the generator's error>". */
export function generatorError(message: string): string {
  const inner = /(?:^|,\s*)err:\s*(.*)$/s.exec(message)?.[1] ?? message;
  return inner.trim();
}

export function keepFreshState(es: ExternalSecretWire, events: EventWire[] = []): KeepFreshState {
  const ready = es.status?.conditions?.find((c) => c.type === 'Ready');
  const ref = es.spec?.dataFrom?.find((d) => d.sourceRef?.generatorRef)?.sourceRef?.generatorRef;
  const generator = ref?.kind && ref.name ? { kind: ref.kind, name: ref.name } : null;
  const interval = es.spec?.refreshInterval ? parseGoDuration(es.spec.refreshInterval) : null;
  const refreshTime = es.status?.refreshTime ?? null;
  const warnings = events
    .filter((e) => e.type === 'Warning')
    .map((e) => ({
      type: e.type ?? 'Warning',
      reason: e.reason ?? '',
      message: e.message ?? '',
      count: e.count ?? 1,
      at: eventTime(e),
    }))
    .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
  const phase: KeepFreshPhase =
    ready?.status === 'True' ? 'ready' : ready?.status === 'False' ? 'failing' : 'pending';
  const nextRefresh =
    phase === 'ready' && refreshTime && interval
      ? new Date(Date.parse(refreshTime) + interval * 1000).toISOString()
      : null;
  const cause = warnings[0] ? generatorError(warnings[0].message) : (ready?.message ?? null);
  const what = generator
    ? `The ${generator.kind} generator "${generator.name}"`
    : 'The token generator';
  const target = es.spec?.target?.name ?? null;
  const diagnosis =
    phase === 'failing'
      ? `${what} cannot make a new token: ${cause ?? 'no reason given'}. ` +
        `The source secret${target ? ` "${target}"` : ''} keeps its last token until it expires; ` +
        'pods that pull after that fail with 401.'
      : null;
  return {
    phase,
    generator,
    target,
    reason: ready?.reason ?? null,
    message: ready?.message ?? null,
    refreshIntervalSeconds: interval,
    refreshTime,
    nextRefresh,
    events: warnings,
    diagnosis,
  };
}
