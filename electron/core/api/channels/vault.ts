/** Contract, vault domain: the OS keychain's state and the logins saved in it. */
import { channel, noInput } from './shared';
import type { TokenView } from './tokens';

export type VaultStatus =
  | { available: true; backend: string }
  | { available: false; code: 'VAULT_UNAVAILABLE' | 'VAULT_LOCKED'; reason: string };

export interface SavedLogin {
  host: string;
  username: string;
  /** A short-lived token's provider and expiry (never the token); absent for a password. */
  token?: TokenView | null;
}

export const vaultChannels = {
  'vault:logins': channel<SavedLogin[]>()(noInput),
} as const;

export interface VaultEvents {
  'vault:changed': VaultStatus;
}
