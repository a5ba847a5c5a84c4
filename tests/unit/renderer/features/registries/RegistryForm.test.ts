// @vitest-environment jsdom
/**
 * Issue 13 in the registry form and the write results: "Name is required" once touched, actions
 * in the dialog footer, namespaces without write access warned about and left out before any
 * call, an edit conflict that keeps the dialog open with what changed and "Reload and re-apply",
 * and "Retry failed" offered only where a retry can succeed ("Rename…" for a clash).
 */
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  NamespacesList,
  PullkeyBridge,
  RegistriesList,
  RegistryCopy,
  RegistryGroup,
  WriteResult,
} from '@core/api/contract';
import OperationResults from '@renderer/features/registries/components/OperationResults.vue';
import RegistryForm from '@renderer/features/registries/components/RegistryForm.vue';
import { useNamespacesStore } from '@renderer/features/namespaces/store';
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

type Answer = (input: unknown) => unknown;
let answers: Record<string, Answer>;
let calls: Array<{ channel: string; input: unknown }>;

function installBridge() {
  calls = [];
  window.pullkey = {
    invoke: vi.fn(async (channel: string, input?: unknown) => {
      calls.push({ channel, input });
      const answer = answers[channel];
      return { ok: true, value: answer ? answer(input) : null };
    }) as unknown as PullkeyBridge['invoke'],
    subscribe: () => () => undefined,
  };
}
const callsTo = (channel: string) => calls.filter((call) => call.channel === channel);

const summary = (name: string, create: boolean) => ({
  name,
  phase: 'Active',
  projects: { rancher: 'p-team1', pullkey: null },
  access: {
    secrets: { list: true, create, update: create },
    deployments: { create, update: create },
  },
});
const namespacesList: NamespacesList = {
  context: 'alpha',
  scope: 'cluster',
  note: null,
  namespaces: [summary('team1-dev', true), summary('team1-staging', false)],
  projects: [
    { kind: 'rancher', id: 'p-team1', clusterId: null, namespaces: ['team1-dev', 'team1-staging'] },
  ],
};

const entry = aliceEntry;
const copy = (namespace: string, resourceVersion: string, username = 'alice'): RegistryCopy =>
  registryCopy(namespace, {
    resourceVersion,
    contentHash: `h-${username}`,
    entries: [{ ...entry, username }],
  });
const group = (copies: RegistryCopy[]): RegistryGroup =>
  registryGroup(copies, {
    id: 'project/p-team1/regcred',
    scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
  });
const report = (input: unknown, results: WriteResult[]) =>
  fanOut(
    { operationId: (input as { operationId: string }).operationId, results, warnings: [] },
    isDryRun(input),
  );
/** The writes, not their dry runs (the form previews each write first). */
const writesTo = (channel: string) => callsTo(channel).filter((call) => !isDryRun(call.input));

let pinia: Pinia;
const mountOptions = () => dialogMountOptions(pinia);

beforeEach(() => {
  stubMatchMedia();
  document.body.innerHTML = '';
  answers = { 'vault:logins': () => [] };
  installBridge();
  pinia = alphaRegistriesPinia();
  const namespaces = useNamespacesStore();
  namespaces.context = 'alpha';
  namespaces.list = namespacesList;
});

async function openCreate(props: Record<string, unknown> = {}) {
  const wrapper = mount(RegistryForm, {
    ...mountOptions(),
    props: { mode: 'create', visible: false, ...props },
  });
  await wrapper.setProps({ visible: true });
  await flushPromises();
  return wrapper;
}

async function fillLogin(wrapper: Awaited<ReturnType<typeof openCreate>>) {
  await wrapper.find('#registry-name').setValue('regcred');
  await wrapper.find('#registry-host').setValue('reg.example');
  await wrapper.find('#registry-username').setValue('alice');
  await wrapper.find('#registry-password').setValue('pw');
}

describe('the registry form', { timeout: 60_000 }, () => {
  it('says "Name is required" at the field once it is left empty, and keeps its actions in the footer', async () => {
    const wrapper = await openCreate();
    expect(wrapper.text()).not.toContain('Name is required');
    await wrapper.find('#registry-name').trigger('blur');
    expect(wrapper.find('#registry-name-help').text()).toBe('Name is required');
    expect(wrapper.find('#registry-name').attributes('aria-describedby')).toBe(
      'registry-name-help',
    );
    // Submitting names every missing field, and calls nothing.
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#registry-host-help').text()).toBe('Host is required');
    expect(wrapper.find('#registry-username-help').text()).toBe('Username is required');
    expect(wrapper.find('#registry-password-help').text()).toBe('Password or token is required');
    expect(callsTo('registries:create')).toEqual([]);
    const footer = wrapper.find('footer');
    expect(footer.findAll('button').map((button) => button.text())).toEqual([
      'Verify',
      'Create registry',
    ]);
    expect(footer.find('button[type="submit"]').attributes('form')).toBe('registry-form');
    wrapper.unmount();
  });

  it('says how a server with a trailing "/" will be saved', async () => {
    const wrapper = await openCreate();
    await wrapper.find('#registry-host').setValue('https://reg.example:5000/');
    expect(wrapper.find('#registry-host-help').text()).toBe(
      'Will be saved as https://reg.example:5000 (the same registry for the kubelet)',
    );
    wrapper.unmount();
  });

  it('leaves out project namespaces without write access, named before submitting', async () => {
    answers['registries:create'] = (input) =>
      report(input, [
        { context: 'alpha', namespace: 'team1-dev', name: 'regcred', outcome: 'created' },
      ]);
    const wrapper = await openCreate({ presetProject: { kind: 'rancher', id: 'p-team1' } });
    expect(wrapper.text()).toContain('You may not create secrets in team1-staging');
    await fillLogin(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(callsTo('registries:create')[0]?.input).toMatchObject({
      scope: { kind: 'project', project: 'p-team1' },
      onlyNamespaces: ['team1-dev'],
    });
    await confirmWrite(wrapper);
    expect(writesTo('registries:create')[0]?.input).toMatchObject({
      scope: { kind: 'project', project: 'p-team1' },
      onlyNamespaces: ['team1-dev'],
    });
    wrapper.unmount();
  });

  it('does not verify or store anything for a namespace without write access', async () => {
    const wrapper = await openCreate({ presetNamespace: 'team1-staging' });
    await fillLogin(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#registry-scope-help').text()).toBe('You may not create secrets there');
    expect(calls.map((call) => call.channel)).not.toContain('registries:create');
    wrapper.unmount();
  });

  it('an edit conflict keeps the dialog open, shows what changed and re-applies the change', async () => {
    const seen = group([copy('team1-dev', '10'), copy('team1-staging', '10')]);
    const now = group([copy('team1-dev', '11', 'bob'), copy('team1-staging', '12', 'carol')]);
    const list: RegistriesList = { context: 'alpha', groups: [now], partial: false, note: null };
    answers['registries:list'] = () => list;
    // After the first submit the password is in the keychain: the re-apply sends none.
    answers['vault:logins'] = () =>
      writesTo('registries:edit').length ? [{ host: 'reg.example', username: 'bob' }] : [];
    answers['registries:edit'] = (input) => {
      const first = writesTo('registries:edit').length <= 1;
      return report(input, [
        ...(first
          ? [
              {
                context: 'alpha',
                namespace: 'team1-dev',
                name: 'regcred',
                outcome: 'updated',
              } as const,
            ]
          : []),
        {
          context: 'alpha',
          namespace: 'team1-staging',
          name: 'regcred',
          outcome: first ? 'conflict' : 'updated',
        },
      ]);
    };
    const wrapper = mount(RegistryForm, {
      ...mountOptions(),
      props: { mode: 'edit', visible: false, group: seen, entry: seen.copies[0]!.entries[0] },
    });
    await wrapper.setProps({ visible: true });
    await flushPromises();
    await wrapper.find('#registry-username').setValue('bob');
    await wrapper.find('#registry-password').setValue('new-pw');
    await wrapper.find('form').trigger('submit');
    await confirmWrite(wrapper);
    useRegistriesStore().list = list; // the live list has the change made elsewhere

    await flushPromises();
    expect(wrapper.emitted('update:visible')).toBeUndefined(); // still open
    expect((wrapper.find('#registry-username').element as HTMLInputElement).value).toBe('bob');
    const changed = wrapper.find('[aria-label="Changed elsewhere"]');
    expect(changed.text()).toBe('team1-staging: reg.example user alice → carol');
    const reapply = wrapper
      .findAll('button')
      .find((button) => button.text() === 'Reload and re-apply my change');
    expect(reapply?.attributes('disabled')).toBeUndefined();
    await reapply!.trigger('click');
    await confirmWrite(wrapper);
    const edits = writesTo('registries:edit');
    expect(edits).toHaveLength(2);
    expect(edits[1]!.input).toMatchObject({
      username: 'bob',
      copies: [{ namespace: 'team1-staging', name: 'regcred', resourceVersion: '12' }],
    });
    expect(edits[1]!.input).not.toHaveProperty('password');
    expect(wrapper.emitted('update:visible')).toEqual([[false]]);
    wrapper.unmount();
  });
});

describe('write results', { timeout: 60_000 }, () => {
  const result = (namespace: string, outcome: WriteResult['outcome']): WriteResult => ({
    context: 'alpha',
    namespace,
    name: 'regcred',
    outcome,
  });
  type Operation = NonNullable<ReturnType<typeof useRegistriesStore>['operation']>;
  /** A create of regcred as the store holds it: no warnings, cancellable, not cancelling. */
  const createOperation = (
    operation: Omit<Operation, 'title' | 'warnings' | 'cancellable' | 'cancelling'>,
  ): Operation => ({
    title: 'Create registry regcred',
    warnings: [],
    cancellable: true,
    cancelling: false,
    ...operation,
  });
  const buttons = (wrapper: ReturnType<typeof mount>) =>
    wrapper.findAll('button').map((button) => button.text());

  it('offers no "Retry failed" for a clash or forbidden, and "Rename…" for a clash', async () => {
    const registries = useRegistriesStore();
    registries.operation = createOperation({
      id: 'op-1',
      total: 2,
      results: [result('team1-dev', 'clash'), result('team2-app', 'forbidden')],
      running: false,
      retry: async () => undefined,
      created: {
        name: 'regcred',
        host: 'reg.example',
        username: 'alice',
        scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      },
    });
    const wrapper = mount(OperationResults, mountOptions());
    await flushPromises();
    expect(buttons(wrapper)).not.toContain('Retry failed');
    expect(buttons(wrapper)).toContain('Rename…');
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Rename…')!
      .trigger('click');
    expect(wrapper.emitted('rename')?.[0]).toEqual([registries.operation.created, ['team1-dev']]);

    registries.operation.results = [
      result('team1-dev', 'failed'),
      result('team2-app', 'cancelled'),
    ];
    await flushPromises();
    expect(buttons(wrapper)).toContain('Retry failed');
    expect(buttons(wrapper)).not.toContain('Rename…');
    wrapper.unmount();
  });

  it('shows "n/m done" and Cancel while running; Cancel asks the back end by operation id', async () => {
    const registries = useRegistriesStore();
    registries.operation = createOperation({
      id: 'op-7',
      total: 200,
      results: Array.from({ length: 12 }, (_, index) => result(`ns-${index}`, 'created')),
      running: true,
      retry: null,
    });
    answers['registries:cancel'] = () => ({ cancelled: true });
    const wrapper = mount(OperationResults, mountOptions());
    await flushPromises();
    expect(wrapper.find('[role="status"]').text()).toContain('12/200 done');
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Cancel')!
      .trigger('click');
    await flushPromises();
    expect(callsTo('registries:cancel')).toEqual([
      { channel: 'registries:cancel', input: { operationId: 'op-7' } },
    ]);
    expect(registries.operation.cancelling).toBe(true);

    // An operation the back end cannot stop: no Cancel is offered for it.
    registries.operation = {
      ...registries.operation,
      id: 'op-8',
      cancellable: false,
      cancelling: false,
    };
    await flushPromises();
    expect(buttons(wrapper)).not.toContain('Cancel');
    expect(wrapper.find('[role="status"]').text()).toContain('12/200 done');
    wrapper.unmount();
  });
});
