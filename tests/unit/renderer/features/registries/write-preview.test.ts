// @vitest-environment jsdom
/**
 * Issue 19, step 1 in the registry form: submitting shows the API server's dry run per namespace
 * (the piece of the Delete and Sync dialogs) and writes nothing; Back returns to the form with
 * everything typed, the password too; Confirm writes exactly what was previewed; a dry run that
 * fails shows its error and writes nothing; Enter confirms and Escape goes back.
 */
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullkeyBridge, RegistryFanOut, WriteResult } from '@core/api/contract';
import RegistryForm from '@renderer/features/registries/components/RegistryForm.vue';
import { confirmLabel, useWritePreview } from '@renderer/features/registries/logic/write-preview';
import { useNamespacesStore } from '@renderer/features/namespaces/store';
import { DialogStub } from '../../dialog-stub';
import { stubMatchMedia } from '../../match-media';
import { alphaRegistriesPinia, confirmWrite, fanOut, isDryRun } from './registry-fakes';

const result = (namespace: string, outcome: WriteResult['outcome'], message?: string) => ({
  context: 'alpha',
  namespace,
  name: 'regcred',
  outcome,
  ...(message ? { message } : {}),
});
const dryRun = (results: WriteResult[]): RegistryFanOut =>
  fanOut({ operationId: 'op', results, warnings: [] }, true);

describe('confirmLabel: Confirm says what it will do', () => {
  it('counts the writes and the namespaces left as they are', () => {
    expect(confirmLabel(dryRun([result('a', 'created')]), 'create')).toBe(
      'Confirm: create in 1 namespace',
    );
    expect(
      confirmLabel(
        dryRun([result('a', 'created'), result('b', 'created'), result('c', 'clash')]),
        'create',
      ),
    ).toBe('Confirm: create in 2 namespaces, leave 1 namespace as it is');
    expect(confirmLabel(dryRun([result('a', 'updated'), result('b', 'forbidden')]), 'edit')).toBe(
      'Confirm: update in 1 namespace, leave 1 namespace as it is',
    );
    expect(confirmLabel(dryRun([result('a', 'clash'), result('b', 'unchanged')]), 'create')).toBe(
      'Confirm: write nothing, leave 2 namespaces as they are',
    );
  });
});

describe('useWritePreview', () => {
  it('preview writes nothing; Back forgets it; Confirm writes once', async () => {
    const preview = useWritePreview();
    const write = vi.fn(async () => undefined);
    await preview.preview(async () => dryRun([result('a', 'created')]), write);
    expect(preview.step.value).toBe('preview');
    expect(preview.blocked.value).toBeNull();
    expect(write).not.toHaveBeenCalled();
    preview.back();
    expect(preview.step.value).toBe('form');
    await preview.confirm();
    expect(write).not.toHaveBeenCalled();

    await preview.preview(async () => dryRun([result('a', 'created')]), write);
    await Promise.all([preview.confirm(), preview.confirm()]);
    expect(write).toHaveBeenCalledTimes(1);
    expect(preview.step.value).toBe('form');
  });

  it('a dry run that fails shows its error, and Confirm writes nothing', async () => {
    const preview = useWritePreview();
    const write = vi.fn(async () => undefined);
    await preview.preview(async () => {
      throw new Error('Project p-team1 has no namespaces on context "alpha"');
    }, write);
    expect(preview.error.value).toBe('Project p-team1 has no namespaces on context "alpha"');
    expect(preview.blocked.value).toMatch(/dry run failed: nothing was written/);
    await preview.confirm();
    expect(write).not.toHaveBeenCalled();
  });
});

describe('the registry form previews its write', { timeout: 60_000 }, () => {
  let calls: Array<{ channel: string; input: unknown }>;
  let createAnswer: (input: unknown) => unknown;
  let pinia: Pinia;

  beforeEach(() => {
    stubMatchMedia();
    document.body.innerHTML = '';
    calls = [];
    createAnswer = () =>
      dryRun([
        result('team1-dev', 'created'),
        result(
          'team1-qa',
          'clash',
          'a secret "regcred" of type Opaque already exists (not managed by PullKey): left in place',
        ),
      ]);
    window.pullkey = {
      invoke: vi.fn(async (channel: string, input?: unknown) => {
        calls.push({ channel, input });
        if (channel === 'vault:logins') return { ok: true, value: [] };
        if (channel === 'registries:create') {
          if (!isDryRun(input))
            return {
              ok: true,
              value: fanOut({
                operationId: 'w',
                results: [result('team1-dev', 'created')],
                warnings: [],
              }),
            };
          try {
            const value = createAnswer(input) as RegistryFanOut;
            return {
              ok: true,
              value: {
                ...value,
                secret: {
                  namespace: 'team1-dev',
                  name: 'regcred',
                  maskedConfig: '{"auths":{"reg.example":{"username":"alice","password":"***"}}}',
                  kubectlCommand:
                    'kubectl --context alpha create secret docker-registry regcred --namespace team1-dev --docker-server=reg.example --docker-username=alice --docker-password="$REGISTRY_PASSWORD"',
                },
              },
            };
          } catch (error) {
            return {
              ok: false,
              error: { code: 'KUBE_NOT_FOUND', message: (error as Error).message },
            };
          }
        }
        return { ok: true, value: null };
      }) as unknown as PullkeyBridge['invoke'],
      subscribe: () => () => undefined,
    };
    pinia = alphaRegistriesPinia();
    const namespaces = useNamespacesStore();
    namespaces.context = 'alpha';
  });

  const writes = () =>
    calls.filter((call) => call.channel === 'registries:create' && !isDryRun(call.input));
  const dryRuns = () =>
    calls.filter((call) => call.channel === 'registries:create' && isDryRun(call.input));

  async function filledForm() {
    const wrapper = mount(RegistryForm, {
      attachTo: document.body,
      global: { plugins: [PrimeVue, pinia], stubs: { Dialog: DialogStub } },
      props: { mode: 'create', visible: false, presetNamespace: 'team1-dev' },
    });
    await wrapper.setProps({ visible: true });
    await flushPromises();
    await wrapper.find('#registry-name').setValue('regcred');
    await wrapper.find('#registry-host').setValue('reg.example');
    await wrapper.find('#registry-username').setValue('alice');
    await wrapper.find('#registry-password').setValue('pw-typed');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    return wrapper;
  }
  const value = (wrapper: Awaited<ReturnType<typeof filledForm>>, id: string) =>
    (wrapper.find(id).element as HTMLInputElement).value;

  it('shows the dry run per namespace and the secret, Back keeps what was typed, Confirm writes', async () => {
    const wrapper = await filledForm();
    expect(dryRuns()).toHaveLength(1);
    expect(dryRuns()[0]!.input).toMatchObject({
      name: 'regcred',
      password: 'pw-typed',
      dryRun: true,
    });
    expect(writes()).toEqual([]);
    const preview = wrapper.find('[aria-label="The create checked on the cluster"]');
    expect(preview.text()).toContain('team1-dev: created secret regcred');
    expect(wrapper.find('[aria-label="Left as they are"]').text()).toContain(
      'team1-qa: clash — a secret "regcred" of type Opaque already exists',
    );
    expect(wrapper.find('[aria-label="Decoded config (passwords masked)"]').text()).not.toContain(
      'pw-typed',
    );
    expect(wrapper.find('[aria-label="Equivalent kubectl command"]').text()).toContain(
      '--docker-password="$REGISTRY_PASSWORD"',
    );
    expect(wrapper.find('#registry-confirm').text()).toBe(
      'Confirm: create in 1 namespace, leave 1 namespace as it is',
    );

    // Back: the form again, everything typed still there (the password too), nothing written.
    const back = wrapper.findAll('footer button').find((button) => button.text() === 'Back');
    await back!.trigger('click');
    await flushPromises();
    expect(wrapper.find('#registry-confirm').exists()).toBe(false);
    expect(value(wrapper, '#registry-name')).toBe('regcred');
    expect(value(wrapper, '#registry-username')).toBe('alice');
    expect(value(wrapper, '#registry-password')).toBe('pw-typed');
    expect(writes()).toEqual([]);

    // Submit again, then Confirm: exactly the previewed input is written, once.
    await wrapper.find('form').trigger('submit');
    await confirmWrite(wrapper);
    expect(writes()).toHaveLength(1);
    const {
      dryRun: _dry,
      operationId: _op,
      ...previewed
    } = dryRuns()[1]!.input as Record<string, unknown>;
    expect(writes()[0]!.input).toMatchObject(previewed);
    expect(writes()[0]!.input).not.toHaveProperty('dryRun');
    expect(wrapper.emitted('update:visible')).toEqual([[false]]);
    wrapper.unmount();
  });

  it('Escape goes back and Enter confirms', async () => {
    const wrapper = await filledForm();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(wrapper.find('#registry-confirm').exists()).toBe(false);
    expect(value(wrapper, '#registry-password')).toBe('pw-typed');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await flushPromises();
    expect(writes()).toHaveLength(1);
    wrapper.unmount();
  });

  it('a dry run that fails shows its error; Confirm is disabled with the reason and nothing is written', async () => {
    createAnswer = () => {
      throw new Error('Project p-team1 has no namespaces on context "alpha"');
    };
    const wrapper = await filledForm();
    expect(wrapper.text()).toContain(
      'The cluster\'s dry run refused it: Project p-team1 has no namespaces on context "alpha"',
    );
    const confirm = wrapper.find('#registry-confirm');
    expect(confirm.attributes('disabled')).toBeDefined();
    expect(wrapper.find('#registry-confirm-blocked').text()).toContain('nothing was written');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await flushPromises();
    expect(writes()).toEqual([]);
    wrapper.unmount();
  });
});
