import { describe, expect, it } from 'vitest';
import { connectionError } from '@core/kube/connection-errors';

const where = {
  context: 'alpha-admin',
  server: 'https://127.0.0.1:6443',
  execCommand: null,
  path: '/usr/bin:/bin',
};

function networkError(code: string) {
  return Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error(code), { code }),
  });
}
function apiException(code: number, body: unknown) {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: JSON.stringify(body) });
}

describe('connectionError', () => {
  it('tells an unreachable server', () => {
    const error = connectionError(networkError('ECONNREFUSED'), where);
    expect(error.code).toBe('CLUSTER_UNREACHABLE');
    expect(error.message).toContain('Cannot reach https://127.0.0.1:6443 (ECONNREFUSED)');
  });

  it('tells an untrusted certificate', () => {
    const error = connectionError(networkError('SELF_SIGNED_CERT_IN_CHAIN'), where);
    expect(error.code).toBe('CLUSTER_TLS');
    expect(error.message).toMatch(/not trusted/);
  });

  it('tells rejected credentials (401) from forbidden (403, with the server’s reason)', () => {
    expect(connectionError(apiException(401, { message: 'Unauthorized' }), where).code).toBe(
      'CLUSTER_UNAUTHORIZED',
    );
    const forbidden = connectionError(
      apiException(403, {
        message: 'secrets is forbidden: User "dev" cannot list resource "secrets"',
      }),
      where,
    );
    expect(forbidden.code).toBe('CLUSTER_FORBIDDEN');
    expect(forbidden.message).toBe(
      'secrets is forbidden: User "dev" cannot list resource "secrets"',
    );
  });

  it('names a missing exec plugin and the PATH searched', () => {
    const enoent = Object.assign(new Error('spawn aws ENOENT'), {
      code: 'ENOENT',
      syscall: 'spawn aws',
      path: 'aws',
    });
    const error = connectionError(enoent, { ...where, execCommand: 'aws' });
    expect(error.code).toBe('AUTH_PLUGIN_NOT_FOUND');
    expect(error.message).toBe(
      'Credential plugin "aws" of context "alpha-admin" was not found. PATH searched: /usr/bin:/bin',
    );
  });

  it('passes on a failing plugin’s stderr', () => {
    const error = connectionError(new Error('error: SSO session expired, run aws sso login\n'), {
      ...where,
      execCommand: 'aws',
    });
    expect(error.code).toBe('AUTH_PLUGIN_FAILED');
    expect(error.message).toContain('SSO session expired');
  });

  it('keeps 404 and 409 apart', () => {
    expect(
      connectionError(apiException(404, { message: 'namespaces "x" not found' }), where).code,
    ).toBe('KUBE_NOT_FOUND');
    expect(
      connectionError(apiException(409, { message: 'the object has been modified' }), where).code,
    ).toBe('KUBE_CONFLICT');
  });
});
