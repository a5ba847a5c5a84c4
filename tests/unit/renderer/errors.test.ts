// @vitest-environment jsdom
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { ApiCallError, call } from '@renderer/api';
import { codeOf, messageOf, toCallError } from '@renderer/errors';
import { useNamespacesStore } from '@renderer/features/namespaces/store';
import type { PullkeyBridge } from '@core/api/contract';

describe('one error mapping', () => {
  it('keeps code, message and details of a failed call', () => {
    const error = new ApiCallError({
      code: 'KUBE_CONFLICT',
      message: 'changed',
      details: { rv: 7 },
    });
    expect(toCallError(error)).toEqual({
      code: 'KUBE_CONFLICT',
      message: 'changed',
      details: { rv: 7 },
    });
    expect(toCallError(new ApiCallError({ code: 'BRIDGE_MISSING', message: 'no bridge' }))).toEqual(
      {
        code: 'BRIDGE_MISSING',
        message: 'no bridge',
      },
    );
    expect(toCallError(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(toCallError('text')).toEqual({ code: 'INTERNAL', message: 'text' });
    expect(codeOf(error)).toBe('KUBE_CONFLICT');
    expect(codeOf(new Error('x'))).toBe('INTERNAL');
    expect(messageOf(42)).toBe('42');
  });

  it('turns a transport failure into TRANSPORT_FAILED with its message', async () => {
    window.pullkey = {
      invoke: async () => {
        throw new Error('socket closed');
      },
      subscribe: () => () => undefined,
    };
    await expect(call('app:info')).rejects.toMatchObject({
      code: 'TRANSPORT_FAILED',
      message: 'socket closed',
    });
  });

  it('a store keeps the details of a failed list (no lossy cast)', async () => {
    window.pullkey = {
      invoke: (async () => ({
        ok: false,
        error: { code: 'CLUSTER_FORBIDDEN', message: 'no', details: { verb: 'list' } },
      })) as unknown as PullkeyBridge['invoke'],
      subscribe: () => () => undefined,
    };
    setActivePinia(createPinia());
    const namespaces = useNamespacesStore();
    await namespaces.load('alpha');
    expect(namespaces.error).toEqual({
      code: 'CLUSTER_FORBIDDEN',
      message: 'no',
      details: { verb: 'list' },
    });
  });
});
