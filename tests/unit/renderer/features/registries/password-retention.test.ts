// @vitest-environment jsdom
/**
 * The renderer never keeps a password: after create, edit and rotate are submitted, no Pinia
 * store, no component state, no input element and no later request carries it; "Retry failed"
 * is answered by the main process from the operation id alone.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullkeyBridge, RegistryEntryView, WriteReport } from '@core/api/contract';
import RegistryForm from '@renderer/features/registries/components/RegistryForm.vue';
import RotateDialog from '@renderer/features/registries/components/RotateDialog.vue';
import { useRegistriesStore } from '@renderer/features/registries/store';
import { stubMatchMedia } from '../../match-media';
import {
  aliceEntry,
  alphaRegistriesPinia,
  confirmWrite,
  dialogMountOptions,
  fanOut,
  isDryRun,
  registryCopy,
  registryGroup,
} from './registry-fakes';

const CANARY = 'canary-pw-7f3a9c1e';

let calls: Array<{ channel: string; input: unknown }>;

function report(operationId: string): WriteReport {
  return {
    operationId,
    results: [
      { context: 'alpha', namespace: 'team1-dev', name: 'regcred', outcome: 'created' },
      {
        context: 'alpha',
        namespace: 'team1-qa',
        name: 'regcred',
        outcome: 'failed',
        message: 'timeout',
      },
    ],
    warnings: [],
  };
}

function installBridge() {
  calls = [];
  const invoke = vi.fn(async (channel: string, input?: unknown) => {
    calls.push({ channel, input });
    const id =
      (input as { retryId?: string; operationId?: string } | undefined)?.retryId ??
      (input as { operationId?: string } | undefined)?.operationId ??
      '';
    if (channel === 'vault:logins') return { ok: true, value: [] };
    if (channel.startsWith('registries:'))
      return { ok: true, value: fanOut(report(id), isDryRun(input ?? {})) };
    return { ok: true, value: null };
  });
  window.pullkey = {
    invoke: invoke as unknown as PullkeyBridge['invoke'],
    subscribe: () => () => undefined,
  };
}

/** Everything the renderer still holds: every store, the component's state, the DOM inputs. */
function held(pinia: Pinia, wrapper: VueWrapper) {
  const setupState = (wrapper.vm as unknown as { $: { setupState: Record<string, unknown> } }).$
    .setupState;
  const plainState = Object.fromEntries(
    Object.entries(setupState).filter(([, value]) => typeof value !== 'function'),
  );
  const inputs = [...document.querySelectorAll('input, textarea')].map(
    (element) => (element as HTMLInputElement).value,
  );
  // Component state reaches stores and components: walk it once, skipping what was seen.
  const seen = new WeakSet<object>();
  return JSON.stringify(
    { stores: pinia.state.value, component: plainState, inputs },
    (_key, value) => {
      if (typeof value === 'function') return undefined;
      if (value !== null && typeof value === 'object') {
        if (seen.has(value as object)) return undefined;
        seen.add(value as object);
      }
      return value as unknown;
    },
  );
}

describe('the renderer keeps no password after a submit', () => {
  let pinia: Pinia;
  beforeEach(() => {
    stubMatchMedia();
    document.body.innerHTML = '';
    installBridge();
    pinia = alphaRegistriesPinia();
  });

  it('create: the form clears it, and "Retry failed" goes to the main process by operation id', async () => {
    const wrapper = mount(RegistryForm, {
      ...dialogMountOptions(pinia),
      props: { mode: 'create', visible: false },
    });
    await wrapper.setProps({ visible: true });
    await flushPromises();
    const state = (wrapper.vm as unknown as { $: { setupState: Record<string, unknown> } }).$
      .setupState;
    await wrapper.find('#registry-name').setValue('regcred');
    state.namespace = 'team1-dev';
    await wrapper.find('#registry-host').setValue('registry.example.com:5000');
    await wrapper.find('#registry-username').setValue('alice');
    await wrapper.find('#registry-password').setValue(CANARY);
    expect(held(pinia, wrapper)).toContain(CANARY); // the test sees a password while typed
    await wrapper.find('form').trigger('submit');
    await confirmWrite(wrapper);

    const create = calls.find(
      (call) => call.channel === 'registries:create' && !isDryRun(call.input),
    );
    expect(create?.input).toMatchObject({ password: CANARY, name: 'regcred' });
    expect(held(pinia, wrapper)).not.toContain(CANARY);

    // Retry failed: the store asks the main process with the operation id, no password.
    const store = useRegistriesStore();
    expect(store.operation?.retry).toBeTypeOf('function');
    const sent = calls.length;
    await store.operation!.retry!(['team1-qa']);
    await flushPromises();
    const retry = calls.slice(sent).find((call) => call.channel === 'registries:retry');
    expect(retry?.input).toEqual({
      operationId: (create?.input as { operationId: string }).operationId,
      retryId: expect.any(String),
      namespaces: ['team1-qa'],
    });
    expect(calls.slice(sent).some((call) => call.channel === 'registries:create')).toBe(false);
    expect(JSON.stringify(calls.slice(sent))).not.toContain(CANARY);
    expect(held(pinia, wrapper)).not.toContain(CANARY);
    // A retry of the retry still works without the password.
    expect(store.operation?.retry).toBeTypeOf('function');
    wrapper.unmount();
  });

  it('edit: the form clears it', async () => {
    const host = 'registry.example.com:5000';
    const entry: RegistryEntryView = { ...aliceEntry, key: host, registry: host };
    const group = registryGroup(
      [registryCopy('team1-dev', { uid: 'uid-7', resourceVersion: '7', entries: [entry] })],
      { scope: { kind: 'namespace', namespace: 'team1-dev' }, hosts: [host] },
    );
    const wrapper = mount(RegistryForm, {
      ...dialogMountOptions(pinia),
      props: { mode: 'edit', visible: false, group, entry },
    });
    await wrapper.setProps({ visible: true });
    await flushPromises();
    await wrapper.find('#registry-password').setValue(CANARY);
    await wrapper.find('form').trigger('submit');
    await confirmWrite(wrapper);
    expect(calls.find((call) => call.channel === 'registries:edit')?.input).toMatchObject({
      password: CANARY,
    });
    expect(held(pinia, wrapper)).not.toContain(CANARY);
    wrapper.unmount();
  });

  it('rotate: the dialog clears it, and "Retry failed" goes to the main process by operation id', async () => {
    const wrapper = mount(RotateDialog, {
      ...dialogMountOptions(pinia),
      props: { visible: false },
    });
    await wrapper.setProps({ visible: true });
    await flushPromises();
    const state = (wrapper.vm as unknown as { $: { setupState: Record<string, unknown> } }).$
      .setupState;
    state.host = 'registry.example.com:5000';
    state.username = 'alice';
    state.targets = [
      {
        context: 'alpha',
        namespace: 'team1-dev',
        name: 'regcred',
        key: 'registry.example.com:5000',
      },
    ];
    await flushPromises();
    await wrapper.find('#rotate-password').setValue(CANARY);
    await wrapper.findAll('form')[1]!.trigger('submit');
    await flushPromises();
    expect(calls.find((call) => call.channel === 'registries:rotate')?.input).toMatchObject({
      password: CANARY,
    });
    expect(held(pinia, wrapper)).not.toContain(CANARY);
    // "Retry failed" is answered by the main process: no later request carries the password.
    const before = calls.length;
    await useRegistriesStore(pinia).operation?.retry?.([]);
    await flushPromises();
    expect(calls.slice(before).map((call) => call.channel)).toEqual(['registries:rotate-retry']);
    expect(JSON.stringify(calls.slice(before))).not.toContain(CANARY);
    wrapper.unmount();
  });
});
