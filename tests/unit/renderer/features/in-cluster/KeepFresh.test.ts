// @vitest-environment jsdom
/**
 * "Keep fresh in the cluster" in a kept project registry's section: shown only for a cloud token;
 * the form preselected (ECR, region from the host), its errors at the fields, the preview of the
 * generator and the ExternalSecret, Confirm at the version previewed, then the state read again
 * (Ready, next refresh); a refusal said in place with everything typed kept.
 */
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { RegistryGroup } from '@core/api/contract';
import { ApiCallError } from '@renderer/errors';
import { useNotificationsStore } from '@renderer/stores/notifications';
import type { Answer } from '../../fake-bridge';
import { regcredIn } from '../registries/registry-fakes';
import { inClusterView, keptIn } from './in-cluster-fakes';
import {
  ecrAccessKeySource,
  keepFreshAnswer,
  keepFreshState,
  tokenGroup,
} from './keep-fresh-fakes';
import { button, mountSection } from './mount-section';

const mountKept = (group: RegistryGroup, answers: Record<string, Answer>) =>
  mountSection(group, {
    'inCluster:open': () => inClusterView([keptIn('a', 'b')]),
    ...answers,
  });

const input = (wrapper: VueWrapper, id: string) =>
  wrapper.get<HTMLInputElement>(`#keep-fresh-${id}`);

describe('Keep fresh in the cluster', () => {
  it('is offered only for a cloud token', async () => {
    const { wrapper, bridge } = await mountKept(regcredIn('a'), {});
    expect(wrapper.text()).not.toContain('Keep fresh in the cluster');
    expect(bridge.called('cluster-refresh:state')).toHaveLength(0);
    wrapper.unmount();
  });

  it('validates at the fields, previews, confirms at the version read, then shows Ready', async () => {
    let state: ReturnType<typeof keepFreshState> | null = null;
    const { wrapper, bridge } = await mountKept(tokenGroup('localhost:5000'), {
      'cluster-refresh:state': () => ({ state }),
      'cluster-refresh:keep-fresh': (given: { dryRun: boolean }) =>
        given.dryRun
          ? keepFreshAnswer({ resourceVersion: '7' })
          : keepFreshAnswer({ written: true }),
    });
    expect(wrapper.get('section[aria-labelledby="keep-fresh-title"]').text()).toContain(
      'Keep fresh in the cluster',
    );
    const ecr = wrapper.get<HTMLInputElement>('input[name="keep-fresh-provider"][value="ecr"]');
    expect(ecr.element.checked).toBe(true);
    // Every input has its label.
    for (const each of wrapper.findAll('input[id^="keep-fresh-"]'))
      expect(wrapper.find(`label[for="${each.attributes('id')}"]`).exists()).toBe(true);

    await button(wrapper, 'Preview keep fresh…').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('AWS region is required');
    expect(wrapper.text()).toContain('Access key ID: Secret name is required');
    expect(document.activeElement?.id).toBe('keep-fresh-region');
    expect(bridge.called('cluster-refresh:keep-fresh')).toHaveLength(0);

    await input(wrapper, 'region').setValue('us-east-1');
    await input(wrapper, 'accessKeyIdName').setValue('aws-key');
    await input(wrapper, 'secretAccessKeyName').setValue('aws-key');
    await input(wrapper, 'interval').setValue('8s');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const group = wrapper.get('[role="group"][aria-label="Keep regcred fresh in the cluster"]');
    expect(group.text()).toContain('ECRAuthorizationToken p-regcred-token and ExternalSecret');
    expect(group.text()).toContain('every 6h');
    expect(group.get('pre').text()).toContain('"kind": "ExternalSecret"');
    expect(bridge.called('cluster-refresh:keep-fresh')[0]!.input).toEqual({
      context: 'alpha',
      namespace: 'pullkey-system',
      source: 'p-regcred',
      registry: 'localhost:5000',
      tokenSource: ecrAccessKeySource,
      refreshInterval: 8,
      dryRun: true,
    });

    state = keepFreshState();
    await button(wrapper, 'Confirm and keep fresh').trigger('click');
    await flushPromises();
    expect(bridge.called('cluster-refresh:keep-fresh')[1]!.input).toMatchObject({
      resourceVersion: '7',
      dryRun: false,
    });
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({
      severity: 'success',
      summary: 'Kept fresh in the cluster',
    });
    const status = wrapper.get('[role="status"][aria-label="Token refresh of regcred"]');
    expect(status.text()).toContain('Ready — kept fresh by ECRAuthorizationToken');
    expect(wrapper.text()).toMatch(/Next refresh: (in|due)/);
    expect(wrapper.find('form.keep-fresh-form').exists()).toBe(false);
    // The form held the keyboard focus: it goes to the state's Change button, not the page.
    expect(document.activeElement?.textContent).toBe('Change the token refresh…');
    wrapper.unmount();
  });

  it('a refusal is said in place in plain words and nothing typed is lost', async () => {
    const { wrapper } = await mountKept(tokenGroup(), {
      'cluster-refresh:state': () => ({ state: null }),
      'cluster-refresh:keep-fresh': () => {
        throw new ApiCallError({
          code: 'CLUSTER_FORBIDDEN',
          message: 'ecrauthorizationtokens.generators.external-secrets.io is forbidden',
        });
      },
    });
    expect(input(wrapper, 'region').element.value).toBe('eu-west-1');
    await wrapper.get('input[value="irsa"]').setValue(true);
    await input(wrapper, 'serviceAccount').setValue('ecr-reader');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toMatch(/^Not allowed: .*is forbidden/);
    expect(input(wrapper, 'serviceAccount').element.value).toBe('ecr-reader');
    expect(useNotificationsStore().queue.at(-1)?.severity).toBe('error');
    wrapper.unmount();
  });

  it('failing: the diagnosis and the Warning events; Change reopens the form', async () => {
    const { wrapper } = await mountKept(tokenGroup(), {
      'cluster-refresh:state': () => ({
        state: keepFreshState({
          phase: 'failing',
          nextRefresh: null,
          diagnosis: 'The ECR token generator fails: Secret "aws-key" is missing.',
          events: [
            {
              type: 'Warning',
              reason: 'UpdateFailed',
              message: 'secret not found',
              count: 1,
              at: null,
            },
          ],
        }),
      }),
    });
    expect(wrapper.text()).toContain('Failing —');
    expect(wrapper.text()).toContain('Secret "aws-key" is missing.');
    expect(wrapper.get('ul[aria-label="Token refresh events of regcred"]').text()).toBe(
      'UpdateFailed: secret not found',
    );
    const change = button(wrapper, 'Change the token refresh…');
    (change.element as HTMLButtonElement).focus();
    await change.trigger('click');
    await flushPromises();
    expect(wrapper.find('form.keep-fresh-form').exists()).toBe(true);
    expect(document.activeElement?.getAttribute('value')).toBe('ecr');
    await button(wrapper, 'Cancel the change').trigger('click');
    expect(wrapper.find('form.keep-fresh-form').exists()).toBe(false);
    wrapper.unmount();
  });
});
