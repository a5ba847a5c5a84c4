import { AppError } from '../api/errors';
import { unreachableCodes } from '../net/error-codes';

const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

interface Failure {
  code?: string | number;
  message?: string;
  cause?: unknown;
  body?: unknown;
  path?: string;
  syscall?: string;
}

/** Every error in a cause chain (fetch wraps the socket error in `cause`). */
function chain(error: unknown): Failure[] {
  const all: Failure[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && all.length < 8) {
    all.push(current);
    current = (current as Failure).cause;
  }
  return all;
}

function apiMessage(body: unknown): string | null {
  if (typeof body === 'string') {
    try {
      return apiMessage(JSON.parse(body));
    } catch {
      return body.trim() || null;
    }
  }
  if (body && typeof body === 'object' && 'message' in body) {
    return String(body.message);
  }
  return null;
}

export interface ConnectionContext {
  context: string;
  server: string | null;
  /** PATH that exec plugins are looked up in. */
  path?: string;
  /** The exec plugin command of the context's user, if any. */
  execCommand?: string | null;
}

/**
 * Tells connection problems apart in plain words: unreachable server, untrusted TLS, rejected
 * credentials (401), forbidden (403), exec plugin missing or failing (with its stderr).
 */
export function connectionError(error: unknown, where: ConnectionContext): AppError {
  if (error instanceof AppError) return error;
  const failures = chain(error);
  const server = where.server ?? 'the API server';
  const codes = failures.map((failure) => String(failure.code ?? ''));
  const status = failures
    .map((failure) => failure.code)
    .find((code): code is number => typeof code === 'number' && code >= 400 && code < 600);
  const message = failures.map((failure) => failure.message ?? '').find(Boolean) ?? String(error);
  const details = { context: where.context, server: where.server, cause: message };

  const spawnFailure = failures.find(
    (failure) => failure.code === 'ENOENT' && failure.syscall?.startsWith('spawn'),
  );
  if (spawnFailure) {
    const command = where.execCommand ?? spawnFailure.path ?? 'the credential plugin';
    return new AppError(
      'AUTH_PLUGIN_NOT_FOUND',
      `Credential plugin "${command}" of context "${where.context}" was not found. PATH searched: ${where.path ?? process.env.PATH ?? '(empty)'}`,
      { ...details, command, path: where.path ?? process.env.PATH },
    );
  }
  if (codes.some((code) => tlsCodes.has(code))) {
    const tlsCode = codes.find((code) => tlsCodes.has(code));
    return new AppError(
      'CLUSTER_TLS',
      `TLS problem with ${server} (${tlsCode}): its certificate is not trusted by the kubeconfig's certificate-authority for context "${where.context}".`,
      details,
    );
  }
  if (codes.some((code) => unreachableCodes.has(code))) {
    const netCode = codes.find((code) => unreachableCodes.has(code));
    return new AppError(
      'CLUSTER_UNREACHABLE',
      `Cannot reach ${server} (${netCode}) for context "${where.context}": is the cluster running and the network (VPN) up?`,
      details,
    );
  }
  if (status === 401) {
    return new AppError(
      'CLUSTER_UNAUTHORIZED',
      `${server} rejected the credentials of context "${where.context}" (401 Unauthorized): they are wrong or expired.`,
      details,
    );
  }
  if (status === 403) {
    const reason = failures.map((failure) => apiMessage(failure.body)).find(Boolean);
    return new AppError(
      'CLUSTER_FORBIDDEN',
      reason ?? `Forbidden (403) for context "${where.context}".`,
      details,
    );
  }
  if (status === 404) {
    const reason = failures.map((failure) => apiMessage(failure.body)).find(Boolean);
    return new AppError('KUBE_NOT_FOUND', reason ?? 'Not found (404).', details);
  }
  if (status === 409) {
    const reason = failures.map((failure) => apiMessage(failure.body)).find(Boolean);
    return new AppError('KUBE_CONFLICT', reason ?? 'Conflict (409).', details);
  }
  if (where.execCommand && failures.every((failure) => failure.code === undefined)) {
    return new AppError(
      'AUTH_PLUGIN_FAILED',
      `Credential plugin "${where.execCommand}" of context "${where.context}" failed: ${message.trim() || '(no output)'}`,
      details,
    );
  }
  if (status) {
    const reason = failures.map((failure) => apiMessage(failure.body)).find(Boolean);
    return new AppError('KUBE_API_ERROR', `${server} answered ${status}: ${reason ?? message}`, {
      ...details,
      status,
    });
  }
  return new AppError('KUBE_API_ERROR', `Request to ${server} failed: ${message}`, details);
}
