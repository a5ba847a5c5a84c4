/**
 * What several domains of the contract share, defined once: the channel helper, the context and
 * object names, one resourceVersion, one workload-kind enum, image references, operation ids and
 * the freshness of a live view. Every domain file of `channels/` builds on these.
 */
import { z } from 'zod';
import { parseImageReference } from '../../oci/reference';
import { dns1123Label, dns1123Subdomain, recordKey } from '../validation';

export { dns1123Label, dns1123Subdomain, recordKey };

// ---------------------------------------------------------------------------------------------
// Channels

export interface Channel<Input extends z.ZodType, Output> {
  input: Input;
  /** Type-only marker: never read at run time. */
  output?: Output;
}

/** `channel<Output>()(inputSchema)`: a request channel, its input schema and its output type. */
export function channel<Output>() {
  return <Input extends z.ZodType>(input: Input): Channel<Input, Output> => ({ input });
}

/** The input of a channel that takes none. */
export const noInput = z.undefined();

// ---------------------------------------------------------------------------------------------
// Inputs

/** A kubeconfig context name: any non-empty string kubectl accepts, bounded. */
export const contextName = recordKey(253).min(1, 'context name is required');
export const onContext = z.object({ context: contextName }).strict();

/** An object's resourceVersion as the user saw it: a write carrying it fails if it changed. */
export const resourceVersion = z.string().min(1).max(64);
export const objectUid = z.string().min(1).max(64);
/** An object as read: a write taking it back is refused when the object changed since. */
export const objectVersion = z.object({ uid: objectUid, resourceVersion }).strict();
export type ObjectVersion = z.infer<typeof objectVersion>;

export const secretRef = z.object({ namespace: dns1123Label, name: dns1123Subdomain }).strict();

/** Every kind of workload PullKey reads; the channels take subsets of this one enum. */
export const workloadKind = z.enum([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
]);
export type WorkloadKind = z.infer<typeof workloadKind>;
/** The kinds PullKey deploys (the deploy form, the rollout view). */
export const deployKind = workloadKind.extract(['Deployment', 'Pod']);
export type DeployKind = z.infer<typeof deployKind>;
/** The kinds with a pod template PullKey can change (a bare Pod has none). */
export const templateKind = workloadKind.exclude(['Pod']);

/** Who keeps a project: Rancher (field.cattle.io/projectId) or PullKey's own label. */
export const projectKind = z.enum(['rancher', 'pullkey']);

export const operationId = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'operation id: letters, digits, ".", "_" and "-"');

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

// ---------------------------------------------------------------------------------------------
// Outputs

/** How current a live view's data is (from its informer's watch). */
export interface Freshness {
  /** live: the watch is open; reconnecting: it broke and is being retried; stale: no watch runs. */
  state: 'live' | 'reconnecting' | 'stale';
  /** When the data stopped being live (ISO), null when live. */
  since: string | null;
  /** reconnecting: when the next attempt starts (ISO), null while one is under way. */
  retryAt: string | null;
  /** The last failure, in words. */
  error: string | null;
}
