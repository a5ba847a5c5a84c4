// @vitest-environment jsdom
/**
 * Cancel of a delete, a sync and an Import from Docker in the renderer: the stores send the
 * operation id the back end's progress events carry, Cancel asks `registries:cancel` with it (once,
 * and never after the end), and the outcomes shown afterwards are the report's. Driven through a
 * fake `window.pullkey` that also delivers push events.
 */
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type {
  DockerImportReport,
  DockerImportResult,
  EventName,
  Events,
  PullkeyBridge,
  WriteReport,
  WriteResult,
} from '@core/api/contract';
import ImportDialog from '@renderer/features/registries/components/ImportDialog.vue';
import OperationResults from '@renderer/features/registries/components/OperationResults.vue';
import { useNotificationsStore } from '@renderer/stores/notifications';
import { useRegistriesStore } from '@renderer/features/registries/store';
import { useVaultStore } from '@renderer/stores/vault';
import {
  registryCopy,
  registryGroup,
  alphaRegistriesPinia,
  dialogMountOptions,
} from './registry-fakes';
import { buttonNamed } from '../../buttons';

let calls: Array<{ channel: string; input: unknown }>;
/** Answers that wait until the test settles them (a write "under way"). */
let pending: Map<string, (value: unknown) => void>;
let answers: Record<string, (input: unknown) => unknown>;
let listeners: Map<string, Set<(payload: unknown) => void>>;

function installBridge() {
  calls = [];
  pending = new Map();
  answers = {};
  listeners = new Map();
  window.pullkey = {
    invoke: vi.fn(async (channel: string, input?: unknown) => {
      calls.push({ channel, input });
      if (answers[channel]) return { ok: true, value: answers[channel](input) };
      return { ok: true, value: await new Promise((resolve) => pending.set(channel, resolve)) };
    }) as unknown as PullkeyBridge['invoke'],
    subscribe: ((event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => void set.delete(listener);
    }) as unknown as PullkeyBridge['subscribe'],
  };
}
function emit<E extends EventName>(event: E, payload: Events[E]) {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}
const callsTo = (channel: string) => calls.filter((call) => call.channel === channel);

/**
 * The end of a cancelled operation: a warning toast saying `detail`, and a Cancel after the end
 * (`cancelAgain`) asks nothing more of the back end.
 */
async function endedWithWarning(detail: string, cancelAgain: () => Promise<unknown>) {
  expect(useNotificationsStore().queue.at(-1)).toMatchObject({ severity: 'warn', detail });
  await cancelAgain();
  expect(callsTo('registries:cancel')).toHaveLength(1);
}
const inputOf = (channel: string) => callsTo(channel)[0]?.input as { operationId: string };
function settle(channel: string, value: unknown) {
  const resolve = pending.get(channel);
  if (!resolve) throw new Error(`${channel} was not called`);
  pending.delete(channel);
  resolve(value);
}

const group = registryGroup(
  ['ns-a', 'ns-b', 'ns-c'].map((namespace) => registryCopy(namespace)),
  {
    id: 'project/p-1/regcred',
    scope: { kind: 'project', project: 'p-1', projectKind: 'rancher' },
    sync: { inSync: 1, total: 3, missing: [], orphaned: [], stale: ['ns-b', 'ns-c'] },
  },
);
const result = (namespace: string, outcome: WriteResult['outcome']): WriteResult => ({
  context: 'alpha',
  namespace,
  name: 'regcred',
  outcome,
  ...(outcome === 'cancelled' ? { message: 'cancelled before it started' } : {}),
});

let pinia: Pinia;
const mountOptions = () => dialogMountOptions(pinia);

beforeEach(() => {
  document.body.innerHTML = '';
  installBridge();
  pinia = alphaRegistriesPinia();
});

describe.each([
  {
    what: 'delete',
    channel: 'registries:delete',
    title: 'Delete registry regcred',
    start: () => useRegistriesStore().remove(group),
    done: 'deleted' as const,
  },
  {
    what: 'sync',
    channel: 'registries:sync',
    title: 'Sync registry regcred',
    start: () => useRegistriesStore().sync(group, [], null),
    done: 'updated' as const,
  },
])('Cancel of a $what', ({ channel, title, start, done }) => {
  it('shows progress and Cancel while it runs; Cancel sends its operation id once; the outcomes stay', async () => {
    const registries = useRegistriesStore();
    answers['registries:cancel'] = () => ({ cancelled: true });
    const wrapper = mount(OperationResults, mountOptions());
    const running = start();
    await flushPromises();
    const { operationId } = inputOf(channel);
    expect(registries.operation).toMatchObject({ id: operationId, title, running: true });
    expect(registries.operation?.cancellable).toBe(true);

    emit('registries:progress', {
      operationId,
      result: result('ns-a', done),
      done: 1,
      total: 3,
    });
    await nextTick();
    const status = wrapper.find('[role="status"]');
    expect(status.text()).toContain('1/3 done');
    await buttonNamed(wrapper, 'Cancel')!.trigger('click');
    await buttonNamed(wrapper, 'Cancel')?.trigger('click');
    await flushPromises();
    expect(callsTo('registries:cancel')).toEqual([
      { channel: 'registries:cancel', input: { operationId } },
    ]);
    expect(registries.operation?.cancelling).toBe(true);
    expect(wrapper.find('[role="status"]').text()).toContain(
      '1/3 done· cancelling: those under way finish',
    );

    const final: WriteReport = {
      operationId,
      results: [result('ns-a', done), result('ns-b', 'cancelled'), result('ns-c', 'cancelled')],
      warnings: [],
    };
    settle(channel, final);
    await running;
    await flushPromises();
    expect(registries.operation?.running).toBe(false);
    const shown = wrapper.findAll('[aria-label="Operation results"] li').map((li) => li.text());
    expect(shown).toEqual([
      `${done}alpha / ns-a / regcred`,
      'cancelledalpha / ns-b / regcredcancelled before it started',
      'cancelledalpha / ns-c / regcredcancelled before it started',
    ]);
    expect(buttonNamed(wrapper, 'Cancel')).toBeUndefined();
    await endedWithWarning('2 of 3 not done: see the results', () => registries.cancel());
    wrapper.unmount();
  });
});

describe('Import from Docker', () => {
  const dockerLogins = ['a.example', 'b.example', 'c.example'].map((host) => ({
    host,
    username: 'alice',
    source: 'auths',
    helper: null,
    error: null,
  }));
  const imported = (host: string, outcome: DockerImportResult['outcome']): DockerImportResult => ({
    host,
    username: 'alice',
    outcome,
    ...(outcome === 'cancelled' ? { message: 'cancelled before it started: nothing stored' } : {}),
  });

  async function openAndImport() {
    answers['docker:logins'] = () => dockerLogins;
    answers['registries:cancel'] = () => ({ cancelled: true });
    const wrapper = mount(ImportDialog, { ...mountOptions(), props: { visible: false } });
    await wrapper.setProps({ visible: true });
    await flushPromises();
    for (const host of ['a.example', 'b.example', 'c.example'])
      await wrapper.find(`input[id="import-${host}"]`).setValue(true);
    await buttonNamed(wrapper, 'Import into the keychain')!.trigger('click');
    await flushPromises();
    return wrapper;
  }

  it('says "Importing 2 of 3: host", Cancel stops it, and the dialog shows each login\'s outcome', async () => {
    const wrapper = await openAndImport();
    const vault = useVaultStore();
    const { operationId } = inputOf('docker:import');
    expect(callsTo('docker:import')[0]?.input).toEqual({
      operationId,
      logins: ['a.example', 'b.example', 'c.example'].map((host) => ({ host, username: 'alice' })),
    });
    expect(wrapper.find('[role="status"]').text()).toBe('Starting…');

    emit('docker:import-progress', {
      operationId,
      index: 1,
      total: 3,
      host: 'a.example',
      done: 0,
      result: null,
    });
    emit('docker:import-progress', {
      operationId,
      index: 1,
      total: 3,
      host: 'a.example',
      done: 1,
      result: imported('a.example', 'imported'),
    });
    emit('docker:import-progress', {
      operationId,
      index: 2,
      total: 3,
      host: 'b.example',
      done: 1,
      result: null,
    });
    // Another operation's events change nothing.
    emit('docker:import-progress', {
      operationId: 'other',
      index: 3,
      total: 3,
      host: 'x',
      done: 2,
      result: null,
    });
    await nextTick();
    expect(wrapper.find('[role="status"]').text()).toBe('Importing 2 of 3: b.example');
    expect(vault.importing?.results).toEqual([imported('a.example', 'imported')]);

    await buttonNamed(wrapper, 'Cancel')!.trigger('click');
    await flushPromises();
    expect(callsTo('registries:cancel')).toEqual([
      { channel: 'registries:cancel', input: { operationId } },
    ]);
    expect(wrapper.find('[role="status"]').text()).toBe('Cancelling…');

    const report: DockerImportReport = {
      operationId,
      results: [
        imported('a.example', 'imported'),
        {
          ...imported('b.example', 'cancelled'),
          message: 'cancelled while reading it: nothing stored',
        },
        imported('c.example', 'cancelled'),
      ],
      logins: [{ host: 'a.example', username: 'alice' }],
    };
    settle('docker:import', report);
    await flushPromises();
    // Not everything imported: the dialog stays open with the outcomes.
    expect(wrapper.find('[role="dialog"]').exists()).toBe(true);
    const rows = wrapper.findAll('[aria-label="Import results"] li').map((li) => li.text());
    expect(rows).toEqual([
      'importedalice @ a.example',
      'cancelledalice @ b.examplecancelled while reading it: nothing stored',
      'cancelledalice @ c.examplecancelled before it started: nothing stored',
    ]);
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
    expect(buttonNamed(wrapper, 'Cancel')).toBeUndefined();
    expect(vault.logins).toEqual(report.logins);
    await endedWithWarning('1 of 3 imported, 2 not: see the results', () => vault.cancelImport());
    wrapper.unmount();
  });

  it('closes when every login was imported', async () => {
    const wrapper = await openAndImport();
    const { operationId } = inputOf('docker:import');
    settle('docker:import', {
      operationId,
      results: ['a.example', 'b.example', 'c.example'].map((host) => imported(host, 'imported')),
      logins: [],
    });
    await flushPromises();
    expect(wrapper.emitted('update:visible')?.at(-1)).toEqual([false]);
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({ severity: 'success' });
    wrapper.unmount();
  });

  it('offers a login behind a per-registry helper, listed without its username, for import', async () => {
    answers['docker:logins'] = () => [
      { host: 'ecr.example', username: null, source: 'credHelpers', helper: 'ecr', error: null },
    ];
    const wrapper = mount(ImportDialog, { ...mountOptions(), props: { visible: false } });
    await wrapper.setProps({ visible: true });
    await flushPromises();
    const box = wrapper.find('input[id="import-ecr.example"]');
    expect(box.attributes('disabled')).toBeUndefined();
    expect(wrapper.find('label[for="import-ecr.example"]').text()).toBe(
      'ecr.example (stored by docker-credential-ecr: read when you import it)',
    );
    await box.setValue(true);
    await buttonNamed(wrapper, 'Import into the keychain')!.trigger('click');
    await flushPromises();
    expect(callsTo('docker:import')[0]?.input).toMatchObject({
      logins: [{ host: 'ecr.example', username: '' }],
    });
    wrapper.unmount();
  });
});
