/**
 * Custom CA certificates arrive as PEM content (picked or pasted in the renderer), never as a
 * path: the main process reads no file the renderer names. Bounded and parsed with node:crypto.
 */
import { z } from 'zod';

interface X509Like {
  subject: string;
  validTo: string;
  fingerprint256: string;
}
type X509Constructor = new (pem: string) => X509Like;

/**
 * node:crypto's X509Certificate, looked up at run time: this folder is also type-checked for the
 * renderer (which only imports types from it), so it cannot import Node modules statically.
 */
function x509(): X509Constructor {
  const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  const crypto = nodeProcess?.getBuiltinModule?.('node:crypto') as
    { X509Certificate?: X509Constructor } | undefined;
  if (!crypto?.X509Certificate)
    throw new Error('certificates can only be checked in the main process');
  return crypto.X509Certificate;
}

export const MAX_CA_PEM_BYTES = 64 * 1024;

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export interface CaSummary {
  subject: string;
  notAfter: string;
  fingerprint256: string;
}

/** The certificates of a PEM bundle; throws a message that never quotes the input. */
export function parseCaPem(pem: string): CaSummary[] {
  if (new TextEncoder().encode(pem).length > MAX_CA_PEM_BYTES) {
    throw new Error(`CA bundle is larger than ${MAX_CA_PEM_BYTES / 1024} KB`);
  }
  const certificates: CaSummary[] = [];
  let rest = pem;
  let index = 0;
  const X509Certificate = x509();
  for (const match of pem.matchAll(BLOCK)) {
    index += 1;
    if (match[1] !== 'CERTIFICATE') {
      throw new Error(`PEM block ${index} is a ${match[1]?.toLowerCase()}, not a certificate`);
    }
    try {
      const certificate = new X509Certificate(match[0]);
      certificates.push({
        subject: certificate.subject.replace(/\n/g, ', '),
        notAfter: certificate.validTo,
        fingerprint256: certificate.fingerprint256,
      });
    } catch {
      throw new Error(`PEM block ${index} is not a valid X.509 certificate`);
    }
    rest = rest.replace(match[0], '');
  }
  if (certificates.length === 0)
    throw new Error('no PEM certificate (-----BEGIN CERTIFICATE-----)');
  if (rest.trim()) throw new Error('text outside the PEM certificate blocks');
  return certificates;
}

export const caPem = z
  .string()
  .max(MAX_CA_PEM_BYTES, `CA bundle must be at most ${MAX_CA_PEM_BYTES / 1024} KB`)
  .superRefine((value, context) => {
    try {
      parseCaPem(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
