// @vitest-environment jsdom
/**
 * An engine-owned workload's warning is visible, as an alert, in each confirmation: the Pull
 * doctor's "Confirm the change" and the deploy form's update patch.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { beforeEach, describe, expect, it } from 'vitest';
import ConfirmChange from '@renderer/components/ConfirmChange.vue';
import DeployPreview from '@renderer/features/deploy/components/DeployPreview.vue';
import { useDeployStore } from '@renderer/features/deploy/store';
import type { PreflightResult } from '@core/api/contract';

const warning =
  "Helm release shop (namespace team1) manages this Deployment: the next helm upgrade drops this change. Change the chart's values instead.";

const update = {
  action: 'patch' as const,
  seen: { uid: 'u', resourceVersion: '1', container: 'app', fingerprint: 'f' },
  patch: 'spec: {}',
};

describe('the owner warning in a confirmation', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('the Pull doctor confirmation shows it as an alert', () => {
    const wrapper = mount(ConfirmChange, {
      props: {
        groupLabel: 'Confirm the change',
        previewLabel: 'Patch',
        preview: '# patch',
        confirmLabel: 'Confirm and write',
        running: false,
        warning,
      },
      global: { plugins: [PrimeVue] },
    });
    expect(wrapper.find('[role="alert"]').text()).toContain(warning);
  });

  it('the deploy update preview shows it as an alert, and none without an owner', async () => {
    const deploy = useDeployStore();
    deploy.draft.update = true;
    const preflight = (warned: boolean): PreflightResult => ({
      ok: true,
      checks: [],
      durationMs: 1,
      update: warned ? { ...update, warning } : update,
    });
    deploy.preflight = preflight(true);
    const wrapper = mount(DeployPreview, {
      global: { plugins: [PrimeVue], stubs: { RouterLink: true } },
    });
    expect(wrapper.find('[role="alert"]').text()).toContain(warning);
    deploy.preflight = preflight(false);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('the deploy update preview offers the change for Git for an owned workload, none without', async () => {
    const deploy = useDeployStore();
    deploy.draft.update = true;
    const git = {
      format: 'helm-values' as const,
      label: 'Helm values for Deployment web',
      text: 'image: {}',
    };
    deploy.preflight = {
      ok: true,
      checks: [],
      durationMs: 1,
      update: { ...update, warning, owned: { git, watch: null } as never },
    };
    const wrapper = mount(DeployPreview, {
      global: { plugins: [PrimeVue], stubs: { RouterLink: true } },
    });
    expect(wrapper.text()).toContain('Copy the change for Git');
    expect(wrapper.text()).toContain('Helm values for Deployment web');
    deploy.preflight = { ok: true, checks: [], durationMs: 1, update };
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).not.toContain('Copy the change for Git');
  });
});
