// @vitest-environment jsdom
/**
 * The Pulls list shows a failing in-cluster token generator (issue 21): the failing row carries
 * the "token generator failing" tag and the generator's one-line sentence.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import { useContextsStore } from '@renderer/stores/contexts';
import PullsView from '@renderer/features/pulls/PullsView.vue';
import { failure, installPullsBridge, pullsView } from './pulls-fakes';
import { stubMatchMedia } from '../../match-media';

stubMatchMedia();

const sentence =
  'the ECRAuthorizationToken generator "team-token" cannot make a new token: unable to create aws session; the pull secret "ecr-pull" (an External Secrets copy of its token) keeps its last token, which expired at 14:02';

describe('PullsView: a failing token generator', { timeout: 30_000 }, () => {
  it('tags the row and shows the generator’s sentence', async () => {
    const row = failure(sentence);
    row.diagnosis = { ...row.diagnosis, kind: 'token-generator-failing' };
    installPullsBridge({ 'pulls:open': () => pullsView([row]), 'pulls:summary': () => [] });
    const pinia = createPinia();
    setActivePinia(pinia);
    useContextsStore().selectedName = 'alpha';
    const wrapper = mount(PullsView, { global: { plugins: [PrimeVue, pinia] } });
    await flushPromises();
    const table = wrapper.find('table[aria-labelledby="pulls-failing-title"]');
    const cells = table.find('tbody tr').findAll('td');
    const diagnosis = cells.find((cell) => cell.text().includes('cannot make a new token'))!;
    expect(diagnosis.text()).toBe(`token generator failing ${sentence}`);
    wrapper.unmount();
  });
});
