/** Pure: Kubernetes events in time order and as the views show them. */
import type { CoreV1Event } from '@kubernetes/client-node';
import type { RolloutEvent } from '../api/contract';
import { unquotedKubeletText } from './kubelet-text';

export function eventTime(event: CoreV1Event): string {
  const value =
    event.eventTime ??
    event.lastTimestamp ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp;
  if (!value) return '';
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Where a reason falls in a pod's life, to order events reported within the same second. */
const lifecycleRank: Record<string, number> = {
  ScalingReplicaSet: 0,
  SuccessfulCreate: 1,
  Scheduled: 2,
  Pulling: 3,
  Failed: 4,
  ErrImageNeverPull: 4,
  BackOff: 5,
  Pulled: 6,
  Created: 7,
  Started: 8,
  Killing: 9,
};

function orderKey(event: CoreV1Event): [number, number, number] {
  const ms = Date.parse(eventTime(event));
  return [
    // The kubelet's events have whole seconds, the scheduler's microseconds: compare seconds.
    Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : Math.floor(ms / 1000),
    lifecycleRank[event.reason ?? ''] ?? 50,
    Number(event.metadata?.resourceVersion ?? 0) || 0,
  ];
}

/** Time order: by second, then by where the reason falls in a pod's life, then as written. */
export function compareEvents(a: CoreV1Event, b: CoreV1Event): number {
  const [x, y] = [orderKey(a), orderKey(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** An event as the views show it (the kubelet's quoted secret bytes removed). */
export function toEvent(event: CoreV1Event): RolloutEvent {
  return {
    at: eventTime(event),
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    object: `${event.involvedObject?.kind ?? ''}/${event.involvedObject?.name ?? ''}`,
    message: unquotedKubeletText(event.message ?? ''),
    count: event.count ?? 1,
  };
}
