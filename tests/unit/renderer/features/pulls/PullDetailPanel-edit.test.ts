// @vitest-environment jsdom
/**
 * Fix 1 in the Pull detail: "Edit registry X" opens the registry's edit dialog on that secret and
 * the entry of the failing host (it used to only switch to the Registries view).
 */
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PullDetail, PullkeyBridge, RegistriesList } from '@core/api/contract';
import { fixOrder } from '@core/pulls/model/fix-order';
import { failingWeb, mountDetailPanel, sandboxWeb } from './detail-panel';
import { stubMatchMedia } from '../../match-media';

stubMatchMedia();

const host = 'registry.example:5000';
const ref = sandboxWeb;
const entry = (registry: string, username: string) => ({
  key: registry,
  registry,
  username,
  email: null,
  hasPassword: true,
  staleAuth: false,
});
const list: RegistriesList = {
  context: 'alpha',
  partial: false,
  note: null,
  groups: [
    {
      id: 'namespace/sandbox/regcred',
      name: 'regcred',
      scope: { kind: 'namespace', namespace: 'sandbox' },
      hosts: ['quay.io', host],
      usernames: ['quser', 'alice'],
      namespaces: ['sandbox'],
      managedBy: null,
      createdAt: null,
      sync: null,
      copies: [
        {
          namespace: 'sandbox',
          name: 'regcred',
          uid: 'u1',
          resourceVersion: '7',
          createdAt: null,
          writtenAt: null,
          managedBy: null,
          contentHash: 'h',
          invalid: null,
          entries: [entry('quay.io', 'quser'), entry(host, 'alice')],
        },
      ],
    },
  ],
};
const facts: Omit<PullDetail, 'fixes' | 'report'> = {
  ref,
  failure: failingWeb(`${host}/team/web:1`, {
    kind: 'credentials-rejected',
    message: '401 with secret "regcred"',
    host,
    secrets: ['regcred'],
  }),
  latent: null,
  sources: null,
  events: [],
  copyCandidates: [],
  staleJobs: null,
};
const detail: PullDetail = { ...facts, fixes: fixOrder(facts), report: '# r' };

describe('PullDetailPanel: fix 1', { timeout: 30_000 }, () => {
  it('"Edit registry regcred" opens its edit dialog on the failing host\'s entry', async () => {
    const asked: string[] = [];
    window.pullkey = {
      invoke: (async (channel: string, input: { context?: string }) => {
        asked.push(`${channel} ${input?.context ?? ''}`.trim());
        if (channel === 'registries:list') return { ok: true, value: list };
        if (channel === 'vault:logins' || channel === 'registries:tls')
          return { ok: true, value: [] };
        return { ok: true, value: null };
      }) as unknown as PullkeyBridge['invoke'],
      subscribe: () => () => undefined,
    };
    const wrapper = mountDetailPanel(detail, document.body);
    await flushPromises();
    const button = wrapper
      .findAll('button')
      .find((item) => item.text() === 'Edit registry regcred');
    expect(button).toBeDefined();
    await button!.trigger('click');
    await flushPromises();
    expect(asked).toContain('registries:list alpha');
    const dialog = document.body.querySelector('[role="dialog"][aria-labelledby], .p-dialog');
    expect(dialog?.textContent).toContain('Edit registry regcred');
    const username = document.body.querySelector<HTMLInputElement>('#registry-username');
    expect(username?.value).toBe('alice');
    wrapper.unmount();
  });
});
