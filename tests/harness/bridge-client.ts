/**
 * Injected into the renderer page by the test bridge: builds `window.pullkey` with the SAME
 * createBridge the preload uses, over a WebSocket instead of Electron IPC.
 */
import { createBridge } from '../../electron/preload/bridge';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const token = new URLSearchParams(location.search).get('token') ?? '';
const socket = new WebSocket(
  `ws://${location.host}/__pullkey/ws?token=${encodeURIComponent(token)}`,
);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('test bridge: WebSocket failed')), {
    once: true,
  });
});
const pending = new Map<number, Pending>();
const eventListeners = new Set<(message: unknown) => void>();
let nextId = 1;

socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as
    | { kind: 'result'; id: number; result: unknown }
    | { kind: 'event'; event: string; payload: unknown };
  if (data.kind === 'result') {
    pending.get(data.id)?.resolve(data.result);
    pending.delete(data.id);
  } else {
    for (const listener of eventListeners) listener({ event: data.event, payload: data.payload });
  }
});
socket.addEventListener('close', () => {
  for (const request of pending.values()) request.reject(new Error('test bridge closed'));
  pending.clear();
});

Object.defineProperty(window, 'pullkey', {
  value: Object.freeze(
    createBridge({
      async invoke(channel, input) {
        await opened;
        const id = nextId++;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject });
          socket.send(JSON.stringify({ kind: 'invoke', id, channel, input }));
        });
      },
      onEvent(listener) {
        eventListeners.add(listener);
        return () => eventListeners.delete(listener);
      },
    }),
  ),
});
