// @vitest-environment jsdom
/**
 * The stale-Jobs fix's component: the dry run's Jobs are deleted with their preconditions on
 * Confirm, what became of each Job is said in place and as a toast, the detail is read again;
 * a failed delete (some Jobs may be gone already) closes the preview and says so in place too.
 */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '@renderer/errors';
import StaleJobsFix from '@renderer/features/pulls/components/StaleJobsFix.vue';
import { useNotificationsStore } from '@renderer/stores/notifications';
import { emptyPageEachTest, installPullsBridge, pullDetail, staleJobsAnswer } from './pulls-fakes';
import { clickButton as click } from '../../buttons';

const jobs = [{ name: 'nightly-a', uid: 'u-a', resourceVersion: '7' }];
const dryRun = staleJobsAnswer(jobs);

function mountFix(answer: (input: { dryRun: boolean }) => unknown) {
  const bridge = installPullsBridge({ 'pulls:delete-stale-jobs': answer });
  const wrapper = mount(StaleJobsFix, {
    props: {
      detail: pullDetail(false),
      stale: { cronJob: 'nightly', jobs: ['nightly-a'], message: 'Jobs started before' },
    },
    attachTo: document.body,
    global: { plugins: [PrimeVue] },
  });
  return { bridge, wrapper };
}

describe('StaleJobsFix', { timeout: 30_000 }, () => {
  emptyPageEachTest();

  it('deletes the Jobs previewed, with their preconditions, and says each outcome', async () => {
    const summary = 'Deleted Job nightly-a.';
    const { bridge, wrapper } = mountFix((input) =>
      input.dryRun
        ? dryRun
        : {
            ...dryRun,
            written: true,
            deleted: ['nightly-a'],
            outcomes: [{ name: 'nightly-a', result: 'deleted' }],
            summary,
          },
    );
    await click(wrapper, 'Delete the Jobs started before the fix…');
    expect(wrapper.find('[role="group"]').text()).toContain('Deletes nightly-a:');
    await click(wrapper, 'Confirm and delete');
    expect(bridge.called('pulls:delete-stale-jobs').map((call) => call.input)).toEqual([
      { context: 'alpha', namespace: 'shop', cronJob: 'nightly', dryRun: true },
      { context: 'alpha', namespace: 'shop', cronJob: 'nightly', jobs, dryRun: false },
    ]);
    expect(wrapper.text()).toContain(summary);
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({
      severity: 'success',
      summary: 'Delete old Jobs',
      detail: summary,
    });
    expect(wrapper.find('[role="group"]').exists()).toBe(false);
    expect(wrapper.emitted('done')).toHaveLength(1);
    wrapper.unmount();
  });

  it('a failed delete closes the preview, says so in place, reports it and reads again', async () => {
    const { wrapper } = mountFix((input) => {
      if (input.dryRun) return dryRun;
      throw new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'no answer' });
    });
    await click(wrapper, 'Delete the Jobs started before the fix…');
    await click(wrapper, 'Confirm and delete');
    expect(wrapper.text()).toContain('Delete old Jobs: no answer');
    expect(wrapper.find('[role="group"]').exists()).toBe(false);
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({ severity: 'error' });
    expect(wrapper.emitted('done')).toHaveLength(1);
    wrapper.unmount();
  });
});
