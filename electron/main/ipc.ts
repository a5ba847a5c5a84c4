import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type Result } from '../core/api/contract';
import type { EventHub } from '../core/api/events';
import type { Router } from '../core/api/router';
import { isRendererUrl } from './origin';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Only the top frame of our own window, showing our own renderer, may call the back end. */
export function trustedSender(
  getContents: () => WebContents | null,
  origins: string[],
): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    return (
      event.sender === getContents() &&
      frame !== null &&
      frame.parent === null &&
      isRendererUrl(frame.url, origins)
    );
  };
}

const refused: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'IPC refused: the sender is not the PullKey window' },
};

/** Binds the router to ipcMain; returns the unbind function. */
export function bindRouter(router: Router, isTrusted: SenderCheck): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown) => {
    if (!isTrusted(event)) return refused;
    return router.handle(typeof channel === 'string' ? channel : String(channel), input);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

/** Forwards core push events to the window, if it is still there. */
export function forwardEvents(events: EventHub, getContents: () => WebContents | null): () => void {
  return events.listen((event, payload) => {
    const contents = getContents();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, { event, payload });
  });
}
