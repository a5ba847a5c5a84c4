let operationCounter = 0;

/** A new id for a registries operation (its progress events, Cancel, "Retry failed"). */
export const newOperationId = () => `op-${Date.now().toString(36)}-${++operationCounter}`;
