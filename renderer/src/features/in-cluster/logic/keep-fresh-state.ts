/**
 * Pure: the state of "Keep fresh in the cluster" said in words — the phase ("Ready", "Failing",
 * "Waiting for External Secrets"), the last refresh ("2 min ago"), the next one ("in 4 min",
 * "due now"), and, when failing, the diagnosis sentence and the latest Warning events.
 */
import type { KeepFreshAnswer, KeepFreshEvent, KeepFreshState } from '@core/api/contract';
import { durationWords } from '@core/tokens/phrase';
import { ago, type Tone } from './kept';

/** "6h", "1h30m", "8s": the refresh interval as ESO prints it. */
export function intervalWords(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}

/** "in 4 min", "in less than a minute", "due now" (a time past: ESO is about to refresh). */
export function inWords(iso: string, now: number): string {
  const left = Date.parse(iso) - now;
  if (!Number.isFinite(left)) return 'unknown';
  if (left <= 0) return 'due now';
  return `in ${durationWords(left)}`;
}

export interface KeepFreshHeadline {
  text: string;
  tone: Tone;
}

/** The headline: the phase, with the generator's kind. */
export function keepFreshHeadline(state: KeepFreshState): KeepFreshHeadline {
  const kind = state.generator?.kind ?? 'token generator';
  if (state.phase === 'ready') return { text: `Ready — kept fresh by ${kind}`, tone: 'success' };
  if (state.phase === 'failing')
    return { text: `Failing — ${kind} could not refresh the token`, tone: 'danger' };
  return { text: `Waiting for External Secrets to refresh the token (${kind})`, tone: 'info' };
}

/** The times, one line each: last refresh, next refresh, interval. */
export function keepFreshTimes(state: KeepFreshState, now: number): string[] {
  const lines: string[] = [];
  lines.push(
    state.refreshTime ? `Last refresh: ${ago(state.refreshTime, now)}` : 'Last refresh: never yet',
  );
  if (state.nextRefresh) lines.push(`Next refresh: ${inWords(state.nextRefresh, now)}`);
  else if (state.phase === 'failing') lines.push('Next refresh: none until the generator works');
  if (state.refreshIntervalSeconds)
    lines.push(`Refreshed every ${intervalWords(state.refreshIntervalSeconds)}`);
  return lines;
}

/** What is wrong when failing: the diagnosis, else the ExternalSecret's reason and message. */
export function keepFreshProblem(state: KeepFreshState): string | null {
  if (state.phase !== 'failing') return null;
  if (state.diagnosis) return state.diagnosis;
  const why = [state.reason, state.message].filter(Boolean).join(': ');
  return why || 'The ExternalSecret is not Ready.';
}

/** The Warning events, newest first: "UpdateFailed: could not generate … (2 min ago, 3×)". */
export function keepFreshEventLines(events: KeepFreshEvent[], now: number, max = 5): string[] {
  return events.slice(0, max).map((event) => {
    const when = [event.at ? ago(event.at, now) : null, event.count > 1 ? `${event.count}×` : null]
      .filter(Boolean)
      .join(', ');
    return `${event.reason}: ${event.message}${when ? ` (${when})` : ''}`;
  });
}

/** The preview's sentence: the two objects and the interval. */
export function keepFreshPreviewSentence(answer: KeepFreshAnswer): string {
  return `Writes ${answer.generator.kind} ${answer.generator.name} and ExternalSecret ${answer.externalSecret}, which writes the source secret ${answer.source} with a new token every ${intervalWords(answer.refreshIntervalSeconds)}.`;
}

/** An error of the preview or the write, in plain words (said in place; the form is kept). */
export function keepFreshErrorWords(code: string, message: string): string {
  switch (code) {
    case 'CLUSTER_FORBIDDEN':
      return `Not allowed: your user may not write the token generator or the ExternalSecret in PullKey's namespace. ${message}`;
    case 'KUBE_CONFLICT':
      return message;
    case 'KUBE_NOT_FOUND':
      return message.includes('External Secrets')
        ? message
        : `Something it needs is not on the cluster: ${message}`;
    case 'INVALID_INPUT':
    case 'KUBE_API_ERROR':
      return `The cluster refused the manifests: ${message}`;
    default:
      return message;
  }
}
