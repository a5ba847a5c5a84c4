/**
 * Pure: the tokens of a registry as the list and the detail show them — the soonest to expire
 * first (an expired one before all others) — and their severity. Never the token itself: the
 * back end sends only its provider and expiry.
 */
import type { RegistryGroup, TokenView } from '@core/api/contract';
import { tokenPhrase, tokenState, type TokenState } from '@core/tokens/phrase';

export interface ShownToken {
  namespace: string;
  host: string;
  username: string;
  token: TokenView;
}

const order = (token: TokenView) =>
  token.expiresAt ? Date.parse(token.expiresAt) : Number.POSITIVE_INFINITY;

/** Every token in the group's copies, soonest expiry first. */
export function groupTokens(group: RegistryGroup): ShownToken[] {
  return group.copies
    .flatMap((copy) =>
      copy.entries.flatMap((entry) =>
        entry.token
          ? [
              {
                namespace: copy.namespace,
                host: entry.registry,
                username: entry.username,
                token: entry.token,
              },
            ]
          : [],
      ),
    )
    .sort((a, b) => order(a.token) - order(b.token) || a.namespace.localeCompare(b.namespace));
}

/** The PrimeVue severity of a token's state: expired red, expiring amber. */
export function tokenSeverity(state: TokenState): 'danger' | 'warn' | 'secondary' | 'info' {
  if (state === 'expired') return 'danger';
  if (state === 'expiring') return 'warn';
  return state === 'unknown' ? 'secondary' : 'info';
}

/** The list's badge for a group: its soonest token, or null for a registry without tokens. */
export function groupTokenBadge(group: RegistryGroup, now: number) {
  const first = groupTokens(group)[0];
  if (!first) return null;
  const state = tokenState(first.token, now);
  return {
    label: tokenPhrase(first.token, now),
    state,
    severity: tokenSeverity(state),
    /** The whole sentence for assistive tech (the colour is never the only signal). */
    description: `${first.token.provider} ${tokenPhrase(first.token, now)}${state === 'expired' ? ': pods that pull with it fail' : ''}`,
  };
}
