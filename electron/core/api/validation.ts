import { z } from 'zod';

/** RFC 1123 label: what Kubernetes requires of namespace names and label-like identifiers. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: what Kubernetes requires of most object names (secrets, deployments). */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** An environment variable name as Kubernetes accepts it (C identifiers, "-" and "." too). */
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const dns1123Label = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(
    DNS1123_LABEL,
    'must be lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)',
  );

export const dns1123Subdomain = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    DNS1123_SUBDOMAIN,
    'must be lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit (DNS-1123 subdomain)',
  );

/** Names that must never become the key of an object built from input. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True when the value, or any part of it between `/` and `:` (a host, a scheme, a path), is a
 * prototype key: such a value may end up as a record key (settings per context or host, the
 * `auths` map of a docker config).
 */
export function hasPrototypeKey(value: string): boolean {
  const lower = value.trim().toLowerCase();
  return PROTOTYPE_KEYS.has(lower) || lower.split(/[/:]+/).some((part) => PROTOTYPE_KEYS.has(part));
}

export const PROTOTYPE_KEY_MESSAGE = 'reserved name (__proto__, constructor, prototype)';

/** A string that may become a record key: bounded, prototype keys refused. */
export function recordKey(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => !hasPrototypeKey(value), PROTOTYPE_KEY_MESSAGE);
}
