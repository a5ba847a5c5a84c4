// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { Freshness } from '@core/api/contract';
import FreshnessBadge from '@renderer/components/FreshnessBadge.vue';

const render = (freshness: Freshness | undefined) =>
  mount(FreshnessBadge, {
    props: { freshness, what: 'Registries list' },
    global: { plugins: [PrimeVue] },
  });

describe('FreshnessBadge', () => {
  it('says live, reconnecting with the retry countdown, or stale since when, as a status', () => {
    const live = render({ state: 'live', since: null, retryAt: null, error: null });
    expect(live.get('[role="status"]').text()).toBe('Live');

    const since = new Date(Date.now() - 60_000).toISOString();
    const reconnecting = render({
      state: 'reconnecting',
      since,
      retryAt: new Date(Date.now() + 3_500).toISOString(),
      error: 'connect ECONNREFUSED 127.0.0.1:6443',
    });
    const status = reconnecting.get('[role="status"]');
    expect(status.text()).toBe('Reconnecting… (retry in 4 s)');
    expect(status.attributes('aria-label')).toMatch(
      /^Registries list: Reconnecting… \(retry in 4 s\), not live since .+: connect ECONNREFUSED/,
    );
    reconnecting.unmount();

    const stale = render({ state: 'stale', since, retryAt: null, error: null });
    expect(stale.get('[role="status"]').text()).toMatch(/^Stale since \d/);
  });

  it('shows nothing when the payload has no freshness (older core)', () => {
    expect(render(undefined).find('[role="status"]').exists()).toBe(false);
  });
});
