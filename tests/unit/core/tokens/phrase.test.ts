/** A token's expiry in words and its state; estimates say so. */
import { describe, expect, it } from 'vitest';
import type { TokenView } from '@core/api/contract';
import {
  durationWords,
  expirySentence,
  preflightTokenNote,
  tokenPhrase,
  tokenState,
} from '@core/tokens/phrase';

const now = Date.parse('2026-12-07T12:00:00.000Z');
const token = (expiresAt: string | null, estimate = false): TokenView => ({
  kind: 'ecr',
  provider: 'Amazon ECR',
  expiresAt,
  estimate,
});
const inMs = (ms: number) => new Date(now + ms).toISOString();

describe('tokenPhrase', () => {
  it.each([
    [3 * 3600_000 + 59_000, 'token, expires in 3 h', 'fresh'],
    [20 * 60_000, 'token, expires in 20 min', 'expiring'],
    [30_000, 'token, expires in less than a minute', 'expiring'],
    [-2 * 3600_000, 'token, expired 2 h ago', 'expired'],
    [0, 'token, expired less than a minute ago', 'expired'],
    [3 * 86_400_000, 'token, expires in 3 d', 'fresh'],
  ])('%d ms → %s', (ms, text, state) => {
    expect(tokenPhrase(token(inMs(ms)), now)).toBe(text);
    expect(tokenState(token(inMs(ms)), now)).toBe(state);
  });

  it('estimates say about and (estimate)', () => {
    expect(tokenPhrase(token(inMs(40 * 60_000), true), now)).toBe(
      'token, expires in about 40 min (estimate)',
    );
    expect(tokenPhrase(token(inMs(-90 * 60_000), true), now)).toBe(
      'token, expired about 1 h ago (estimate)',
    );
  });

  it('unknown expiry', () => {
    expect(tokenPhrase(token(null), now)).toBe('token, expiry unknown');
    expect(tokenState(token(null), now)).toBe('unknown');
  });

  it('durationWords rounds down', () => {
    expect(durationWords(59 * 60_000)).toBe('59 min');
    expect(durationWords(47 * 3600_000)).toBe('47 h');
  });
});

describe('expirySentence', () => {
  it('the ECR token expired at HH:MM (local time)', () => {
    const at = new Date(now - 3600_000);
    const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    expect(expirySentence(token(at.toISOString()), now)).toBe(`the ECR token expired at ${hhmm}`);
  });

  it('future and estimates', () => {
    expect(expirySentence({ ...token(inMs(600_000), true), kind: 'gcr' }, now)).toMatch(
      /^the Artifact Registry token expires at about \d\d:\d\d \(estimate\)$/,
    );
  });
});

describe('preflightTokenNote', () => {
  it('warns under an hour and when expired, says it otherwise', () => {
    expect(preflightTokenNote(token(inMs(20 * 60_000)), 'secret ecr', now)).toEqual({
      warn: true,
      text: 'the token in secret ecr expires in 20 min: pods scheduled after that will fail',
    });
    expect(preflightTokenNote(token(inMs(-2 * 3600_000)), 'secret ecr', now)).toEqual({
      warn: true,
      text: 'the token in secret ecr expired 2 h ago',
    });
    expect(preflightTokenNote(token(inMs(11 * 3600_000)), 'secret ecr', now)).toEqual({
      warn: false,
      text: 'the token in secret ecr expires in 11 h',
    });
    expect(preflightTokenNote(token(null), 'secret ecr', now)).toBeNull();
  });
});
