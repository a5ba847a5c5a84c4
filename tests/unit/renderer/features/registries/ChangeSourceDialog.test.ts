// @vitest-environment jsdom
/**
 * "Change the source instead": the dialog names the source and the copies that follow, previews
 * with the back end's dry run (no resourceVersion sent), writes at the version previewed, and
 * keeps no password; a source PullKey cannot write is named with why, with no form.
 */
import { flushPromises, mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { CopySourceAnswer, EngineOwner, PullkeyBridge } from '@core/api/contract';
import ChangeSourceDialog from '@renderer/features/registries/components/ChangeSourceDialog.vue';
import { aliceEntry, registryCopy, registryGroup, bridgeAndPinia } from './registry-fakes';
import { DialogStub } from '../../dialog-stub';

const owner: EngineOwner = {
  engine: 'reflector',
  engineName: 'Reflector',
  source: 'Reflector source shared/regcred',
  sourceSecret: { namespace: 'shared', name: 'regcred' },
  sourceWritable: true,
  badge: 'Copy of shared/regcred (Reflector)',
  revert: 'Reflector copies the source over this copy again.',
};
const group = registryGroup([registryCopy('team1', { entries: [aliceEntry], owner })]);
const writable: CopySourceAnswer = {
  secret: { namespace: 'shared', name: 'regcred' },
  where: 'Secret shared/regcred (Reflector source)',
  why: null,
  follows: [{ namespace: 'team1', name: 'regcred', engineName: 'Reflector' }],
};

function mountWith(source: CopySourceAnswer, refusedAction?: string) {
  const calls: Array<{ channel: string; input: Record<string, unknown> }> = [];
  const pinia = bridgeAndPinia((async (channel: string, input: Record<string, unknown>) => {
    calls.push({ channel, input });
    if (channel === 'registries:source') return { ok: true, value: source };
    if (channel === 'registries:change-source')
      return {
        ok: true,
        value: {
          preview: 'Secret shared/regcred (the source) after the change:\n{"auths":{}}',
          written: !input.dryRun,
          resourceVersion: input.dryRun ? '41' : '42',
          warning: 'Only the source shared/regcred is written.',
          source: source.secret,
          follows: source.follows,
        },
      };
    return { ok: true, value: null };
  }) as unknown as PullkeyBridge['invoke']);
  const wrapper = mount(ChangeSourceDialog, {
    props: { target: { group, namespace: 'team1', refusedAction }, visible: true },
    attachTo: document.body,
    global: { plugins: [PrimeVue, pinia], stubs: { Dialog: DialogStub } },
  });
  return { wrapper, calls };
}

describe('ChangeSourceDialog', () => {
  it('names the source and its followers, previews, then writes at the version previewed', async () => {
    const { wrapper, calls } = mountWith(writable, 'edit');
    await flushPromises();
    expect(wrapper.text()).toContain('PullKey does not edit team1/regcred');
    expect(wrapper.text()).toContain('Source: Secret shared/regcred (Reflector source)');
    expect(wrapper.find('[aria-label="Copies that follow the source"]').text()).toContain(
      'team1/regcred (Reflector)',
    );
    await wrapper.find('#change-source-password').setValue('s3cret-new');
    await wrapper.find('form#change-source').trigger('submit');
    await flushPromises();
    const dry = calls.find((each) => each.channel === 'registries:change-source')!;
    expect(dry.input).toMatchObject({
      context: 'alpha',
      namespace: 'team1',
      name: 'regcred',
      username: 'alice',
      dryRun: true,
    });
    expect(dry.input.resourceVersion).toBeUndefined();
    expect(wrapper.text()).toContain('Only the source shared/regcred is written.');
    // While the preview is confirmed the form is gone (the dialog keeps no password).
    expect(wrapper.find('#change-source-password').exists()).toBe(false);
    const confirm = wrapper
      .findAll('button')
      .find((button) => button.text() === 'Write the source')!;
    await confirm.trigger('click');
    await flushPromises();
    const written = calls.filter((each) => each.channel === 'registries:change-source')[1]!;
    expect(written.input).toMatchObject({ resourceVersion: '41', password: 's3cret-new' });
    expect(written.input.dryRun).toBeUndefined();
    wrapper.unmount();
  });

  it('a source PullKey cannot write: named with why, no form', async () => {
    const { wrapper } = mountWith({
      secret: null,
      where: 'SealedSecret team1/regcred',
      why: 'the source is sealed (encrypted) in Git.',
      follows: [],
    });
    await flushPromises();
    expect(wrapper.text()).toContain('PullKey cannot change this source: the source is sealed');
    expect(wrapper.find('form#change-source').exists()).toBe(false);
    wrapper.unmount();
  });
});
