/**
 * The SigV4 verifier of the test cluster's fake AWS (tests/cluster/sigv4.ts, issue 21): requests
 * signed by AWS's published examples and by the AWS SDK for Go v2 v1.39.3 (the signer External
 * Secrets Operator v0.20.4 uses; vectors made with its `v4.Signer.SignHTTP`) are accepted, and every
 * way AWS refuses a request is answered with AWS's error type.
 */
import { describe, expect, it } from 'vitest';
import { verifySigV4, type ReceivedRequest, type SigningKey } from '../../cluster/sigv4';

const keys = (entries: Record<string, SigningKey>) => (id: string) => entries[id];

/** AWS's SigV4 test suite `get-vanilla` (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html). */
const getVanilla: ReceivedRequest = {
  method: 'GET',
  url: '/',
  headers: {
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  body: '',
};
const suiteKey = keys({
  AKIDEXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
});

/** The S3 "GET Object" example of AWS's SigV4 documentation (payload hash header, Range signed). */
const s3GetObject: ReceivedRequest = {
  method: 'GET',
  url: '/test.txt',
  headers: {
    host: 'examplebucket.s3.amazonaws.com',
    range: 'bytes=0-9',
    'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-amz-date': '20130524T000000Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  },
  body: '',
};

/** ECR GetAuthorizationToken as the AWS SDK for Go v2 signs it (what ESO's generator sends). */
function goSdkEcr(o: { temporary: boolean }): ReceivedRequest {
  const signed = o.temporary
    ? 'ASIAFAKESTS0123456789/20261207/us-east-1/ecr/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=4d525b60df6571f8b4e0c3bcc34f7f85b38a9ab99a25776b9bff490940918d18'
    : 'AKIAFAKEECR0123456789/20261207/us-east-1/ecr/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target, Signature=e300ea792bfedec4b56bf16ad1e718a76a3b27ddcd82b8ee1142f36eb7111f0e';
  return {
    method: 'POST',
    url: '/',
    headers: {
      host: '127.0.0.1:40123',
      'content-length': '2',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
      'amz-sdk-invocation-id': '0e6b8b8e-1111-4222-8333-944444444444',
      'amz-sdk-request': 'attempt=1; max=3',
      'user-agent': 'aws-sdk-go-v2/1.39.3',
      'x-amz-date': '20261207T050000Z',
      ...(o.temporary ? { 'x-amz-security-token': 'FwoGZXIvYXdzEFAKE//session+token==' } : {}),
      authorization: `AWS4-HMAC-SHA256 Credential=${signed}`,
    },
    body: '{}',
  };
}
const goNow = { now: new Date('2026-12-07T05:03:00Z') };
const goKeys = keys({
  AKIAFAKEECR0123456789: { secretAccessKey: 'fake/secret+key==' },
  ASIAFAKESTS0123456789: {
    secretAccessKey: 'temporary-secret',
    sessionToken: 'FwoGZXIvYXdzEFAKE//session+token==',
    expiresAt: new Date('2026-12-07T06:00:00Z'),
  },
});
const with_ = (
  req: ReceivedRequest,
  headers: Record<string, string | undefined>,
): ReceivedRequest => ({
  ...req,
  headers: { ...req.headers, ...headers },
});

describe('verifySigV4: signatures AWS and its SDK compute are accepted', () => {
  it("AWS's test suite get-vanilla", () => {
    expect(verifySigV4(getVanilla, suiteKey, { now: new Date('2015-08-30T12:36:00Z') })).toEqual({
      ok: true,
      accessKeyId: 'AKIDEXAMPLE',
      region: 'us-east-1',
      service: 'service',
      temporary: false,
    });
  });

  it("AWS's S3 GET Object example (S3 encodes the path once)", () => {
    const key = keys({
      AKIAIOSFODNN7EXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    });
    const now = { now: new Date('2013-05-24T00:00:00Z'), doubleEncode: false };
    expect(verifySigV4(s3GetObject, key, now)).toMatchObject({ ok: true, service: 's3' });
  });

  it('the AWS SDK for Go v2: ECR with an access key, and with temporary credentials and their session token', () => {
    expect(
      verifySigV4(goSdkEcr({ temporary: false }), goKeys, { ...goNow, service: 'ecr' }),
    ).toMatchObject({ ok: true, temporary: false });
    expect(verifySigV4(goSdkEcr({ temporary: true }), goKeys, goNow)).toMatchObject({
      ok: true,
      temporary: true,
    });
  });

  it('header values are compared trimmed', () => {
    const spaced = with_(getVanilla, { 'x-amz-date': ' 20150830T123600Z ' });
    expect(verifySigV4(spaced, suiteKey, { now: new Date('2015-08-30T12:40:00Z') }).ok).toBe(true);
  });
});

describe('verifySigV4: refused like AWS', () => {
  const refusal = (code: string, message: RegExp | string) =>
    expect.objectContaining({
      ok: false,
      status: 400,
      code,
      message: expect.stringMatching(message),
    });

  it('a wrong secret access key: InvalidSignatureException', () => {
    const wrong = keys({ AKIAFAKEECR0123456789: { secretAccessKey: 'not the secret' } });
    expect(verifySigV4(goSdkEcr({ temporary: false }), wrong, goNow)).toEqual(
      refusal(
        'InvalidSignatureException',
        /^The request signature we calculated does not match the signature you provided\./,
      ),
    );
  });

  it('anything signed changed on the way (body, a signed header, the path): InvalidSignatureException', () => {
    const req = goSdkEcr({ temporary: false });
    for (const changed of [
      { ...req, body: '{"registryIds":["1"]}' },
      with_(req, { 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories' }),
      { ...req, url: '/other' },
      { ...req, method: 'PUT' },
    ]) {
      expect(verifySigV4(changed, goKeys, goNow)).toEqual(
        refusal('InvalidSignatureException', /does not match/),
      );
    }
    // an unsigned header may change: User-Agent is not signed
    expect(verifySigV4(with_(req, { 'user-agent': 'other' }), goKeys, goNow).ok).toBe(true);
  });

  it('an unknown access key id: UnrecognizedClientException', () => {
    expect(verifySigV4(goSdkEcr({ temporary: false }), keys({}), goNow)).toEqual(
      refusal(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ),
    );
  });

  it('temporary credentials without (or with another) session token: UnrecognizedClientException', () => {
    const req = goSdkEcr({ temporary: true });
    for (const token of [undefined, 'another-token']) {
      expect(verifySigV4(with_(req, { 'x-amz-security-token': token }), goKeys, goNow)).toEqual(
        refusal('UnrecognizedClientException', /security token included in the request is invalid/),
      );
    }
  });

  it('expired temporary credentials: ExpiredTokenException', () => {
    const late = { now: new Date('2026-12-07T06:00:01Z') };
    const req = with_(goSdkEcr({ temporary: true }), {});
    // signed 5 s before `late` would be needed for the date check: use a key that expired earlier
    const expired = keys({
      ASIAFAKESTS0123456789: {
        secretAccessKey: 'temporary-secret',
        sessionToken: 'FwoGZXIvYXdzEFAKE//session+token==',
        expiresAt: new Date('2026-12-07T05:01:00Z'),
      },
    });
    expect(verifySigV4(req, expired, goNow)).toEqual(
      refusal('ExpiredTokenException', /is expired/),
    );
    expect(verifySigV4(req, goKeys, late)).toEqual(
      refusal(
        'InvalidSignatureException',
        /^Signature expired: 20261207T050000Z is now earlier than/,
      ),
    );
  });

  it('no Authorization header, or another scheme: MissingAuthenticationTokenException / IncompleteSignatureException', () => {
    const req = goSdkEcr({ temporary: false });
    expect(verifySigV4(with_(req, { authorization: undefined }), goKeys, goNow)).toEqual(
      refusal('MissingAuthenticationTokenException', 'Missing Authentication Token'),
    );
    expect(verifySigV4(with_(req, { authorization: 'Bearer x' }), goKeys, goNow)).toEqual(
      refusal('IncompleteSignatureException', /requires 'AWS4-HMAC-SHA256'/),
    );
  });

  it('a credential scoped to another service', () => {
    expect(
      verifySigV4(goSdkEcr({ temporary: false }), goKeys, { ...goNow, service: 'sts' }),
    ).toEqual(refusal('InvalidSignatureException', /scoped to correct service: 'sts'/));
  });
});
