/**
 * The waits and reads of in-cluster-eso.test.ts: a poll that names what it waited for (and the
 * last error), a secret as kubectl prints it, the password of its config, and whether ESO runs.
 */
import { processAlive, readClusterState } from '../cluster/state';
import { getSecretArgs } from '../kit/kubectl';
import type { ClusterSuite } from './cluster-suite';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 250 ms until it answers non-null: the value and how long it took. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>) {
  const started = Date.now();
  let last: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null) return { value, ms: Date.now() - started };
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `${what}: not within ${timeoutMs} ms${last ? ` (${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
      );
    await sleep(250);
  }
}

export interface SecretJson {
  type: string;
  data: Record<string, string>;
  metadata: {
    resourceVersion: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
    managedFields?: Array<{ manager: string; operation: string }>;
  };
}

/** Secret `namespace`/`name` as kubectl prints it, or null when there is none. */
export async function secretJsonIn(
  suite: ClusterSuite,
  namespace: string,
  name: string,
): Promise<SecretJson | null> {
  const out = await suite.kubectl(getSecretArgs(namespace, name, 'json'));
  return out ? (JSON.parse(out) as SecretJson) : null;
}

/** The password of the (only) login in a dockerconfigjson secret. */
export const passwordIn = (secret: SecretJson) => {
  const config = JSON.parse(
    Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString(),
  ) as {
    auths: Record<string, { password: string }>;
  };
  return Object.values(config.auths)[0]!.password;
};

/** Whether the test cluster's External Secrets Operator process runs. */
export function esoRunning(): boolean {
  const eso = readClusterState().eso;
  return !!eso && processAlive(eso.pid);
}
