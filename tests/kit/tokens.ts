/**
 * Test stand-ins for short-lived registry tokens in their real formats (made here, never real):
 * the ECR envelope `aws ecr get-login-password` prints (base64 of {"payload","datakey","version",
 * "type","expiration"}), a JWT (ACR refresh tokens, any other JWT) with `exp`, and a Google
 * OAuth access token (`ya29.…`, no expiry inside).
 */
import { randomBytes } from 'node:crypto';

const seconds = (at: Date | number) =>
  Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000);

/** An ECR authorization token's password part (the envelope), expiring at `expiresAt`. */
export function ecrToken(expiresAt: Date | number, payload = randomBytes(48).toString('base64')) {
  const envelope = {
    payload,
    datakey: randomBytes(32).toString('base64'),
    version: '2',
    type: 'DATA_KEY',
    expiration: seconds(expiresAt),
  };
  return Buffer.from(JSON.stringify(envelope)).toString('base64');
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT (signature random: nobody checks it here) with the given claims. */
export function jwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
) {
  return `${b64url(header)}.${b64url(claims)}.${randomBytes(32).toString('base64url')}`;
}

/** An ACR refresh token as `az acr login --expose-token` prints it. */
export function acrToken(expiresAt: Date | number) {
  return jwt(
    {
      jti: randomBytes(8).toString('hex'),
      sub: 'someone@example.com',
      grant_type: 'refresh_token',
      aud: 'example.azurecr.io',
      exp: seconds(expiresAt),
      iat: seconds(Date.now()),
      iss: 'Azure Container Registry',
    },
    { alg: 'RS256', typ: 'JWT', kid: 'ABCD:EFGH' },
  );
}

/** A Google OAuth access token (`gcloud auth print-access-token`): opaque. */
export const googleToken = () => `ya29.${randomBytes(60).toString('base64url')}`;
