/**
 * Pod fixtures the unit tests and the benchmarks share: a container's status as the kubelet
 * writes it (the fields the Pull doctor reads).
 */
import type { V1ContainerState, V1ContainerStatus } from '@kubernetes/client-node';

/** Container `name` running `image`, never restarted, in `state`; ready only when told. */
export function containerStatus(
  name: string,
  image: string,
  state: V1ContainerState,
  ready = false,
): V1ContainerStatus {
  return { name, image, imageID: '', ready, restartCount: 0, state };
}

/** The waiting state of a container whose pull failed and is retried later. */
export const backOff = (message: string): V1ContainerState => ({
  waiting: { reason: 'ImagePullBackOff', message },
});
