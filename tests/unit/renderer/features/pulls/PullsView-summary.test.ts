// @vitest-environment jsdom
/**
 * "All contexts" in the Pulls view: counts not known read "unknown" (never 0), and the
 * exec-plugin contexts "Check all contexts" did not contact are named, each with a Check button.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { PullsSummaryEntry } from '@core/api/contract';
import { useContextsStore } from '@renderer/stores/contexts';
import PullsView from '@renderer/features/pulls/PullsView.vue';
import { installPullsBridge, pullsView } from './pulls-fakes';
import { stubMatchMedia } from '../../match-media';

stubMatchMedia();

const unknown = { failing: null, latent: null, freshness: null };
const lines: PullsSummaryEntry[] = [
  { context: 'alpha', state: 'checked', failing: 2, latent: 1, message: null, freshness: null },
  { context: 'down', state: 'unreachable', message: 'connect ECONNREFUSED', ...unknown },
  { context: 'sso', state: 'not-checked', message: 'signs in with an exec plugin', ...unknown },
];

describe('PullsView: All contexts', { timeout: 30_000 }, () => {
  it('reads unknown counts as "unknown" and offers to check the exec-plugin context it skipped', async () => {
    const bridge = installPullsBridge({
      'pulls:open': () => pullsView([]),
      'pulls:summary': (input: { only?: string[] }) =>
        input.only ? [{ ...lines[2]!, state: 'checked', failing: 0, latent: 0 }] : lines,
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    useContextsStore().selectedName = 'alpha';
    const wrapper = mount(PullsView, { global: { plugins: [PrimeVue, pinia] } });
    await flushPromises();
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Check all contexts')!
      .trigger('click');
    await flushPromises();

    const table = wrapper.find('table[aria-label="All contexts"]');
    const rows = table
      .findAll('tbody tr')
      .map((row) => row.findAll('td').map((cell) => cell.text()));
    expect(rows.map((cells) => [cells[0], cells[2], cells[3]])).toEqual([
      ['alpha', '2', '1'],
      ['down', 'unknown', 'unknown'],
      ['sso', 'unknown', 'unknown'],
    ]);
    expect(wrapper.text()).toContain('Not contacted, as they sign in with an exec plugin');
    expect(wrapper.text()).toContain(': sso.');

    const check = wrapper.findAll('button').find((b) => b.text() === 'Check sso');
    expect(check).toBeDefined();
    await check!.trigger('click');
    await flushPromises();
    expect(bridge.called('pulls:summary')[1]!.input).toMatchObject({
      include: ['sso'],
      only: ['sso'],
    });
    const after = table
      .findAll('tbody tr')
      .map((row) => row.findAll('td').map((cell) => cell.text()));
    expect(after[2]!.slice(2, 4)).toEqual(['0', '0']);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Check sso')).toBe(false);
    wrapper.unmount();
  });
});
