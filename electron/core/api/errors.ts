/**
 * Error codes that cross the IPC boundary. The renderer switches on `code`, shows `message`,
 * and may render `details` (never secrets).
 */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
  'OPERATION_EXPIRED',
  'CLIPBOARD_UNAVAILABLE',
  'FORBIDDEN_SENDER',
  'KUBECONFIG_INVALID',
  'KUBECONFIG_LOCKED',
  'CONTEXT_NOT_FOUND',
  'VAULT_UNAVAILABLE',
  'VAULT_LOCKED',
  'VAULT_FAILED',
  'SETTINGS_FAILED',
  'CLUSTER_UNREACHABLE',
  'CLUSTER_TLS',
  'CLUSTER_UNAUTHORIZED',
  'CLUSTER_FORBIDDEN',
  'AUTH_PLUGIN_NOT_FOUND',
  'AUTH_PLUGIN_FAILED',
  'KUBE_NOT_FOUND',
  'KUBE_CONFLICT',
  'KUBE_API_ERROR',
  'SECRET_INVALID',
  'REGISTRY_UNREACHABLE',
  'REGISTRY_TLS',
  'REGISTRY_UNAUTHORIZED',
  'REGISTRY_DENIED',
  'REGISTRY_NOT_FOUND',
  'REGISTRY_ERROR',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Throw this from core code to send a specific code and message to the renderer. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
