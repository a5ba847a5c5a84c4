/** Saved logins say when their short-lived token expires; only token-like logins are read. */
import { describe, expect, it } from 'vitest';
import { loginsWithTokens } from '@core/vault/login-tokens';
import { savedLoginOptions } from '@renderer/features/registries/logic/form';
import { ecrToken } from '../../../kit/tokens';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const expiresAt = new Date(Date.now() + 3 * 3600_000 + 120_000);

describe('loginsWithTokens', () => {
  it('adds the token of a token login, reads no ordinary password', async () => {
    const read: string[] = [];
    const passwords: Record<string, string> = {
      [`${ECR}|AWS`]: ecrToken(expiresAt),
      'ghcr.io|alice': 'pw',
    };
    const logins = await loginsWithTokens({
      listLogins: () =>
        Promise.resolve([
          { host: ECR, username: 'AWS' },
          { host: 'ghcr.io', username: 'alice' },
        ]),
      get: (host, username) => {
        read.push(`${host}|${username}`);
        return Promise.resolve(passwords[`${host}|${username}`] ?? null);
      },
    });
    expect(read).toEqual([`${ECR}|AWS`]);
    expect(logins).toEqual([
      {
        host: ECR,
        username: 'AWS',
        token: {
          kind: 'ecr',
          provider: 'Amazon ECR',
          expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000).toISOString(),
          estimate: false,
        },
      },
      { host: 'ghcr.io', username: 'alice' },
    ]);
    expect(savedLoginOptions(logins).map((option) => option.label)).toEqual([
      `AWS @ ${ECR} · token, expires in 3 h`,
      'alice @ ghcr.io',
    ]);
  });
});
