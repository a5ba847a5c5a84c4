// @vitest-environment jsdom
/**
 * Delete and Sync of a registry show the API server's dry run per namespace before the user
 * confirms: the dialog asks for it (`dryRun: true`, the copies as seen) and lists each
 * namespace's change with the version read; a refused dry run is said in place; the confirm
 * button writes as before (no dry run flag).
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RegistryFanOut } from '@core/api/contract';
import { ApiCallError } from '@renderer/errors';
import { useContextsStore } from '@renderer/stores/contexts';
import DeleteRegistryDialog from '@renderer/features/registries/components/DeleteRegistryDialog.vue';
import SyncDialog from '@renderer/features/registries/components/SyncDialog.vue';
import { installFakeBridge, type Answer } from '../../fake-bridge';
import { DialogStub } from '../../dialog-stub';
import { registryCopy, registryGroup } from './registry-fakes';
import { clickButton } from '../../buttons';

const group = registryGroup(
  [registryCopy('web-1'), registryCopy('web-2', { resourceVersion: '7' })],
  {
    sync: {
      inSync: 1,
      total: 2,
      missing: [],
      orphaned: [],
      stale: ['web-2'],
      joined: [],
    } as unknown as NonNullable<Parameters<typeof registryGroup>[1]>['sync'],
  },
);

const dryAnswer = (lines: Array<[string, string, string | null]>): RegistryFanOut => ({
  operationId: 'op',
  results: [],
  warnings: [],
  preview: lines.map(([, preview]) => preview).join('\n'),
  written: false,
  resourceVersion: null,
  targets: lines.map(([namespace, preview, resourceVersion]) => ({
    namespace,
    name: 'regcred',
    preview,
    written: false,
    resourceVersion,
  })),
});

function setup(answers: Record<string, Answer>) {
  const bridge = installFakeBridge(answers);
  const pinia = createPinia();
  setActivePinia(pinia);
  useContextsStore().selectedName = 'alpha';
  return { bridge, global: { plugins: [PrimeVue, pinia], stubs: { Dialog: DialogStub } } };
}

describe('registry dialogs: the dry run per namespace', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('Delete lists what the dry run says, with the versions read', async () => {
    const { bridge, global } = setup({
      'registries:delete': () =>
        dryAnswer([
          ['web-1', 'web-1: delete secret regcred', '1'],
          ['web-2', 'web-2: delete secret regcred', '7'],
        ]),
    });
    const wrapper = mount(DeleteRegistryDialog, {
      props: { deleting: { group, details: [] } },
      global,
    });
    await flushPromises();
    const [asked] = bridge.called('registries:delete');
    expect(asked?.input).toMatchObject({
      context: 'alpha',
      dryRun: true,
      copies: [
        { namespace: 'web-1', name: 'regcred', uid: 'uid-web-1', resourceVersion: '1' },
        { namespace: 'web-2', name: 'regcred', uid: 'uid-web-2', resourceVersion: '7' },
      ],
    });
    const checked = wrapper.get('[aria-label="The delete checked on the cluster"]').text();
    expect(checked).toContain('web-1: delete secret regcred · version 1');
    expect(checked).toContain('web-2: delete secret regcred · version 7');
    await clickButton(wrapper, 'Delete');
    expect(wrapper.emitted('confirm')).toHaveLength(1);
    // Only the dry run went to the back end: the confirm is the view's write.
    expect(bridge.called('registries:delete')).toHaveLength(1);
  });

  it('Sync asks again when a joined namespace is ticked; a refusal is said in place', async () => {
    let refuse = false;
    const { bridge, global } = setup({
      'registries:sync': () => {
        if (refuse)
          throw new ApiCallError({
            code: 'KUBE_CONFLICT',
            message: 'The copy in web-1 changed since you chose it',
          });
        return dryAnswer([['web-2', 'web-2: update secret regcred', '7']]);
      },
    });
    const joinedGroup = {
      ...group,
      sync: { ...group.sync!, joined: ['web-3'], missing: ['web-3'] },
    };
    const wrapper = mount(SyncDialog, {
      props: {
        visible: true,
        group: joinedGroup,
        source: { namespace: 'web-1', resourceVersion: '1' },
      },
      global,
    });
    await flushPromises();
    expect(bridge.called('registries:sync')[0]?.input).toMatchObject({
      dryRun: true,
      confirmJoined: [],
      source: { namespace: 'web-1', resourceVersion: '1' },
    });
    expect(wrapper.get('[aria-label="The sync checked on the cluster"]').text()).toContain(
      'web-2: update secret regcred · version 7',
    );
    refuse = true;
    await wrapper.get('input[type="checkbox"]').setValue(true);
    await flushPromises();
    expect(bridge.called('registries:sync').at(-1)?.input).toMatchObject({
      dryRun: true,
      confirmJoined: ['web-3'],
    });
    expect(wrapper.get('[aria-label="The sync checked on the cluster"]').text()).toContain(
      'The copy in web-1 changed since you chose it',
    );
  });
});
