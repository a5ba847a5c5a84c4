/**
 * Error codes that cross the IPC boundary. The renderer switches on `code`, shows `message`,
 * and may render `details` (never secrets).
 */
import { z } from 'zod';

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
  /** A copy kept by an in-cluster engine (External Secrets, Reflector, …): never written. */
  'OWNED_BY_ENGINE',
  'REGISTRY_UNREACHABLE',
  'REGISTRY_TLS',
  'REGISTRY_UNAUTHORIZED',
  'REGISTRY_DENIED',
  'REGISTRY_NOT_FOUND',
  'REGISTRY_ERROR',
  /** A token refresh source (credential helper, cloud CLI) failed or timed out. */
  'TOKEN_REFRESH_FAILED',
  /** A token refresh was cancelled while its command ran: nothing written. */
  'TOKEN_REFRESH_CANCELLED',
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

/** Validation problems sent back at most (the rest are counted). */
const MAX_ISSUES = 20;

export function toApiError(error: unknown): ApiError {
  if (isAppError(error)) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: plainData(error.details) };
  }
  if (error instanceof z.ZodError) {
    // Bounded answer: a 100k-item array must not come back as 100k issues.
    const issues = error.issues.slice(0, MAX_ISSUES);
    const more = error.issues.length - issues.length;
    return {
      code: 'INVALID_INPUT',
      message:
        `Invalid input: ${z.prettifyError(new z.ZodError(issues))}${more > 0 ? `\n(and ${more} more problems)` : ''}`.slice(
          0,
          4096,
        ),
      details: issues.map((issue) => ({
        path: issue.path.map(String).join('.').slice(0, 256),
        message: issue.message.slice(0, 512),
      })),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: message || 'Unexpected error' };
}

/** Details must survive structured clone and JSON alike: strip functions, classes, cycles. */
function plainData(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return undefined;
  }
}
