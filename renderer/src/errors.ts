/**
 * The renderer's one mapping from a failed call to the contract's error, and one way to read an
 * error's message.
 */
import type { ApiError, ErrorCode } from '@core/api/errors';

/** The contract's codes plus the two the renderer itself raises (no bridge, transport broke). */
type CallErrorCode = ErrorCode | 'BRIDGE_MISSING' | 'TRANSPORT_FAILED';

/** The contract's error as the renderer sees it (`ApiError`, with the renderer's own codes). */
export interface CallError {
  code: CallErrorCode;
  message: string;
  details?: unknown;
}

export class ApiCallError extends Error {
  readonly code: CallErrorCode;
  readonly details?: unknown;

  constructor(error: Pick<ApiError, 'message' | 'details'> & { code: CallErrorCode }) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.details = error.details;
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The code of anything thrown: the back end's code, else INTERNAL. */
export function codeOf(error: unknown): CallErrorCode {
  return error instanceof ApiCallError ? error.code : 'INTERNAL';
}

/** Anything thrown by a call, as the contract's error (code, message and details kept). */
export function toCallError(error: unknown): CallError {
  if (error instanceof ApiCallError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  return { code: 'INTERNAL', message: messageOf(error) };
}
