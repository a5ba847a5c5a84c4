import { z } from 'zod';

/** RFC 1123 label: what Kubernetes requires of namespace names and label-like identifiers. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: what Kubernetes requires of most object names (secrets, deployments). */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

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
