// @vitest-environment jsdom
/**
 * Fix 2's component: the preview is the back end's dry run (`pulls:attach-registry`), Confirm
 * sends that write at the version previewed (one call: the create and the attach run in the back
 * end), a toast says what the target now holds; to the ServiceAccount it offers to recreate the
 * pods and reads the detail again only once they are; a preview for another target or name is
 * not confirmed.
 */
import { flushPromises, mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import AttachRegistryFix from '@renderer/features/pulls/components/AttachRegistryFix.vue';
import { useNotificationsStore } from '@renderer/stores/notifications';
import {
  attachRegistryAnswer,
  emptyPageEachTest,
  installPullsBridge,
  noCredentialsDetail,
} from './pulls-fakes';
import { buttonNamed as button, clickButton as click } from '../../buttons';
import { stubMatchMedia } from '../../match-media';

stubMatchMedia();

const answer = attachRegistryAnswer;

async function mountFix(answers: Parameters<typeof installPullsBridge>[0]) {
  const bridge = installPullsBridge({
    'vault:logins': () => [{ host: 'r.example', username: 'alice' }],
    ...answers,
  });
  const wrapper = mount(AttachRegistryFix, {
    props: { detail: noCredentialsDetail(), host: 'r.example' },
    attachTo: document.body,
    global: { plugins: [PrimeVue] },
  });
  await flushPromises();
  return { bridge, wrapper };
}

describe('AttachRegistryFix: one previewed write of the back end', { timeout: 30_000 }, () => {
  emptyPageEachTest();

  it('to the workload: the dry run shown, then the write at its version; a toast; read again', async () => {
    const { bridge, wrapper } = await mountFix({
      'pulls:attach-registry': (input: { dryRun: boolean }) =>
        input.dryRun
          ? answer({ warning: 'the pods lose sa-cred' })
          : answer({ written: true, resourceVersion: '43' }),
    });
    expect((wrapper.find('#attach-name').element as HTMLInputElement).value).toBe('r-example');
    await click(wrapper, 'Create registry and attach…');
    const group = wrapper.find('[role="group"]');
    expect(group.text()).toContain('Creates secret r-example in namespace shop and patches');
    expect(group.find('pre').text()).toContain('# Creates secret r-example');
    expect(group.text()).toContain('the pods lose sa-cred');
    await click(wrapper, 'Confirm and write');
    expect(bridge.called('pulls:attach-registry').map((call) => call.input)).toMatchObject([
      { target: 'workload', secret: 'r-example', username: 'alice', dryRun: true },
      { target: 'workload', resourceVersion: '42', dryRun: false },
    ]);
    expect(bridge.calls.map((call) => call.channel)).not.toContain('registries:create');
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({
      severity: 'success',
      summary: 'Registry attached',
      detail: 'Deployment web now pulls with r-example',
    });
    expect(wrapper.find('[role="group"]').exists()).toBe(false);
    expect(wrapper.emitted('done')).toHaveLength(1);
    wrapper.unmount();
  });

  it('to the ServiceAccount: offers to recreate the pods, and reads again once they are', async () => {
    const note = 'Existing pods keep the imagePullSecrets they were created with: recreate them';
    const { bridge, wrapper } = await mountFix({
      'pulls:attach-registry': (input: { dryRun: boolean }) =>
        input.dryRun
          ? answer({ target: 'service-account', resourceVersion: '12' })
          : answer({ target: 'service-account', written: true, recreate: note }),
      'rollout:retry': () => ({ deleted: ['web-1'] }),
    });
    await wrapper.find('#attach-account').setValue(true);
    await click(wrapper, 'Create registry and attach…');
    expect(wrapper.find('[role="group"]').text()).toContain('patches ServiceAccount builder');
    await click(wrapper, 'Confirm and write');
    expect(bridge.called('pulls:attach-registry')[1]!.input).toMatchObject({
      target: 'service-account',
      serviceAccount: 'builder',
      resourceVersion: '12',
      dryRun: false,
    });
    expect(useNotificationsStore().queue.at(-1)?.detail).toBe(
      'ServiceAccount builder now has r-example',
    );
    expect(wrapper.text()).toContain(note);
    expect(wrapper.emitted('done')).toBeUndefined();
    await click(wrapper, 'Recreate pods');
    expect(bridge.called('rollout:retry')).toHaveLength(1);
    expect(wrapper.text()).not.toContain(note);
    expect(wrapper.emitted('done')).toHaveLength(1);
    wrapper.unmount();
  });

  it('a preview made for another secret name is not offered for Confirm', async () => {
    const { wrapper } = await mountFix({ 'pulls:attach-registry': () => answer({}) });
    await click(wrapper, 'Create registry and attach…');
    expect(button(wrapper, 'Confirm and write')).toBeDefined();
    await wrapper.find('#attach-name').setValue('other-name');
    expect(button(wrapper, 'Confirm and write')).toBeUndefined();
    wrapper.unmount();
  });
});
