/**
 * "Keep fresh while PullKey runs": every registry whose refresh source has Keep fresh on is
 * refreshed at half its token's remaining life (the keychain's token at start, then each new
 * token's). A failed refresh is a `tokens:refresh-failed` event naming the registry and the reason
 * (the renderer shows a toast), retried later; an expired token is then removed from the keychain.
 */
import type { EventHub } from '../api/events';
import { nextRefreshAt } from '../tokens/sources';
import type { TokenRefresh } from './token-refresh';

export interface KeepFreshOptions {
  /** After a failure, the next try (default 5 min). */
  retryMs?: number;
  /** A token of unknown expiry is refreshed this often (default 30 min). */
  unknownMs?: number;
  /** Never sooner than this after a refresh (default 30 s). */
  floorMs?: number;
  now?: () => number;
}

let runs = 0;

export function createKeepFresh(
  tokens: TokenRefresh,
  events: EventHub,
  options: KeepFreshOptions = {},
) {
  const now = options.now ?? Date.now;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const nextAt = new Map<string, number>();
  let stopped = false;

  function schedule(host: string, at: number) {
    clearTimeout(timers.get(host));
    if (stopped) return;
    nextAt.set(host, at);
    const timer = setTimeout(() => void fire(host), Math.max(0, at - now()));
    timer.unref?.();
    timers.set(host, timer);
  }

  async function fire(host: string) {
    timers.delete(host);
    const setting = (await tokens.list()).find((candidate) => candidate.host === host);
    if (!setting?.keepFresh || stopped) return;
    try {
      const report = await tokens.refresh({
        host,
        operationId: `keep-fresh-${Date.now().toString(36)}-${++runs}`,
      });
      const failed = report.results.filter((result) =>
        ['failed', 'forbidden', 'conflict'].includes(result.outcome),
      );
      events.emit('tokens:refreshed', {
        host,
        expiresAt: report.expiresAt,
        updated: report.results.filter((result) => result.outcome === 'updated').length,
      });
      if (failed.length)
        events.emit('tokens:refresh-failed', {
          host,
          reason: `${failed.length} cop${failed.length === 1 ? 'y was' : 'ies were'} not written: ${failed[0]!.namespace}/${failed[0]!.name}: ${failed[0]!.message ?? failed[0]!.outcome}`,
          at: new Date(now()).toISOString(),
        });
      schedule(
        host,
        nextRefreshAt(report.expiresAt, now(), {
          ...(options.floorMs !== undefined ? { floorMs: options.floorMs } : {}),
          ...(options.unknownMs !== undefined ? { unknownMs: options.unknownMs } : {}),
        }),
      );
    } catch (error) {
      let reason = (error as Error).message;
      if (await tokens.forgetExpired(host).catch(() => false))
        reason += ' (its expired token was removed from the keychain)';
      events.emit('tokens:refresh-failed', { host, reason, at: new Date(now()).toISOString() });
      schedule(host, now() + (options.retryMs ?? 5 * 60_000));
    }
  }

  /** (Re)plans every registry with Keep fresh on; called at start and when a source changes. */
  async function plan(): Promise<void> {
    const settings = await tokens.list();
    for (const host of [...timers.keys()]) {
      if (!settings.some((setting) => setting.host === host && setting.keepFresh)) {
        clearTimeout(timers.get(host));
        timers.delete(host);
        nextAt.delete(host);
      }
    }
    for (const setting of settings) {
      if (!setting.keepFresh || timers.has(setting.host)) continue;
      const expiresAt = await tokens.keychainExpiry(setting.host).catch(() => null);
      // No token known: refresh now; else at half its remaining life.
      schedule(setting.host, expiresAt ? nextRefreshAt(expiresAt, now()) : now());
    }
  }

  return {
    plan,
    /** When the next refresh of host is planned (ms since epoch), or null. */
    next: (host: string) => nextAt.get(host) ?? null,
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
