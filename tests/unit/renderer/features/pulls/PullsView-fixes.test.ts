// @vitest-environment jsdom
/**
 * The Pulls view with its detail drawer, the store and a fake back end: after a fix is written
 * the drawer is read again and no longer offers it; a write refused because the object changed
 * closes the preview, says why in place and reads the detail again; a JSON-patch preview reads
 * as a before/after of the changed fields with the raw patch behind a toggle.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { PullFixAnswer } from '@core/api/contract';
import { ApiCallError } from '@renderer/errors';
import { useContextsStore } from '@renderer/stores/contexts';
import PullsView from '@renderer/features/pulls/PullsView.vue';
import {
  attachRegistryAnswer,
  diagnosedDetail,
  emptyPageEachTest,
  failure,
  installPullsBridge,
  noCredentialsDetail,
  pullDetail,
  pullsView,
  staleJobsAnswer,
  type Answer,
} from './pulls-fakes';
import { buttonNamed as button, clickButton as click } from '../../buttons';
import { DrawerStub } from '../../drawer-stub';
import { stubMatchMedia } from '../../match-media';

stubMatchMedia();

const copyAnswer: PullFixAnswer = {
  preview: 'kind: Secret\n',
  written: false,
  resourceVersion: null,
};

async function mountView(answers: Record<string, Answer>) {
  const bridge = installPullsBridge({
    'pulls:open': () => pullsView([failure('secret "shared" missing')]),
    ...answers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  useContextsStore().selectedName = 'alpha';
  const wrapper = mount(PullsView, {
    attachTo: document.body,
    global: { plugins: [PrimeVue, pinia], stubs: { Drawer: DrawerStub } },
  });
  await flushPromises();
  return { bridge, wrapper };
}

/** A fix channel whose dry run answers `preview` and whose write is refused as stale. */
const refusedAsStale =
  (preview: PullFixAnswer, message: string) => (input: { dryRun: boolean }) => {
    if (input.dryRun) return preview;
    throw new ApiCallError({ code: 'KUBE_CONFLICT', message });
  };

describe('PullsView: the detail after a fix', { timeout: 30_000 }, () => {
  emptyPageEachTest({ pinia: false });

  it('reads the detail again after the copy is written: the copy is offered no more', async () => {
    let copied = false;
    const { bridge, wrapper } = await mountView({
      'pulls:detail': () => pullDetail(!copied),
      'pulls:copy-secret': (input: { dryRun: boolean }) => {
        if (!input.dryRun) copied = true;
        return { ...copyAnswer, written: !input.dryRun };
      },
    });
    await click(wrapper, 'Details of Deployment web');
    await click(wrapper, 'Copy secret shared from team…');
    await click(wrapper, 'Confirm and write');
    expect(bridge.called('pulls:copy-secret').map((call) => call.input)).toMatchObject([
      { dryRun: true },
      { dryRun: false },
    ]);
    expect(bridge.called('pulls:detail')).toHaveLength(2);
    expect(button(wrapper, 'Copy secret shared from team…')).toBeUndefined();
    wrapper.unmount();
  });

  it('a write refused as stale closes the preview, says why in the drawer and reads it again', async () => {
    const { bridge, wrapper } = await mountView({
      'pulls:detail': () => pullDetail(true),
      'pulls:copy-secret': refusedAsStale(
        copyAnswer,
        'A secret "shared" exists in shop already: nothing was overwritten',
      ),
    });
    await click(wrapper, 'Details of Deployment web');
    await click(wrapper, 'Copy secret shared from team…');
    await click(wrapper, 'Confirm and write');
    const drawer = wrapper.find('[role="dialog"]');
    expect(drawer.text()).toContain(
      'Copy secret shared from team: not written. A secret "shared" exists in shop already',
    );
    expect(button(wrapper, 'Confirm and write')).toBeUndefined();
    expect(drawer.find('[role="group"]').exists()).toBe(false);
    expect(bridge.called('pulls:detail')).toHaveLength(2);
    wrapper.unmount();
  });

  it('a rewrite refused as stale says why in place too, and reads the detail again', async () => {
    const detail = diagnosedDetail('secret-rejected', 'the kubelet rejects secret "handmade"', [
      'handmade',
    ]);
    const { bridge, wrapper } = await mountView({
      'pulls:detail': () => detail,
      'pulls:rewrite-secret': refusedAsStale(
        { ...copyAnswer, resourceVersion: '5' },
        'Secret "handmade" changed since you saw it: nothing was written.',
      ),
    });
    await click(wrapper, 'Details of Deployment web');
    await click(wrapper, 'Rewrite secret handmade with PullKey…');
    await click(wrapper, 'Confirm and rewrite');
    expect(wrapper.find('[role="dialog"]').text()).toContain(
      'Rewrite secret handmade: not written. Secret "handmade" changed since you saw it',
    );
    expect(button(wrapper, 'Confirm and rewrite')).toBeUndefined();
    expect(bridge.called('pulls:detail')).toHaveLength(2);
    wrapper.unmount();
  });

  it('shows a JSON-patch preview as the field before and after, the raw patch behind a toggle', async () => {
    const detail = diagnosedDetail('not-found', 'tag 1 not found');
    const path = '/spec/template/spec/containers/0/image';
    const { wrapper } = await mountView({
      'pulls:detail': () => detail,
      'pulls:set-image': () => ({
        preview: `# JSON patch\n- op: replace\n  path: ${path}\n`,
        written: false,
        resourceVersion: '42',
        patch: {
          ops: [
            { op: 'test', path: '/metadata/resourceVersion', value: '42' },
            { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'app' },
            { op: 'replace', path, value: 'r.example/team/web:2' },
          ],
          current: { [path]: 'r.example/team/web:1' },
        },
      }),
    });
    await click(wrapper, 'Details of Deployment web');
    await wrapper.find('#fix-image').setValue('r.example/team/web:2');
    await click(wrapper, 'Set image…');
    const table = wrapper.find('table[aria-label="Changes"]');
    expect(
      table.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text())),
    ).toEqual([['container app: image', 'r.example/team/web:1', 'r.example/team/web:2']]);
    expect(wrapper.find('[role="group"]').text()).toContain('resourceVersion is still 42');
    const toggle = button(wrapper, 'Raw patch')!;
    expect(toggle.attributes('aria-expanded')).toBe('false');
    const raw = wrapper.find('pre[aria-label="Patch"]');
    expect(raw.isVisible()).toBe(false);
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(raw.isVisible()).toBe(true);
    expect(raw.text()).toContain(path);
    wrapper.unmount();
  });

  it('deleting stale Jobs closes the preview, says what became of each Job and reads again', async () => {
    const detail = pullDetail(false);
    detail.staleJobs = { cronJob: 'nightly', jobs: ['nightly-a', 'nightly-b'], message: 'stale' };
    detail.fixes = ['stale-jobs'];
    const jobs = ['nightly-a', 'nightly-b'].map((name) => ({
      name,
      uid: `${name}-u`,
      resourceVersion: '7',
    }));
    const summary =
      'Deleted Job nightly-a. Job nightly-b changed since the preview (or no longer needs deleting): left as it is.';
    const { bridge, wrapper } = await mountView({
      'pulls:detail': () => detail,
      'pulls:delete-stale-jobs': (input: { dryRun: boolean }) =>
        input.dryRun
          ? staleJobsAnswer(jobs)
          : staleJobsAnswer(jobs, {
              written: true,
              deleted: ['nightly-a'],
              outcomes: [
                { name: 'nightly-a', result: 'deleted' },
                { name: 'nightly-b', result: 'changed' },
              ],
              summary,
            }),
    });
    await click(wrapper, 'Details of Deployment web');
    await click(wrapper, 'Delete the Jobs started before the fix…');
    await click(wrapper, 'Confirm and delete');
    expect(bridge.called('pulls:delete-stale-jobs').map((call) => call.input)).toMatchObject([
      { dryRun: true },
      { jobs, dryRun: false },
    ]);
    const drawer = wrapper.find('[role="dialog"]');
    expect(drawer.text()).toContain(summary);
    expect(drawer.text()).not.toContain('Nothing was deleted');
    expect(button(wrapper, 'Confirm and delete')).toBeUndefined();
    expect(bridge.called('pulls:detail')).toHaveLength(2);
    wrapper.unmount();
  });

  it('an attach refused after the registry was created says so in place and reads again', async () => {
    const detail = noCredentialsDetail();
    const attachPreview = attachRegistryAnswer();
    let created = false;
    const { bridge, wrapper } = await mountView({
      'pulls:detail': () => detail,
      'vault:logins': () => [{ host: 'r.example', username: 'alice' }],
      // The back end creates the registry, then the attach is refused: it says so.
      'pulls:attach-registry': (input: { dryRun: boolean }) => {
        if (input.dryRun) return attachPreview;
        created = true;
        throw new ApiCallError({
          code: 'KUBE_CONFLICT',
          message:
            'Registry r-example was created in namespace shop; attaching it was refused: Deployment "web" changed since you saw it: nothing was written.',
          details: { partial: true },
        });
      },
    });
    await click(wrapper, 'Details of Deployment web');
    await click(wrapper, 'Create registry and attach…');
    await click(wrapper, 'Confirm and write');
    expect(created).toBe(true);
    const drawer = wrapper.find('[role="dialog"]');
    expect(drawer.text()).toContain(
      'Registry r-example was created in namespace shop; attaching it was refused: Deployment "web" changed since you saw it',
    );
    expect(button(wrapper, 'Confirm and write')).toBeUndefined();
    expect(bridge.called('pulls:detail')).toHaveLength(2);
    wrapper.unmount();
  });

  // Issue 19's stale-detail bug: the drawer kept offering the fix just applied, and a second
  // click got KUBE_CONFLICT. (Fails with PullsView's `@changed="pulls.reloadDetail()"` removed.)
  it('after fix 2 is written the drawer is read again and offers it no more', async () => {
    let attached = false;
    const detail = () => {
      const made = noCredentialsDetail();
      if (!attached) return made;
      made.failure!.diagnosis = {
        ...made.failure!.diagnosis,
        kind: 'unknown',
        message: 'retrying with r-example',
      };
      made.fixes = [];
      return made;
    };
    const answer = attachRegistryAnswer();
    const { bridge, wrapper } = await mountView({
      'pulls:detail': detail,
      'vault:logins': () => [{ host: 'r.example', username: 'alice' }],
      'pulls:attach-registry': (input: { dryRun: boolean }) => {
        if (input.dryRun) return answer;
        if (attached)
          throw new ApiCallError({ code: 'KUBE_CONFLICT', message: 'changed since you saw it' });
        attached = true;
        return { ...answer, written: true, resourceVersion: '43' };
      },
    });
    await click(wrapper, 'Details of Deployment web');
    await click(wrapper, 'Create registry and attach…');
    await click(wrapper, 'Confirm and write');
    expect(bridge.called('pulls:detail')).toHaveLength(2);
    expect(button(wrapper, 'Create registry and attach…')).toBeUndefined();
    expect(wrapper.find('[role="dialog"]').text()).toContain('retrying with r-example');
    expect(bridge.called('pulls:attach-registry')).toHaveLength(2);
    wrapper.unmount();
  });
});
