/** Integration tests touch a REAL keychain: make sure it is the throwaway one. */
export function requirePrivateKeyring(): void {
  if (process.env.PULLKEY_PRIVATE_KEYRING !== '1') {
    throw new Error(
      'Integration tests must run inside tests/harness/private-keyring.sh (npm run test:integration), never against your own keychain.',
    );
  }
}
