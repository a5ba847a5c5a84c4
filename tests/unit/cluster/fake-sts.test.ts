/**
 * The test cluster's fake STS (tests/cluster/fake-sts.ts, issue 21): a ServiceAccount token is
 * checked like AWS's OIDC federation does (signature with the cluster's key, issuer, audience,
 * expiry, the role's trusted subject), and AssumeRoleWithWebIdentity answers AWS's XML with
 * temporary credentials that the fake ECR then knows. Tokens are made here with a P-256 key, as the
 * test cluster's API server signs them (ES256).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSts, verifyWebIdentityToken } from '../../cluster/fake-sts';
import type { SigningKey } from '../../cluster/sigv4';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const issuer = {
  issuer: 'https://kubernetes.default.svc.cluster.local/alpha',
  publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};
const sub = 'system:serviceaccount:team:puller';
const role = 'arn:aws:iam::123456789012:role/puller';

function jwt(claims: Record<string, unknown>, key = privateKey): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${part({ alg: 'ES256', kid: 'k' })}.${part({
    iss: issuer.issuer,
    sub,
    aud: ['sts.amazonaws.com'],
    exp: Math.floor(Date.now() / 1000) + 600,
    ...claims,
  })}`;
  const signature = sign('sha256', Buffer.from(head), { key, dsaEncoding: 'ieee-p1363' });
  return `${head}.${signature.toString('base64url')}`;
}

describe('verifyWebIdentityToken', () => {
  it('accepts a ServiceAccount token of the cluster for sts.amazonaws.com', () => {
    expect(verifyWebIdentityToken(jwt({}), issuer)).toMatchObject({ sub, iss: issuer.issuer });
  });

  it.each([
    [
      'another key',
      jwt({}, other.privateKey),
      /^InvalidIdentityToken: Couldn't verify the signature/,
    ],
    [
      'another issuer',
      jwt({ iss: 'https://elsewhere' }),
      /^InvalidIdentityToken: No OpenIDConnect provider found .*elsewhere/,
    ],
    [
      'another audience',
      jwt({ aud: ['https://kubernetes.default.svc'] }),
      /^InvalidIdentityToken: Incorrect token audience/,
    ],
    ['expired', jwt({ exp: 1000 }), /^ExpiredTokenException: Token expired/],
    [
      'not a JWT',
      'opaque-token',
      /^InvalidIdentityToken: The ID Token provided is not a valid JWT/,
    ],
  ])('refuses a token signed by %s', (_name, token, error) => {
    let thrown: { code?: string; message?: string } = {};
    try {
      verifyWebIdentityToken(token, issuer);
    } catch (e) {
      thrown = e as typeof thrown;
    }
    expect(`${thrown.code}: ${thrown.message}`).toMatch(error);
  });
});

describe('fakeSts AssumeRoleWithWebIdentity over HTTP (loopback)', () => {
  const credentials = new Map<string, SigningKey>();
  const fake = fakeSts({ issuer, credentials });
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => fake.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const assume = (token: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: role,
        RoleSessionName: 'external-secrets-provider-aws',
        WebIdentityToken: token,
      }),
    });

  it('a role that does not trust the subject: 403 AccessDenied in AWS XML', async () => {
    const res = await assume(jwt({}));
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain(
      '<Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message>',
    );
    expect(fake.stats).toMatchObject({ assumed: 0, refused: 1 });
  });

  it('once trusted: temporary credentials, known to the fake ECR with their session token', async () => {
    const trust = await fetch(
      `${url}/_fake/trust?role=${encodeURIComponent(role)}&subject=${encodeURIComponent(sub)}`,
      {
        method: 'POST',
      },
    );
    expect(trust.status).toBe(200);
    const res = await assume(jwt({}));
    expect(res.status).toBe(200);
    const body = await res.text();
    const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(body)?.[1];
    expect(field('SubjectFromWebIdentityToken')).toBe(sub);
    expect(field('Arn')).toBe(
      'arn:aws:sts::123456789012:assumed-role/puller/external-secrets-provider-aws',
    );
    const id = field('AccessKeyId')!;
    expect(id).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(credentials.get(id)).toEqual({
      secretAccessKey: field('SecretAccessKey'),
      sessionToken: field('SessionToken'),
      expiresAt: new Date(field('Expiration')!),
    });
    expect(fake.stats.subjects).toEqual([sub]);
  });
});
