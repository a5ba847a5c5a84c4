import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  channelNames,
  type ChannelInput,
  type ChannelOutput,
  type ContextsList,
} from '@core/api/contract';
import { AppError } from '@core/api/errors';
import { createRouter, type Handlers } from '@core/api/router';

const contextsList: ContextsList = { contexts: [], selected: null, files: [], problems: [] };

const notUsed = () => {
  throw new Error('not used');
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const all = Object.fromEntries(
    channelNames.map((name) => [name, notUsed]),
  ) as unknown as Handlers;
  return {
    ...all,
    'contexts:list': () => contextsList,
    'contexts:select': ({ name }) => ({ ...contextsList, selected: name }),
    'vault:logins': () => [],
    ...overrides,
  };
}

describe('router', () => {
  it('returns the handler value in an ok envelope', async () => {
    const router = createRouter(handlers());
    await expect(router.handle('contexts:select', { name: 'beta' })).resolves.toEqual({
      ok: true,
      value: { ...contextsList, selected: 'beta' },
    });
  });

  it('rejects input that does not match the schema, without calling the handler', async () => {
    const select = vi.fn();
    const router = createRouter(handlers({ 'contexts:select': select }));
    const result = await router.handle('contexts:select', { name: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.details).toEqual([{ path: 'name', message: 'context name is required' }]);
    expect(select).not.toHaveBeenCalled();
  });

  it('rejects unknown fields and input on channels that take none', async () => {
    const router = createRouter(handlers());
    const extra = await router.handle('contexts:select', { name: 'a', admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unexpected = await router.handle('vault:logins', { anything: 1 });
    expect(unexpected).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses unknown channels, including prototype keys', async () => {
    const router = createRouter(handlers());
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      await expect(router.handle(name, undefined)).resolves.toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      });
    }
  });

  it('keeps the code and details of an AppError', async () => {
    const router = createRouter(
      handlers({
        'contexts:list': () => {
          throw new AppError('CONTEXT_NOT_FOUND', 'gone', { files: ['/a'] });
        },
      }),
    );
    await expect(router.handle('contexts:list', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'CONTEXT_NOT_FOUND', message: 'gone', details: { files: ['/a'] } },
    });
  });

  it('turns unexpected failures into INTERNAL and reports them', async () => {
    const onUnexpectedError = vi.fn();
    const router = createRouter(
      handlers({
        'vault:logins': async () => {
          throw new TypeError('boom');
        },
      }),
      { onUnexpectedError },
    );
    await expect(router.handle('vault:logins', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'boom' },
    });
    expect(onUnexpectedError).toHaveBeenCalledWith('vault:logins', expect.any(TypeError));
  });

  it('requires a handler for every channel of the contract', () => {
    const partial = handlers();
    delete (partial as Partial<Handlers>)['vault:logins'];
    expect(() => createRouter(partial)).toThrow(/vault:logins/);
    expect(createRouter(handlers()).channels).toEqual(channelNames);
  });

  it('types inputs and outputs from the contract', () => {
    expectTypeOf<ChannelInput<'contexts:select'>>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<ChannelInput<'app:info'>>().toEqualTypeOf<undefined>();
    expectTypeOf<ChannelOutput<'contexts:list'>>().toEqualTypeOf<ContextsList>();
  });
});
