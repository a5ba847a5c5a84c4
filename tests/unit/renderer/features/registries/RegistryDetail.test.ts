// @vitest-environment jsdom
/**
 * The registry detail drawer says what is wrong with a copy and which entries hold a stale
 * `auth` (the kubelet uses the credentials in `auth`, shown as the username).
 */
import { flushPromises, mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { PullkeyBridge } from '@core/api/contract';
import RegistryDetail from '@renderer/features/registries/components/RegistryDetail.vue';
import { registryCopy, registryGroup, bridgeAndPinia } from './registry-fakes';
import { DrawerStub } from '../../drawer-stub';

const copy = registryCopy('team1-dev', {
  uid: 'uid-7',
  resourceVersion: '7',
  managedBy: null,
  entries: [
    {
      key: 'a.io',
      registry: 'a.io',
      username: 'from-auth',
      email: null,
      hasPassword: true,
      staleAuth: true,
    },
    {
      key: 'b.io',
      registry: 'b.io',
      username: 'u',
      email: null,
      hasPassword: true,
      staleAuth: false,
    },
  ],
  invalid: 'entry "c.io" is not an object (it is null)',
});
const group = registryGroup([copy], {
  id: 'namespace/team1-dev/regcred',
  scope: { kind: 'namespace', namespace: 'team1-dev' },
  hosts: ['a.io', 'b.io'],
  usernames: ['from-auth', 'u'],
  managedBy: null,
});

// PrimeVue's TabList measures itself; jsdom has no ResizeObserver.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

/** The detail of `copy`; defaultServiceAccount null: the ServiceAccount could not be read. */
const detailAnswer = (defaultServiceAccount: boolean | null) => ({
  ok: true,
  value: {
    copy,
    maskedConfig: '{}',
    kubectlCommand: '',
    yaml: '',
    workloads: [],
    defaultServiceAccount,
  },
});

/** The drawer open on `group`; `answer` first (undefined: the TLS list, else null). */
function mountDetail(answer: (channel: string, input: Record<string, unknown>) => unknown) {
  const pinia = bridgeAndPinia((async (channel: string, input: Record<string, unknown>) => {
    const own = answer(channel, input);
    if (own !== undefined) return own;
    if (channel === 'registries:tls') return { ok: true, value: [] };
    return { ok: true, value: null };
  }) as unknown as PullkeyBridge['invoke']);
  return mount(RegistryDetail, {
    props: { group, visible: true },
    global: { plugins: [PrimeVue, pinia], stubs: { Drawer: DrawerStub } },
    attachTo: document.body,
  });
}

describe('RegistryDetail', () => {
  it('shows the copy problem and a stale auth with the user the kubelet will use', async () => {
    const wrapper = mountDetail((channel) =>
      channel === 'registries:detail' ? detailAnswer(null) : undefined,
    );
    await flushPromises();
    const notes = wrapper.findAll('[role="status"]').map((note) => note.text());
    expect(notes).toContain('Problem with this secret: entry "c.io" is not an object (it is null)');
    expect(notes).toContainEqual(
      expect.stringMatching(
        /^a\.io: auth holds other credentials than username\/password; the kubelet uses the ones in auth \(user from-auth\)\.$/,
      ),
    );
    expect(notes.some((note) => note.startsWith('b.io'))).toBe(false);
    wrapper.unmount();
  });

  it('writes the default ServiceAccount only after its patch is shown and confirmed', async () => {
    const calls: Array<{ channel: string; input: Record<string, unknown> }> = [];
    let inAccount = false;
    const wrapper = mountDetail((channel, input) => {
      calls.push({ channel, input });
      if (channel === 'registries:detail') return detailAnswer(inAccount);
      if (channel === 'serviceaccounts:pull-secret') {
        if (!input.dryRun) inAccount = true;
        return {
          ok: true,
          value: {
            preview:
              '# JSON merge patch of ServiceAccount default, as sent\n{ "imagePullSecrets": [{ "name": "regcred" }] }',
            written: !input.dryRun,
            resourceVersion: '41',
            imagePullSecrets: ['regcred'],
          },
        };
      }
      return undefined;
    });
    await flushPromises();
    const writes = () => calls.filter((call) => call.channel === 'serviceaccounts:pull-secret');
    const toggle = () => wrapper.get('#detail-sa');
    await toggle().trigger('change');
    await flushPromises();
    // The dry run only: the patch is shown, the switch waits.
    expect(writes().map((call) => call.input)).toEqual([
      {
        context: expect.any(String),
        namespace: 'team1-dev',
        secret: 'regcred',
        enabled: true,
        dryRun: true,
      },
    ]);
    const confirm = wrapper.get('[role="group"]');
    expect(confirm.text()).toContain('Add regcred to the default ServiceAccount of team1-dev');
    expect(confirm.text()).toContain('JSON merge patch of ServiceAccount default');
    // The switch keeps the focus (never disabled); pressed again, it takes the question back.
    expect(toggle().attributes('disabled')).toBeUndefined();
    await toggle().trigger('change');
    await flushPromises();
    expect(wrapper.find('[role="group"]').exists()).toBe(false);
    expect((toggle().element as HTMLInputElement).checked).toBe(false);
    await toggle().trigger('change');
    await flushPromises();
    const button = (name: string) =>
      wrapper.findAll('button').find((each) => each.text().includes(name))!;
    await button('Cancel').trigger('click');
    await flushPromises();
    expect(writes().map((call) => call.input.dryRun)).toEqual([true, true]);
    expect(wrapper.find('[role="group"]').exists()).toBe(false);
    // Again, confirmed: written at the version the preview read; the detail read again.
    await toggle().trigger('change');
    await flushPromises();
    await button('Confirm and write').trigger('click');
    await flushPromises();
    expect(writes().at(-1)!.input).toMatchObject({
      enabled: true,
      resourceVersion: '41',
      dryRun: false,
    });
    expect((toggle().element as HTMLInputElement).checked).toBe(true);
    wrapper.unmount();
  });
});
