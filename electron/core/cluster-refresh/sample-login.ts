/**
 * A login of each provider's real token shape, for checking the template before writing: ECR's
 * base64 JSON envelope (user AWS), a Google OAuth access token (oauth2accesstoken), an ACR refresh
 * token JWT (the all-zero GUID user). Random filler, never a real credential.
 */
import { randomBytes } from 'node:crypto';
import type { TokenSource } from '../eso-generators/generators';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function sampleLogin(provider: TokenSource['provider']): {
  username: string;
  password: string;
} {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  if (provider === 'ecr') {
    const envelope = {
      payload: randomBytes(48).toString('base64'),
      datakey: randomBytes(24).toString('base64'),
      version: '2',
      type: 'DATA_KEY',
      expiration: exp,
    };
    return { username: 'AWS', password: Buffer.from(JSON.stringify(envelope)).toString('base64') };
  }
  if (provider === 'gcr')
    return {
      username: 'oauth2accesstoken',
      password: `ya29.${randomBytes(60).toString('base64url')}`,
    };
  const jwt = [
    b64url({ alg: 'RS256', typ: 'JWT' }),
    b64url({ exp, grant_type: 'refresh_token' }),
    randomBytes(32).toString('base64url'),
  ];
  return { username: '00000000-0000-0000-0000-000000000000', password: jwt.join('.') };
}
