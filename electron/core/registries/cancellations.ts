/**
 * Cancelling a running operation (`registries:cancel`): the operation ids asked to stop. A write
 * starts no new target once its id is here; targets already under way finish (a secret is never
 * left half-written) and those never started are reported "cancelled". A step without side
 * effects (reading a login from a Docker credential helper) can also be interrupted: `signal`.
 */
const MAX_KEPT = 200;

export interface Cancellations {
  cancel(operationId: string): void;
  isCancelled(operationId: string): boolean;
  /** Aborted once the operation is cancelled (at once when it already is); freed by `forget`. */
  signal(operationId: string): AbortSignal;
  forget(operationId: string): void;
}

export function createCancellations(maxKept = MAX_KEPT): Cancellations {
  // A Set keeps insertion order: the oldest ids go first when a cancel came for a finished write.
  const asked = new Set<string>();
  // Only operations that asked for a signal and have not finished: bounded by what runs.
  const signals = new Map<string, AbortController>();
  return {
    cancel(operationId) {
      asked.delete(operationId);
      asked.add(operationId);
      while (asked.size > maxKept) asked.delete(asked.values().next().value!);
      signals.get(operationId)?.abort();
    },
    isCancelled: (operationId) => asked.has(operationId),
    signal(operationId) {
      let controller = signals.get(operationId);
      if (!controller) {
        controller = new AbortController();
        signals.set(operationId, controller);
        if (asked.has(operationId)) controller.abort();
      }
      return controller.signal;
    },
    forget(operationId) {
      asked.delete(operationId);
      signals.delete(operationId);
    },
  };
}
