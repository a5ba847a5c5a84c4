// @vitest-environment jsdom
/**
 * The drawer's copy fix: offered first (before "create a registry and attach it"), naming the
 * hosts and users the copy hands over; its preview and the readers warning come from the back
 * end's dry run, and the write repeats the same request without dryRun.
 */
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PullDetail } from '@core/api/contract';
import { fixOrder } from '@core/pulls/model/fix-order';
import { clickButton } from '../../buttons';
import { installFakeBridge } from '../../fake-bridge';
import { mountDetailPanel } from './detail-panel';

const host = 'registry.example.com:5000';
const image = `${host}/team/app:1.0`;
const ref = { context: 'alpha', namespace: 'team1-dev', kind: 'Pod' as const, name: 'lonely' };
const facts: Omit<PullDetail, 'fixes' | 'report'> = {
  ref,
  failure: {
    ...ref,
    id: 'alpha/team1-dev/Pod/lonely',
    containers: [{ name: 'app', init: false, image, reason: 'ErrImagePull', message: 'm' }],
    since: null,
    pods: ['lonely'],
    diagnosis: { kind: 'no-credentials', message: `no credentials for ${host}`, host, secrets: [] },
  },
  latent: null,
  sources: null,
  events: [],
  copyCandidates: [
    {
      secret: 'regcred',
      sources: [
        {
          namespace: 'team1-staging',
          entries: [
            { key: host, username: 'alice', matches: true },
            { key: 'ghcr.io', username: 'bot', matches: false },
          ],
        },
      ],
    },
  ],
  staleJobs: null,
};
const detail: PullDetail = { ...facts, fixes: fixOrder(facts), report: '# r' };

describe('PullDetailPanel: copy the missing secret', { timeout: 30_000 }, () => {
  it('comes first, names hosts and users, shows the back end preview and readers warning', async () => {
    const bridge = installFakeBridge({
      'pulls:copy-secret': (input: { dryRun?: boolean }) => ({
        preview: '# preview from the back end',
        written: !input.dryRun,
        resourceVersion: null,
        warning: 'Everyone who can read secrets in namespace team1-dev will be able to read',
        source: { uid: 'src-uid', resourceVersion: '5' },
      }),
      'vault:logins': () => [],
    });
    const wrapper = mountDetailPanel(detail);
    await flushPromises();
    const text = wrapper.text();
    const copyAt = text.indexOf('Copy secret regcred from team1-staging…');
    expect(copyAt).toBeGreaterThanOrEqual(0);
    expect(copyAt).toBeLessThan(text.indexOf(`Create a registry for ${host} and attach it`));
    const listed = wrapper.get('[aria-label="Credentials in team1-staging/regcred"]').text();
    expect(listed).toContain(`${host}, user alice (used for the failing image)`);
    expect(listed).toContain('ghcr.io, user bot (not copied)');

    await clickButton(wrapper, 'Copy secret regcred from team1-staging…');
    expect(bridge.calls.at(-1)).toEqual({
      channel: 'pulls:copy-secret',
      input: {
        context: 'alpha',
        namespace: 'team1-dev',
        name: 'regcred',
        from: 'team1-staging',
        images: [image],
        dryRun: true,
      },
    });
    expect(wrapper.get('[aria-label="Patch"]').text()).toBe('# preview from the back end');
    expect(wrapper.text()).toContain('Everyone who can read secrets in namespace team1-dev');
    await clickButton(wrapper, 'Confirm and write');
    // The write copies only from the source its dry run read.
    expect(bridge.calls.at(-1)?.input).toMatchObject({
      from: 'team1-staging',
      source: { uid: 'src-uid', resourceVersion: '5' },
      dryRun: false,
    });
    wrapper.unmount();
  });
});
