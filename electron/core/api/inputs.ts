/** Input schemas reused by several channels of the contract (validated by the router). */
import { z } from 'zod';
import { parseImageReference } from '../oci/reference';
import { caPem } from './pem';
import { dns1123Label, dns1123Subdomain, ENV_NAME, recordKey } from './validation';

/** A kubeconfig context name: any non-empty string kubectl accepts, bounded. */
export const contextName = recordKey(253).min(1, 'context name is required');
export const onContext = z.object({ context: contextName }).strict();
export const secretRef = z.object({ namespace: dns1123Label, name: dns1123Subdomain }).strict();
export const registryHost = recordKey(300)
  .trim()
  .min(1, 'registry host is required')
  .regex(/^(https?:\/\/)?[A-Za-z0-9.\-[\]:*]+(\/[\w.\-/]*)?$/, 'expected host[:port][/path]');
export const registryTls = {
  /**
   * PEM certificates (the content, never a path) to verify a self-hosted registry; kept for
   * that host only, shown on the registry and removable (`registries:tls-forget`).
   */
  ca: caPem.optional(),
  /** Skip TLS verification for this one check: never persisted. */
  insecureSkipVerify: z.boolean().optional(),
};
export const registryScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('namespace'), namespace: dns1123Label }).strict(),
  z
    .object({
      kind: z.literal('project'),
      project: recordKey(63).min(1),
      projectKind: z.enum(['rancher', 'pullkey']),
    })
    .strict(),
]);
export const loginInput = {
  username: z.string().max(256).min(1, 'username is required'),
  /** Omitted: use the login saved in the keychain for host + username. */
  password: z.string().min(1).max(16_384).optional(),
  email: z.string().max(256).optional(),
};
export const operationId = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'operation id: letters, digits, ".", "_" and "-"');
/** A login of the Docker config, as docker:logins listed it (the host as the file spells it). */
export const dockerLoginRef = z
  .object({ host: recordKey(300).min(1), username: z.string().max(256) })
  .strict();
/** A key of a docker config's `auths` map (e.g. https://index.docker.io/v1/). */
export const configKey = recordKey(300);
export const resourceVersion = z.string().min(1).max(64);
export const imageReference = z
  .string()
  .max(512)
  .trim()
  .min(1, 'image is required')
  .refine((value) => {
    try {
      parseImageReference(value);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid image reference: [registry[:port]/]repository[:tag][@digest]');
export const workloadKind = z.enum(['Deployment', 'Pod']);
export const workloadInput = z
  .object({
    kind: workloadKind,
    name: dns1123Label,
    namespace: dns1123Label,
    image: imageReference,
    replicas: z.number().int().min(0).max(100).optional(),
    ports: z
      .array(
        z
          .object({
            containerPort: z.number().int().min(1).max(65535),
            protocol: z.enum(['TCP', 'UDP']).optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    env: z
      .array(
        z
          .object({
            name: z.string().max(253).regex(ENV_NAME, 'invalid environment variable name'),
            value: z.string().max(32_768),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    pullSecrets: z.array(dns1123Subdomain).max(100),
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  })
  .strict();
/** What the user saw at preview of the workload being updated (from deploy:preflight). */
export const seenWorkload = z
  .object({
    uid: z.string().min(1).max(64),
    resourceVersion: z.string().min(1).max(64),
    container: dns1123Label,
    fingerprint: z.string().min(1).max(64),
  })
  .strict();
export const versionedCopy = secretRef.extend({
  uid: z.string().min(1).max(64),
  resourceVersion: z.string().min(1).max(64),
});
export const workloadRef = z
  .object({ context: contextName, namespace: dns1123Label, kind: workloadKind, name: dns1123Label })
  .strict();
/** One workload on one context: what the rollout channels take. */
export type WorkloadRef = z.infer<typeof workloadRef>;
export const projectName = dns1123Label;

export const pullWorkloadRef = z
  .object({
    context: contextName,
    namespace: dns1123Label,
    kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']),
    name: z.string().min(1).max(253),
  })
  .strict();
