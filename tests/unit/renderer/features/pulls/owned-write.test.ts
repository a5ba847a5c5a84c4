// @vitest-environment jsdom
/**
 * An owned workload's change in the renderer: the confirmation offers "Copy the change for Git"
 * (the back end's text, through the main process's clipboard); a confirmed write starts the
 * revert watch; a revert is said in a toast and in the detail's "Revert watch" section.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OwnedWrite, PullFixAnswer, RevertWatchTarget } from '@core/api/contract';
import { usePreviewedWrite } from '@renderer/composables/previewed-write';
import PreviewedWriteConfirm from '@renderer/components/PreviewedWriteConfirm.vue';
import RevertWatch from '@renderer/features/pulls/components/RevertWatch.vue';
import { useNotificationsStore } from '@renderer/stores/notifications';
import { useRevertWatchStore } from '@renderer/stores/revert-watch';
import { argoStatus } from '../../../core/ownership/owner-status-fakes';
import { installFakeBridge } from '../../fake-bridge';

const target: RevertWatchTarget = {
  context: 'alpha',
  namespace: 'team1',
  kind: 'StatefulSet',
  name: 'db',
  path: '/spec/template/spec/containers/0/image',
  written: 'reg/db:1.1',
  before: 'reg/db:9.9',
  owner: 'Argo CD application argocd/shop',
};
const owned = (watch: RevertWatchTarget | null): OwnedWrite => ({
  owner: {
    engine: 'argocd',
    engineName: 'Argo CD',
    source: 'application shop',
    sourceSecret: null,
    sourceWritable: false,
    badge: 'Kept by Argo CD (application shop)',
    revert: 'Argo CD puts back what Git says.',
  },
  status: argoStatus(),
  git: {
    format: 'strategic-merge-patch',
    label: 'A strategic-merge patch for StatefulSet db',
    text: 'kind: StatefulSet\n',
  },
  watch,
});
const dryRun: PullFixAnswer = {
  preview: 'patch',
  written: false,
  resourceVersion: '7',
  warning: 'Argo CD application argocd/shop self-heals',
  owned: owned(null),
};

describe('an owned workload change', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('offers the change for Git in the confirmation and copies its text', async () => {
    const bridge = installFakeBridge({ 'clipboard:write': () => null });
    const wrapper = mount(PreviewedWriteConfirm, {
      props: { pending: { title: 'Set image', answer: dryRun }, running: false, refused: null },
      global: { plugins: [PrimeVue] },
    });
    expect(wrapper.text()).toContain('A strategic-merge patch for StatefulSet db');
    await wrapper.get('button[aria-describedby="git-change-label"]').trigger('click');
    await flushPromises();
    expect(bridge.called('clipboard:write')).toEqual([
      { channel: 'clipboard:write', input: { text: 'kind: StatefulSet\n' } },
    ]);
  });

  it('offers nothing for Git when the workload has no owner', () => {
    installFakeBridge({});
    const wrapper = mount(PreviewedWriteConfirm, {
      props: {
        pending: { title: 'Set image', answer: { ...dryRun, owned: undefined } },
        running: false,
        refused: null,
      },
      global: { plugins: [PrimeVue] },
    });
    expect(wrapper.text()).not.toContain('Copy the change for Git');
  });

  it('watches a confirmed write for a revert and reports it in a toast and in the detail', async () => {
    const bridge = installFakeBridge({
      'ownership:watch-revert': () => ({ id: 'w1', seconds: 300 }),
    });
    const fix = usePreviewedWrite(() => undefined);
    await fix.preview(
      'Set image',
      () => Promise.resolve(dryRun),
      () => Promise.resolve({ ...dryRun, written: true, owned: owned(target) }),
      { extra: undefined },
    );
    await fix.confirm();
    await flushPromises();
    expect(bridge.called('ownership:watch-revert')).toEqual([
      { channel: 'ownership:watch-revert', input: { target } },
    ]);
    const detail = mount(RevertWatch, {
      props: {
        workload: { context: 'alpha', namespace: 'team1', kind: 'StatefulSet', name: 'db' },
      },
      global: { plugins: [PrimeVue] },
    });
    expect(detail.text()).toContain('a revert by Argo CD application argocd/shop is reported here');

    const summary = 'StatefulSet team1/db: reverted by Argo CD application argocd/shop at 12:03:15';
    bridge.push('ownership:reverted', {
      id: 'w1',
      target,
      at: '2026-12-07T12:03:15Z',
      manager: 'argocd-controller',
      putBack: true,
      summary,
    });
    await flushPromises();
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({
      severity: 'warn',
      summary: 'Change reverted',
      detail: summary,
    });
    expect(detail.text()).toContain(summary);
    expect(detail.text()).not.toContain('is reported here');
    expect(useRevertWatchStore().of({ ...target, name: 'other' }).reports).toEqual([]);
  });
});
