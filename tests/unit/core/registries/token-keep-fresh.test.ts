/**
 * Keep fresh while PullKey runs: the first refresh at half the keychain token's remaining life,
 * the next at half the new token's; a failure is an event naming the registry and the reason,
 * tried again later; Keep fresh off or stop() plans nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '@core/api/events';
import type { TokenRefreshReport, TokenSourceSetting } from '@core/api/contract';
import { createKeepFresh } from '@core/registries/token-keep-fresh';
import type { TokenRefresh } from '@core/registries/token-refresh';

const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const HOUR = 3600_000;

function stub(options: { keepFresh?: boolean; keychainLeftMs?: number | null; fail?: string }) {
  const setting: TokenSourceSetting = {
    host,
    source: { kind: 'aws', region: 'eu-west-1' },
    keepFresh: options.keepFresh ?? true,
    contexts: ['alpha'],
    command: 'aws ecr get-login-password --region eu-west-1',
  };
  const calls: number[] = [];
  const tokens = {
    list: () => Promise.resolve([setting]),
    keychainExpiry: () =>
      Promise.resolve(
        options.keychainLeftMs == null
          ? null
          : new Date(Date.now() + options.keychainLeftMs).toISOString(),
      ),
    forgetExpired: () => Promise.resolve(true),
    refresh: (): Promise<TokenRefreshReport> => {
      calls.push(Date.now());
      if (options.fail) return Promise.reject(new Error(options.fail));
      return Promise.resolve({
        operationId: 'x',
        host,
        results: [{ context: 'alpha', namespace: 'a', name: 'ecr', outcome: 'updated' }],
        warnings: [],
        expiresAt: new Date(Date.now() + 12 * HOUR).toISOString(),
      });
    },
  } as unknown as TokenRefresh;
  return { tokens, calls };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-07T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('Keep fresh', () => {
  it('refreshes at half the remaining life, then at half the new token’s', async () => {
    const { tokens, calls } = stub({ keychainLeftMs: 4 * HOUR });
    const events = createEventHub();
    const seen: string[] = [];
    events.listen((event, payload) => seen.push(`${event} ${JSON.stringify(payload)}`));
    const keep = createKeepFresh(tokens, events);
    await keep.plan();
    expect(keep.next(host)).toBe(Date.now() + 2 * HOUR);
    await vi.advanceTimersByTimeAsync(2 * HOUR - 1);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(seen[0]).toContain('tokens:refreshed');
    expect(keep.next(host)).toBe(Date.now() + 6 * HOUR);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(calls).toHaveLength(2);
    keep.stop();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(calls).toHaveLength(2);
  });

  it('no token in the keychain: refresh at once', async () => {
    const { tokens, calls } = stub({ keychainLeftMs: null });
    const keep = createKeepFresh(tokens, createEventHub());
    await keep.plan();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    keep.stop();
  });

  it('a failure names the registry and the reason, and is tried again later', async () => {
    const reason = 'the AWS SSO session expired: run `aws sso login` in a terminal';
    const { tokens, calls } = stub({ keychainLeftMs: 60_000, fail: reason });
    const events = createEventHub();
    const failures: unknown[] = [];
    events.listen((event, payload) => event === 'tokens:refresh-failed' && failures.push(payload));
    const keep = createKeepFresh(tokens, events, { retryMs: 10 * 60_000 });
    await keep.plan();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    expect(failures).toEqual([
      {
        host,
        reason: `${reason} (its expired token was removed from the keychain)`,
        at: new Date().toISOString(),
      },
    ]);
    expect(keep.next(host)).toBe(Date.now() + 10 * 60_000);
    keep.stop();
  });

  it('Keep fresh off: nothing planned', async () => {
    const { tokens, calls } = stub({ keepFresh: false, keychainLeftMs: 60_000 });
    const keep = createKeepFresh(tokens, createEventHub());
    await keep.plan();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(calls).toHaveLength(0);
    expect(keep.next(host)).toBeNull();
  });
});
