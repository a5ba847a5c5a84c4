import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caPem, MAX_CA_PEM_BYTES, parseCaPem } from '@core/api/pem';

const ca = readFileSync(
  path.resolve(import.meta.dirname, '../../../fixtures/registry-ca.pem'),
  'utf8',
);

describe('parseCaPem: a CA bundle given as PEM content', () => {
  it('summarises each certificate: subject, expiry, fingerprint', () => {
    const [summary, ...rest] = parseCaPem(ca);
    expect(rest).toEqual([]);
    expect(summary!.subject).not.toContain('\n');
    expect(summary!.notAfter).toMatch(/GMT$/);
    expect(summary!.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(parseCaPem(`${ca}\n${ca}`)).toHaveLength(2);
  });

  it('refuses what is not only certificates, never quoting the input', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleQ==\n-----END PRIVATE KEY-----\n';
    expect(() => parseCaPem(key)).toThrow('PEM block 1 is a private key, not a certificate');
    expect(() => parseCaPem('c2VjcmV0LWtleQ==')).toThrow(
      'no PEM certificate (-----BEGIN CERTIFICATE-----)',
    );
    expect(() => parseCaPem(`${ca}\nsecret-trailer`)).toThrow(
      'text outside the PEM certificate blocks',
    );
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n';
    expect(() => parseCaPem(broken)).toThrow('PEM block 1 is not a valid X.509 certificate');
  });

  it('bounds the bundle, in the parser and in the schema', () => {
    const huge = `${ca}\n${' '.repeat(MAX_CA_PEM_BYTES)}`;
    expect(() => parseCaPem(huge)).toThrow(/larger than 64 KB/);
    expect(caPem.safeParse(huge).success).toBe(false);
    expect(caPem.safeParse(ca).success).toBe(true);
    expect(caPem.safeParse('nothing').error?.issues[0]?.message).toBe(
      'no PEM certificate (-----BEGIN CERTIFICATE-----)',
    );
  });
});
