// @vitest-environment jsdom
/**
 * The Pull doctor's live list is held by its view: closing the view (unmounting it, or the store
 * going away) releases the `pulls:changed` subscription and tells the back end; an answer that
 * arrives after the view closed or moved to another context is dropped.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PullsView as PullsViewShape } from '@core/api/contract';
import PullsView from '@renderer/features/pulls/PullsView.vue';
import { usePullsStore } from '@renderer/features/pulls/store';
import { useContextsStore } from '@renderer/stores/contexts';
import { failure, installPullsBridge, pullsView } from './pulls-fakes';
import { stubMatchMedia } from '../../match-media';

stubMatchMedia();

const viewOf = (context: string, message = 'm'): PullsViewShape => ({
  ...pullsView([failure(message)]),
  context,
});

describe('pulls store: the view holds the live list', { timeout: 30_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('unmounting the view releases pulls:changed and closes the context in the back end', async () => {
    const bridge = installPullsBridge({ 'pulls:open': () => pullsView([]) });
    const pinia = createPinia();
    setActivePinia(pinia);
    useContextsStore().selectedName = 'alpha';
    const wrapper = mount(PullsView, { global: { plugins: [PrimeVue, pinia] } });
    await flushPromises();
    expect(bridge.subscribers('pulls:changed')).toBe(1);
    expect(bridge.called('pulls:open').map((call) => call.input)).toEqual([{ context: 'alpha' }]);
    wrapper.unmount();
    await flushPromises();
    expect(bridge.subscribers('pulls:changed')).toBe(0);
    expect(bridge.called('pulls:close').map((call) => call.input)).toEqual([{ context: 'alpha' }]);
  });

  it('the store going away releases the subscription', async () => {
    const bridge = installPullsBridge({ 'pulls:open': () => pullsView([]) });
    const pulls = usePullsStore();
    await pulls.open('alpha');
    expect(bridge.subscribers('pulls:changed')).toBe(1);
    pulls.$dispose();
    expect(bridge.subscribers('pulls:changed')).toBe(0);
  });

  it('drops an answer that arrives after the view closed', async () => {
    let answer: (view: PullsViewShape) => void = () => undefined;
    const bridge = installPullsBridge({
      'pulls:open': () => new Promise<PullsViewShape>((resolve) => (answer = resolve)),
    });
    const pulls = usePullsStore();
    const opening = pulls.open('alpha');
    await flushPromises();
    await pulls.close();
    answer(viewOf('alpha'));
    await opening;
    expect(pulls.view).toBeNull();
    expect(pulls.context).toBeNull();
    expect(pulls.loading).toBe(false);
    expect(bridge.subscribers('pulls:changed')).toBe(0);
  });

  it('moving to another context closes the old one and ignores its late answer and pushes', async () => {
    const answers: Array<(view: PullsViewShape) => void> = [];
    const bridge = installPullsBridge({
      'pulls:open': () => new Promise<PullsViewShape>((resolve) => answers.push(resolve)),
    });
    const pulls = usePullsStore();
    const alpha = pulls.open('alpha');
    await flushPromises();
    const beta = pulls.open('beta');
    await flushPromises();
    expect(bridge.called('pulls:close').map((call) => call.input)).toEqual([{ context: 'alpha' }]);
    answers[1]!(viewOf('beta', 'beta failing'));
    await beta;
    answers[0]!(viewOf('alpha', 'alpha failing'));
    await alpha;
    expect(pulls.view?.context).toBe('beta');
    bridge.push('pulls:changed', viewOf('alpha', 'alpha pushed'));
    expect(pulls.failing.map((item) => item.diagnosis.message)).toEqual(['beta failing']);
    bridge.push('pulls:changed', viewOf('beta', 'beta pushed'));
    expect(pulls.failing.map((item) => item.diagnosis.message)).toEqual(['beta pushed']);
    expect(bridge.subscribers('pulls:changed')).toBe(1);
  });
});
