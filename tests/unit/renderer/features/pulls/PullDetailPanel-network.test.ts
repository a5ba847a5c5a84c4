// @vitest-environment jsdom
/**
 * The Pull detail for node-side diagnoses: a 429 shows the remaining pulls and offers to create a
 * registry from a saved login; node TLS trouble shows the hosts.toml with a copy button.
 */
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PullDetail, PullkeyBridge } from '@core/api/contract';
import { fixOrder } from '@core/pulls/model/fix-order';
import { hostsToml } from '@core/pulls/diagnosis/node-checks';
import { failingWeb, mountDetailPanel, sandboxWeb } from './detail-panel';
import { stubMatchMedia } from '../../match-media';

stubMatchMedia();

const host = 'localhost:33617';
function detail(
  kind: 'rate-limited' | 'node-tls',
  network: PullDetail['network'],
  secrets: string[] = [],
): PullDetail {
  const facts: Omit<PullDetail, 'fixes' | 'report'> = {
    ref: sandboxWeb,
    failure: failingWeb(`${host}/public/hello:1.0`, {
      kind,
      message: `diagnosis ${kind}`,
      host,
      secrets,
    }),
    latent: null,
    sources: null,
    events: [],
    copyCandidates: [],
    staleJobs: null,
    network,
  };
  return { ...facts, fixes: fixOrder(facts), report: '# r' };
}

function mountPanel(value: PullDetail, copied: string[]) {
  window.pullkey = {
    invoke: (async (channel: string, input: { text?: string }) => {
      if (channel === 'vault:logins') return { ok: true, value: [{ host, username: 'alice' }] };
      if (channel === 'clipboard:write') copied.push(input.text ?? '');
      return { ok: true, value: null };
    }) as unknown as PullkeyBridge['invoke'],
    subscribe: () => () => undefined,
  };
  return mountDetailPanel(value);
}

// Mounting PrimeVue's Select is slow on a busy machine.
describe('PullDetailPanel: node-side evidence', { timeout: 30_000 }, () => {
  it('429: remaining pulls, and a registry from a saved login is offered', async () => {
    const wrapper = mountPanel(
      detail('rate-limited', {
        host,
        rateLimit: {
          limit: '100;w=21600',
          remaining: '0;w=21600',
          summary: '0 of 100 pulls left per 6 h',
        },
      }),
      [],
    );
    await flushPromises();
    expect(wrapper.text()).toContain('Remaining pulls');
    expect(wrapper.text()).toContain('0 of 100 pulls left per 6 h');
    expect(wrapper.findAll('button').map((button) => button.text())).toContain(
      'Create registry and attach…',
    );
    wrapper.unmount();
  });

  it('429 with a secret already: no registry offer', async () => {
    const wrapper = mountPanel(detail('rate-limited', { host }, ['hub']), []);
    await flushPromises();
    expect(wrapper.findAll('button').map((button) => button.text())).not.toContain(
      'Create registry and attach…',
    );
    wrapper.unmount();
  });

  it('node TLS: says PullKey cannot fix the node and copies the hosts.toml', async () => {
    const copied: string[] = [];
    const toml = hostsToml(host, 'untrusted-ca');
    const wrapper = mountPanel(detail('node-tls', { host, hostsToml: toml }), copied);
    await flushPromises();
    expect(wrapper.text()).toContain("PullKey cannot change the cluster's nodes");
    expect(wrapper.find('pre[aria-label="hosts.toml"]').text()).toBe(toml.content.trimEnd());
    const button = wrapper.findAll('button').find((item) => item.text() === 'Copy hosts.toml')!;
    await button.trigger('click');
    await flushPromises();
    expect(copied).toEqual([toml.content]);
    wrapper.unmount();
  });
});
