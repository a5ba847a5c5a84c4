/**
 * Pure and Node-free (the renderer uses it too): a token's expiry in words — "token, expires in
 * 3 h", "token, expired 2 h ago", "(estimate)" for a guessed expiry — and its state for the
 * warning colour. Texts never hold the token, only its provider and times.
 */
import type { TokenView } from '../api/channels/tokens';

export type TokenState = 'fresh' | 'expiring' | 'expired' | 'unknown';

/** Under this much life left a token is "expiring" (a warning before it fails). */
export const EXPIRING_MS = 60 * 60 * 1000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** "less than a minute", "20 min", "3 h", "2 d", "9 y" (rounded down, so "3 h" means at least 3 h). */
export function durationWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < 2 * DAY) return `${Math.floor(abs / HOUR)} h`;
  if (abs < 2 * YEAR) return `${Math.floor(abs / DAY)} d`;
  return `${Math.floor(abs / YEAR)} y`;
}

export function tokenState(token: TokenView, now: number = Date.now()): TokenState {
  if (!token.expiresAt) return 'unknown';
  const left = Date.parse(token.expiresAt) - now;
  if (left <= 0) return 'expired';
  return left < EXPIRING_MS ? 'expiring' : 'fresh';
}

/** "token, expires in 3 h", "token, expired 2 h ago", "token, expires in about 40 min (estimate)". */
export function tokenPhrase(token: TokenView, now: number = Date.now()): string {
  if (!token.expiresAt) return 'token, expiry unknown';
  const left = Date.parse(token.expiresAt) - now;
  const about = token.estimate ? 'about ' : '';
  const estimate = token.estimate ? ' (estimate)' : '';
  return left <= 0
    ? `token, expired ${about}${durationWords(left)} ago${estimate}`
    : `token, expires in ${about}${durationWords(left)}${estimate}`;
}

const SHORT: Record<TokenView['kind'], string> = {
  ecr: 'ECR',
  gcr: 'Artifact Registry',
  acr: 'ACR',
  jwt: 'registry',
};

/** "the ECR token", "the Artifact Registry token", … */
export const tokenName = (token: TokenView) => `the ${SHORT[token.kind]} token`;

/** HH:MM in the computer's time zone (a date too when it is not today). */
export function clockTime(iso: string, now: number = Date.now()): string {
  const at = new Date(iso);
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return new Date(now).toDateString() === at.toDateString()
    ? hhmm
    : `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')} ${hhmm}`;
}

/**
 * "the ECR token expired at 14:02" / "the ECR token in secret "x" expires at 14:02" (`where`
 * after the token's name; about …, estimate).
 */
export function expirySentence(token: TokenView, now: number = Date.now(), where = ''): string {
  const name = where ? `${tokenName(token)} ${where}` : tokenName(token);
  if (!token.expiresAt) return `${name} has an unknown expiry`;
  const past = Date.parse(token.expiresAt) <= now;
  const about = token.estimate ? 'about ' : '';
  const estimate = token.estimate ? ' (estimate)' : '';
  return `${name} ${past ? 'expired' : 'expires'} at ${about}${clockTime(token.expiresAt, now)}${estimate}`;
}

/**
 * The deploy preflight's word on the token a pod will pull with (`where`: "secret regcred"):
 * "the token in secret X expires in 20 min: pods scheduled after that will fail" (a warning under
 * an hour), "… expired 2 h ago", or "… expires in 11 h" (said, not a warning).
 */
export function preflightTokenNote(
  token: TokenView,
  where: string,
  now: number = Date.now(),
): { warn: boolean; text: string } | null {
  if (!token.expiresAt) return null;
  const left = Date.parse(token.expiresAt) - now;
  const about = token.estimate ? 'about ' : '';
  if (left <= 0)
    return { warn: true, text: `the token in ${where} expired ${about}${durationWords(left)} ago` };
  const text = `the token in ${where} expires in ${about}${durationWords(left)}`;
  return left < EXPIRING_MS
    ? { warn: true, text: `${text}: pods scheduled after that will fail` }
    : { warn: false, text };
}
