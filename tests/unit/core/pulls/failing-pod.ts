/** A pod whose one container `app` fails to pull `image` (ErrImagePull with `message`). */
import type { V1Pod } from '@kubernetes/client-node';
import { containerStatus } from '../../../kit/pods';

export function failingPod(options: {
  name: string;
  namespace: string;
  image: string;
  secrets: string[] | undefined;
  message: string;
}): V1Pod {
  const { name, namespace, image, secrets, message } = options;
  return {
    metadata: { name, namespace },
    spec: {
      imagePullSecrets: secrets?.map((secret) => ({ name: secret })),
      containers: [{ name: 'app', image }],
    },
    status: {
      phase: 'Pending',
      containerStatuses: [
        containerStatus('app', image, { waiting: { reason: 'ErrImagePull', message } }),
      ],
    },
  };
}
