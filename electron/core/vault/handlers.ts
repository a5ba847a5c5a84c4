/** The vault's slice of the router: the logins saved in the OS keychain (passwords never leave). */
import type { HandlersOf } from '../api/handlers';
import { loginsWithTokens } from './login-tokens';
import type { Vault } from './vault';

export function vaultHandlers(vault: Vault): HandlersOf<'vault'> {
  return { 'vault:logins': () => loginsWithTokens(vault) };
}
