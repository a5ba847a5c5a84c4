/**
 * Cancelling a running write (`registries:cancel`): the operation ids asked to stop. A write
 * starts no new target once its id is here; targets already under way finish (a secret is never
 * left half-written) and those never started are reported "cancelled".
 */
const MAX_KEPT = 200;

export interface Cancellations {
  cancel(operationId: string): void;
  isCancelled(operationId: string): boolean;
  forget(operationId: string): void;
}

export function createCancellations(maxKept = MAX_KEPT): Cancellations {
  // A Set keeps insertion order: the oldest ids go first when a cancel came for a finished write.
  const asked = new Set<string>();
  return {
    cancel(operationId) {
      asked.delete(operationId);
      asked.add(operationId);
      while (asked.size > maxKept) asked.delete(asked.values().next().value!);
    },
    isCancelled: (operationId) => asked.has(operationId),
    forget: (operationId) => void asked.delete(operationId),
  };
}
