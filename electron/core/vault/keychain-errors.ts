import { AppError } from '../api/errors';

const unavailablePatterns = [
  /org\.freedesktop\.secrets/i,
  /ServiceUnknown/i,
  /was not provided by any \.service files/i,
  /Cannot autolaunch D-Bus/i,
  /DBUS_SESSION_BUS_ADDRESS/i,
  /Could not connect\b/i,
  /Failed to execute child process "dbus-launch"/i,
];
const lockedPatterns = [
  /\blocked\b/i,
  /cancell?ed/i,
  /dismissed/i,
  /User interaction is not allowed/i,
  /errSecInteractionNotAllowed|-25308/,
];

export const NO_KEYCHAIN_HINT =
  'No OS keychain is available: PullKey needs a Secret Service on D-Bus (GNOME Keyring, KWallet or KeePassXC) on Linux, the Keychain on macOS, or the Credential Manager on Windows.';

/** Maps keytar's platform-specific failures to codes the UI can explain. Never echoes secrets. */
export function keychainError(error: unknown): AppError {
  const raw = error instanceof Error ? error.message : String(error);
  if (unavailablePatterns.some((pattern) => pattern.test(raw))) {
    return new AppError('VAULT_UNAVAILABLE', NO_KEYCHAIN_HINT, { cause: raw });
  }
  if (lockedPatterns.some((pattern) => pattern.test(raw))) {
    return new AppError(
      'VAULT_LOCKED',
      'The OS keychain is locked or access was refused: unlock it and try again.',
      { cause: raw },
    );
  }
  return new AppError('VAULT_FAILED', `The OS keychain failed: ${raw}`, { cause: raw });
}

export function keytarLoadError(error: unknown): AppError {
  const raw = error instanceof Error ? error.message : String(error);
  return new AppError(
    'VAULT_UNAVAILABLE',
    `The keychain module could not be loaded (${raw}). Reinstall PullKey; when running from source, run "npm ci" again.`,
    { cause: raw },
  );
}
