/**
 * The manifests and the wait of change-source.test.ts, made as each engine makes them: a Reflector
 * copy (Annotations.cs: reflects = source ns/name) and an ExternalSecret of a ClusterSecretStore
 * (external-secrets apis/externalsecrets/v1/externalsecret_types.go).
 */
import { dockerConfigSecret } from '../cluster/eso-manifests';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 200 ms until it answers non-null; fails naming `what` after the timeout. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** The copy `namespace`/regcred as Reflector writes it, of the source `source`/regcred. */
export function reflectorCopy(
  namespace: string,
  source: string,
  host: string,
  login: { username: string; password: string },
) {
  const copy = dockerConfigSecret(namespace, 'regcred', host, login);
  return {
    ...copy,
    metadata: {
      ...copy.metadata,
      annotations: {
        'reflector.v1.k8s.emberstack.com/reflects': `${source}/regcred`,
        'reflector.v1.k8s.emberstack.com/reflected-version': '1',
      },
    },
  };
}

/** An ExternalSecret of ClusterSecretStore `store` copying the source secret `key` into `target`. */
export function externalSecret(
  store: string,
  where: { namespace: string; name: string },
  target: string,
  key: string,
) {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: where,
    spec: {
      refreshInterval: '2s',
      secretStoreRef: { kind: 'ClusterSecretStore', name: store },
      target: {
        name: target,
        creationPolicy: 'Owner',
        template: { type: 'kubernetes.io/dockerconfigjson' },
      },
      dataFrom: [{ extract: { key } }],
    },
  };
}
