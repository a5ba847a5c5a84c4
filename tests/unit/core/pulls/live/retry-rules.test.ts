import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { CheckVerdict } from '@core/pulls/checks/credential-checks';
import {
  checkDue,
  LOOKUP_TTL_MS,
  lookupDecision,
  OK_TTL_MS,
  REJECTED_BACKOFF_MAX_MS,
  REJECTED_BACKOFF_MS,
  rejectedBackoff,
  UNKNOWN_TTL_MS,
  type CheckEntry,
} from '@core/pulls/live/retry-rules';

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

describe('a registry check of one credential', () => {
  const at = 1_000;
  const answered = (verdict: CheckVerdict, rejections = 0): CheckEntry => ({
    verdict,
    at,
    rejections,
    pending: false,
  });

  it('is asked when never asked, and not again while under way', () => {
    expect(checkDue(undefined, at)).toBe(true);
    expect(checkDue({ at: 0, rejections: 0, pending: true }, at + 100 * OK_TTL_MS)).toBe(false);
    // Under way again after an answer: still not twice.
    expect(checkDue({ ...answered({ state: 'ok' }), pending: true }, at + 2 * OK_TTL_MS)).toBe(
      false,
    );
  });

  it('asks again after "ok" and after "unknown" (no answer) only once older than their TTL', () => {
    const ok = answered({ state: 'ok' });
    expect(checkDue(ok, at + OK_TTL_MS)).toBe(false);
    expect(checkDue(ok, at + OK_TTL_MS + 1)).toBe(true);
    const unknown = answered({ state: 'unknown' });
    expect(checkDue(unknown, at)).toBe(false);
    expect(checkDue(unknown, at + UNKNOWN_TTL_MS)).toBe(false);
    expect(checkDue(unknown, at + UNKNOWN_TTL_MS + 1)).toBe(true);
  });

  it('backs off a rejected credential exponentially from 5 minutes, up to a cap', () => {
    expect(REJECTED_BACKOFF_MS).toBe(5 * 60_000);
    expect([1, 2, 3, 4].map(rejectedBackoff)).toEqual([5, 10, 20, 40].map((m) => m * 60_000));
    expect(rejectedBackoff(40)).toBe(REJECTED_BACKOFF_MAX_MS);
    const twice = answered({ state: 'rejected', reason: '401' }, 2);
    expect(checkDue(twice, at + 10 * 60_000 - 1)).toBe(false);
    expect(checkDue(twice, at + 10 * 60_000)).toBe(true);
  });
});
