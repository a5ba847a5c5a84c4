import { contextBridge, ipcRenderer } from 'electron';
import type { PullkeyBridge } from '../core/api/contract';
import { IPC_EVENT, IPC_INVOKE } from '../core/api/ipc-channels';
import { createBridge } from './bridge';

const bridge: PullkeyBridge = createBridge({
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  onEvent: (listener) => {
    const handler = (_event: unknown, message: unknown) => listener(message);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
});

contextBridge.exposeInMainWorld('pullkey', bridge);
