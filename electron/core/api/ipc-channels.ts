// Kept free of imports: the sandboxed preload bundles this file and may require only 'electron'.
/** The one IPC channel requests travel on (the contract channel name is its first argument). */
export const IPC_INVOKE = 'pullkey:invoke';
/** The one IPC channel push events travel on, as `{ event, payload }`. */
export const IPC_EVENT = 'pullkey:event';
