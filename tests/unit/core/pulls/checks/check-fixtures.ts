/** Pods and pull secrets in team1-dev as the credential-check tests read them. */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';

export const HOST = 'registry.example.com:5000';
export const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A dockerconfigjson secret `name` in team1-dev with these `auths` entries. */
export function dockerConfigSecret(
  name: string,
  auths: Record<string, Record<string, string>>,
  resourceVersion = '7',
): V1Secret {
  return {
    metadata: { name, namespace: 'team1-dev', resourceVersion },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths })) },
  };
}

/** Pod `name` in team1-dev, running `image` with `secrets` as its imagePullSecrets. */
export function runningPod(name: string, secrets: string[], image = `${HOST}/team/app:1.0`): V1Pod {
  return {
    metadata: { name, namespace: 'team1-dev' },
    spec: {
      imagePullSecrets: secrets.map((item) => ({ name: item })),
      containers: [{ name: 'app', image }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', image, imageID: '', ready: true, restartCount: 0, state: { running: {} } },
      ],
    },
  };
}
