import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  checkSettled,
  LOOKUP_TTL_MS,
  lookupDecision,
  UNKNOWN_TTL_MS,
  verdictOf,
} from '@core/pulls/retry-rules';

const secret: V1Secret = { metadata: { name: 'cred', namespace: 'team1-dev' } };

describe('a secret read by name (not in the informer)', () => {
  it('is read when never read, and not read twice while a read is under way', () => {
    expect(lookupDecision(undefined, 1_000)).toEqual({ value: undefined, read: true });
    expect(lookupDecision('pending', 1_000)).toEqual({ value: undefined, read: false });
  });

  it('shows its answer (found or missing) without reading again within the TTL', () => {
    const at = 1_000;
    expect(lookupDecision({ value: secret, at }, at)).toEqual({ value: secret, read: false });
    expect(lookupDecision({ value: 'missing', at }, at + LOOKUP_TTL_MS - 1)).toEqual({
      value: 'missing',
      read: false,
    });
  });

  it('is read again once the TTL is over, the old answer shown meanwhile', () => {
    const at = 1_000;
    expect(lookupDecision({ value: 'missing', at }, at + LOOKUP_TTL_MS)).toEqual({
      value: 'missing',
      read: true,
    });
    expect(lookupDecision({ value: secret, at }, at + 10 * LOOKUP_TTL_MS)).toEqual({
      value: secret,
      read: true,
    });
  });
});

describe('a registry check of a running pod’s credential', () => {
  const at = 1_000;
  it('is asked when never asked, and not again while under way', () => {
    expect(checkSettled(undefined, at)).toBe(false);
    expect(checkSettled('pending', at + 100 * UNKNOWN_TTL_MS)).toBe(true);
  });

  it('keeps "ok" and "rejected" however old (a changed secret is a new key)', () => {
    const late = at + 100 * UNKNOWN_TTL_MS;
    expect(checkSettled({ verdict: { state: 'ok' }, at }, late)).toBe(true);
    expect(checkSettled({ verdict: { state: 'rejected', reason: '401' }, at }, late)).toBe(true);
  });

  it('asks again after "unknown" (no answer) only once older than its TTL', () => {
    const unknown = { verdict: { state: 'unknown' as const }, at };
    expect(checkSettled(unknown, at)).toBe(true);
    expect(checkSettled(unknown, at + UNKNOWN_TTL_MS)).toBe(true);
    expect(checkSettled(unknown, at + UNKNOWN_TTL_MS + 1)).toBe(false);
  });

  it('gives the fold a verdict only once answered', () => {
    expect(verdictOf(undefined)).toBeUndefined();
    expect(verdictOf('pending')).toBeUndefined();
    expect(verdictOf({ verdict: { state: 'rejected', reason: '401' }, at })).toEqual({
      state: 'rejected',
      reason: '401',
    });
  });
});
