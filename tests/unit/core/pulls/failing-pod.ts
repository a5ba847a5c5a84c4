/**
 * A pod whose one container `app` fails to pull `image` (ErrImagePull with `message`), and the
 * Pull doctor's detail of such a bare pod.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { PullFailure } from '@core/api/contract';
import { buildDetail, type DetailInput } from '@core/pulls/diagnosis/evidence';
import { foldFailing, type PullsInput } from '@core/pulls/live/fold';
import type { SecretLookup } from '@core/pulls/model/pod-secrets';
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

/** The Pull doctor's failure row for the one pod `pod` on context alpha (undefined: not failing). */
export function failureOfPod(
  pod: V1Pod,
  secret: SecretLookup,
  owners: PullsInput['owners'] = new Map(),
): PullFailure | undefined {
  const [failure] = foldFailing({ context: 'alpha', pods: [pod], owners, secret });
  return failure;
}

/**
 * The detail of bare pod `pod` on context alpha: folded, then read, with `secret` as the lookup
 * both times and the `default` ServiceAccount; `extra` changes any input.
 */
export function podDetail(pod: V1Pod, secret: SecretLookup, extra: Partial<DetailInput> = {}) {
  const failure = failureOfPod(pod, secret);
  return buildDetail({
    ref: {
      context: 'alpha',
      namespace: pod.metadata!.namespace!,
      kind: 'Pod',
      name: pod.metadata!.name!,
    },
    failure: failure as PullFailure,
    latent: null,
    pod,
    serviceAccount: { metadata: { name: 'default' } },
    nodes: [],
    events: [],
    templateSecrets: null,
    secret,
    ...extra,
  });
}
