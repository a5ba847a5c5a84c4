// A local FAKE AWS STS for IRSA (issue 21), a clearly labelled test stand-in, loopback only, served
// by the fake ECR's process (fake-ecr.ts) so that both share the temporary credentials it issues.
// ESO v0.20.4 reads AWS_STS_ENDPOINT (pkg/provider/aws/auth/resolver.go) for every STS client; for
// an ECRAuthorizationToken with `auth.jwt.serviceAccountRef` it asks the API server for a
// ServiceAccount token (TokenRequest, audience `sts.amazonaws.com` or the SA's
// `eks.amazonaws.com/audience`) and calls AssumeRoleWithWebIdentity (AWS query protocol, unsigned,
// as AWS allows) with the role of the SA's `eks.amazonaws.com/role-arn` annotation.
//
// What it checks, like AWS with an EKS OIDC provider: the token is a JWT signed by the cluster's
// ServiceAccount key (ES256/RS256, the API server's --service-account-key-file), its `iss` the
// cluster's issuer, its `aud` has `sts.amazonaws.com`, not expired; the role trusts its `sub`
// (`system:serviceaccount:<ns>:<name>`; `POST /_fake/trust?role=ARN&subject=SUB` adds a trust, as an
// IAM role's trust policy). It answers AWS's XML with temporary credentials (ASIA… key id, secret,
// session token, expiry) that the fake ECR then accepts, SigV4 checked with X-Amz-Security-Token.
import { createPublicKey, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SigningKey } from './sigv4.ts';

/** The audience IRSA tokens carry (the EKS OIDC provider's client id). */
export const stsAudience = 'sts.amazonaws.com';
const xmlns = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface WebIdentityIssuer {
  /** the API server's --service-account-issuer */
  issuer: string;
  /** PEM of the API server's --service-account-key-file */
  publicKeyPem: string;
}

export interface FakeStsStats {
  /** AssumeRoleWithWebIdentity calls answered with credentials */
  assumed: number;
  refused: number;
  /** the last refusal, `Code: message` */
  lastRefusal: string | null;
  /** the `sub` of every token it accepted, oldest first */
  subjects: string[];
}

type Claims = { iss?: string; sub?: string; aud?: string | string[]; exp?: number; nbf?: number };

class StsError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const b64url = (s: string) => Buffer.from(s, 'base64url');

/** Verifies a ServiceAccount JWT like AWS's OIDC federation; returns its claims or throws StsError. */
export function verifyWebIdentityToken(token: string, issuer: WebIdentityIssuer, o: { now?: Date; key?: KeyObject } = {}): Claims & { sub: string } {
  const invalid = (message: string) => new StsError(400, 'InvalidIdentityToken', message);
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: Claims;
  try {
    header = JSON.parse(b64url(h).toString()) as { alg?: string };
    claims = JSON.parse(b64url(p).toString()) as Claims;
  } catch {
    throw invalid('The ID Token provided is not a valid JWT.');
  }
  if (claims.iss !== issuer.issuer) throw invalid(`No OpenIDConnect provider found in your account for ${String(claims.iss)}`);
  const key = o.key ?? createPublicKey(issuer.publicKeyPem);
  const data = Buffer.from(`${h}.${p}`);
  const good =
    header.alg === 'ES256' ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, b64url(s))
    : header.alg === 'RS256' ? verify('sha256', data, key, b64url(s))
    : false;
  if (!good) throw invalid('Couldn\'t verify the signature of the web identity token with the keys of the identity provider');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(stsAudience)) throw invalid(`Incorrect token audience: ${audiences.join(', ')}`);
  const now = Math.floor((o.now ?? new Date()).getTime() / 1000);
  if (!claims.exp || claims.exp <= now) {
    throw new StsError(400, 'ExpiredTokenException', `Token expired: current date/time ${now} must be before the expiration date/time ${String(claims.exp)}`);
  }
  if (!claims.sub) throw invalid('The web identity token has no subject');
  return claims as Claims & { sub: string };
}

function xml(res: ServerResponse, status: number, body: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID() });
  res.end(text);
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The fake STS: `handle` serves one request (form body already read). `credentials` is shared with
 * the fake ECR: each answer adds its temporary key there.
 */
export function fakeSts(o: { issuer: WebIdentityIssuer | null; credentials: Map<string, SigningKey> }) {
  const trust = new Map<string, Set<string>>(); // role ARN -> trusted subjects
  const stats: FakeStsStats = { assumed: 0, refused: 0, lastRefusal: null, subjects: [] };
  const key = o.issuer ? createPublicKey(o.issuer.publicKeyPem) : undefined;

  function assume(form: URLSearchParams): string {
    if (form.get('Action') !== 'AssumeRoleWithWebIdentity') {
      throw new StsError(400, 'InvalidAction', `The fake STS serves only AssumeRoleWithWebIdentity, not ${String(form.get('Action'))}`);
    }
    const role = form.get('RoleArn') ?? '';
    const session = form.get('RoleSessionName') ?? '';
    const token = form.get('WebIdentityToken') ?? '';
    if (!/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) throw new StsError(400, 'ValidationError', `${role} is invalid`);
    if (!o.issuer) throw new StsError(400, 'InvalidIdentityToken', 'No OpenIDConnect provider found in your account');
    const claims = verifyWebIdentityToken(token, o.issuer, { key: key! });
    if (!trust.get(role)?.has(claims.sub)) throw new StsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const duration = Math.min(Number(form.get('DurationSeconds') ?? 3600) || 3600, 3600);
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + duration) * 1000); // whole seconds, as answered
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const temporary = { secretAccessKey: randomBytes(30).toString('base64'), sessionToken: `FakeSTS/${randomBytes(96).toString('base64')}`, expiresAt };
    o.credentials.set(accessKeyId, temporary);
    stats.assumed++;
    stats.subjects.push(claims.sub);
    const roleName = role.split('/').pop()!;
    const account = role.split(':')[4]!;
    return `<AssumeRoleWithWebIdentityResponse xmlns="${xmlns}">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${escape(claims.sub)}</SubjectFromWebIdentityToken>
    <Audience>${stsAudience}</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${account}:assumed-role/${escape(roleName)}/${escape(session)}</Arn>
      <AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${escape(session)}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${temporary.sessionToken}</SessionToken>
      <SecretAccessKey>${temporary.secretAccessKey}</SecretAccessKey>
      <Expiration>${isoSeconds(expiresAt)}</Expiration>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>${escape(o.issuer.issuer)}</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake-sts');
    if (req.method === 'POST' && url.pathname === '/_fake/trust') {
      const role = url.searchParams.get('role') ?? '';
      const subject = url.searchParams.get('subject') ?? '';
      trust.set(role, new Set([...(trust.get(role) ?? []), subject]));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ role, subjects: [...trust.get(role)!] }));
    }
    const form = new URLSearchParams(req.method === 'POST' ? body.toString() : url.search);
    try {
      xml(res, 200, assume(form));
    } catch (e) {
      const err = e instanceof StsError ? e : new StsError(500, 'InternalFailure', String(e));
      stats.refused++;
      stats.lastRefusal = `${err.code}: ${err.message}`;
      xml(res, err.status, `<ErrorResponse xmlns="${xmlns}">
  <Error>
    <Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type>
    <Code>${err.code}</Code>
    <Message>${escape(err.message)}</Message>
  </Error>
  <RequestId>${randomUUID()}</RequestId>
</ErrorResponse>`);
    }
  }

  return { handle, stats, trust };
}
