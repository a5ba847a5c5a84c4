// AWS Signature Version 4 VERIFICATION for the test cluster's fakes (fake-ecr.ts, fake-sts.ts): the
// server side of SigV4, as AWS does it — recompute the signature of the request as received and
// compare. Node built-ins only: tests/cluster scripts run with no dependencies (package.json), and
// the well-kept npm signers (aws4, @smithy/signature-v4) sign, they do not verify or parse a
// received Authorization header. Tested against AWS's published vectors and the signatures of the
// AWS SDK for Go v2 (the one ESO uses) in tests/unit/cluster/sigv4.test.ts.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A request as a server received it: its raw path and query, every header (lower-case names). */
export interface ReceivedRequest {
  method: string;
  /** the request target as sent, `/path?query` (percent-encoded as on the wire) */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | string;
}

/** What the verifier knows of an access key id (undefined: an unknown key). */
export interface SigningKey {
  secretAccessKey: string;
  /** temporary credentials (STS): the X-Amz-Security-Token the request must carry */
  sessionToken?: string;
  expiresAt?: Date;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string; region: string; service: string; temporary: boolean }
  /** `code` is AWS's error type (`__type` / `<Code>`), `status` its HTTP status */
  | { ok: false; status: number; code: string; message: string };

const algorithm = 'AWS4-HMAC-SHA256';
const maxSkewMs = 15 * 60 * 1000;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: unreserved characters as is, every other byte %XX. */
export function uriEncode(text: string, keepSlash = false): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, keepSlash ? '/' : '%2F');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return text;
  }
}

/** The canonical URI: every path segment encoded again (all services but S3: `doubleEncode`). */
function canonicalUri(path: string, doubleEncode: boolean): string {
  if (!path) return '/';
  return doubleEncode ? path.split('/').map((s) => uriEncode(s)).join('/') : path;
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const [k, v] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [uriEncode(decode(k)), uriEncode(decode(v))] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).map((x) => x.trim().replace(/\s+/g, ' ')).join(',');
}

/** The canonical request of `req` for the given signed header names. */
export function canonicalRequest(req: ReceivedRequest, signedHeaders: string[], doubleEncode = true): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const payloadHash = headerValue(req.headers, 'x-amz-content-sha256') ?? sha256(req.body);
  return [
    req.method.toUpperCase(),
    canonicalUri(path, doubleEncode),
    canonicalQuery(query),
    signedHeaders.map((h) => `${h}:${headerValue(req.headers, h) ?? ''}\n`).join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** The signature of `req` with `secret` for the scope `date/region/service/aws4_request`. */
export function signature(o: { req: ReceivedRequest; secret: string; amzDate: string; date: string; region: string; service: string; signedHeaders: string[]; doubleEncode?: boolean }): string {
  const scope = `${o.date}/${o.region}/${o.service}/aws4_request`;
  const stringToSign = [algorithm, o.amzDate, scope, sha256(canonicalRequest(o.req, o.signedHeaders, o.doubleEncode))].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${o.secret}`, o.date), o.region), o.service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Parses an amz date (20150830T123600Z) to epoch ms, NaN when malformed. */
function amzDateMs(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

/**
 * Verifies the SigV4 `Authorization` header of `req` like an AWS service: unknown key id →
 * UnrecognizedClientException, wrong signature → InvalidSignatureException, temporary credentials
 * without their session token → UnrecognizedClientException, expired → ExpiredTokenException.
 * `now` (tests): the time to check the request date against (±15 min, as AWS).
 */
export function verifySigV4(
  req: ReceivedRequest,
  lookup: (accessKeyId: string) => SigningKey | undefined,
  o: { now?: Date; service?: string; doubleEncode?: boolean } = {},
): SigV4Result {
  const fail = (status: number, code: string, message: string): SigV4Result => ({ ok: false, status, code, message });
  const auth = headerValue(req.headers, 'authorization');
  if (!auth) return fail(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = /^(\S+)\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(auth);
  if (!m || m[1] !== algorithm) return fail(400, 'IncompleteSignatureException', `Authorization header requires '${algorithm}' with Credential, SignedHeaders and Signature. Authorization=${auth.split(' ')[0]}`);
  const [, , credential, signedList, given] = m as unknown as [string, string, string, string, string];
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return fail(400, 'IncompleteSignatureException', `Credential should be scoped to a valid region and service: ${credential}`);
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (o.service && service !== o.service) return fail(400, 'InvalidSignatureException', `Credential should be scoped to correct service: '${o.service}'.`);
  const amzDate = headerValue(req.headers, 'x-amz-date') ?? '';
  const at = amzDateMs(amzDate);
  if (Number.isNaN(at) || !amzDate.startsWith(date)) return fail(400, 'IncompleteSignatureException', 'Date must be in ISO-8601 basic format and match the credential scope.');
  const now = (o.now ?? new Date()).getTime();
  if (Math.abs(now - at) > maxSkewMs) {
    return fail(400, 'InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${new Date(now - maxSkewMs).toISOString().replace(/[-:]|\.\d+/g, '')} (${new Date(now).toISOString().replace(/[-:]|\.\d+/g, '')} - 15 min.)`);
  }
  const signedHeaders = signedList.split(';');
  if (!signedHeaders.includes('host') || [...signedHeaders].sort().join(';') !== signedList) {
    return fail(400, 'InvalidSignatureException', `'Host' must be a signed header and SignedHeaders sorted: ${signedList}`);
  }
  const key = lookup(accessKeyId);
  const invalidToken = 'The security token included in the request is invalid.';
  if (!key) return fail(400, 'UnrecognizedClientException', invalidToken);
  if (key.sessionToken !== undefined && headerValue(req.headers, 'x-amz-security-token') !== key.sessionToken) {
    return fail(400, 'UnrecognizedClientException', invalidToken);
  }
  if (key.expiresAt && key.expiresAt.getTime() <= now) return fail(400, 'ExpiredTokenException', 'The security token included in the request is expired');
  const expected = signature({ req, secret: key.secretAccessKey, amzDate, date, region, service, signedHeaders, doubleEncode: o.doubleEncode ?? true });
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    return fail(400, 'InvalidSignatureException', mismatch);
  }
  return { ok: true, accessKeyId, region, service, temporary: key.sessionToken !== undefined };
}
