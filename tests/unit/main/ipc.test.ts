import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, IPC_EVENT, IPC_INVOKE } from '@core/api/contract';
import { createEventHub } from '@core/api/events';
import type { Router } from '@core/api/router';
import { bindRouter, forwardEvents, trustedSender } from '../../../electron/main/ipc';
import { FakeWebContents, recorded } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

const origins = ['app://pullkey'];

function fakeRouter(): Router & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    channels: channelNames,
    async handle(channel, input) {
      calls.push([channel, input]);
      return { ok: true, value: channel };
    },
  };
}

function event(sender: FakeWebContents, url = 'app://pullkey/index.html', parent: unknown = null) {
  return { sender, senderFrame: { url, parent } };
}

describe('IPC binding', () => {
  const contents = new FakeWebContents();
  let router: ReturnType<typeof fakeRouter>;

  beforeEach(() => {
    recorded.reset();
    router = fakeRouter();
    bindRouter(
      router,
      trustedSender(() => contents as never, origins),
    );
  });

  it('binds one invoke handler that reaches every contract channel', async () => {
    const handler = recorded.ipcHandlers.get(IPC_INVOKE)!;
    expect(handler).toBeTypeOf('function');
    for (const channel of channelNames) {
      await expect(handler(event(contents), channel, undefined)).resolves.toEqual({
        ok: true,
        value: channel,
      });
    }
    expect(router.calls.map(([channel]) => channel)).toEqual(channelNames);
  });

  it.each([
    ['another webContents', () => event(new FakeWebContents())],
    ['a sub-frame', () => event(contents, 'app://pullkey/index.html', {})],
    ['a foreign page in our window', () => event(contents, 'https://evil.example/')],
    ['a frame-less event', () => ({ sender: contents, senderFrame: null })],
  ])('refuses %s without calling the router', async (_name, makeEvent) => {
    const handler = recorded.ipcHandlers.get(IPC_INVOKE)!;
    await expect(handler(makeEvent(), 'contexts:list', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(router.calls).toEqual([]);
  });

  it('forwards push events to the live window only', () => {
    const hub = createEventHub();
    const target = new FakeWebContents();
    forwardEvents(hub, () => target as never);
    hub.emit('vault:changed', { available: true, backend: 'x' });
    expect(target.sent).toEqual([
      [IPC_EVENT, { event: 'vault:changed', payload: { available: true, backend: 'x' } }],
    ]);
    target.destroyed = true;
    hub.emit('vault:changed', { available: true, backend: 'y' });
    expect(target.sent).toHaveLength(1);
  });
});
