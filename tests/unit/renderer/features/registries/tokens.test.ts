// @vitest-environment jsdom
/**
 * Tokens in the registries feature: the list badge (text, not colour alone), the refresh-source
 * form (suggestions, required fields), and the detail's token panel: Refresh now saves the source
 * (never a password) and runs `tokens:refresh` on the chosen contexts; a failure is shown in words.
 */
import { flushPromises, mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { RegistryEntryView } from '@core/api/contract';
import RegistryTokenPanel from '@renderer/features/registries/components/RegistryTokenPanel.vue';
import TokenBadge from '@renderer/features/registries/components/TokenBadge.vue';
import { formFor, sourceOf } from '@renderer/features/registries/logic/token-source';
import { groupTokenBadge } from '@renderer/features/registries/logic/tokens';
import { useContextsStore } from '@renderer/stores/contexts';
import { ApiCallError } from '@renderer/errors';
import { installFakeBridge } from '../../fake-bridge';
import { registryCopy, registryGroup, alphaRegistriesPinia } from './registry-fakes';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const HOUR = 3600_000;
const entry = (expiresAt: string | null): RegistryEntryView => ({
  key: ECR,
  registry: ECR,
  username: 'AWS',
  email: null,
  hasPassword: true,
  staleAuth: false,
  token: { kind: 'ecr', provider: 'Amazon ECR', expiresAt, estimate: false },
});
const now = Date.parse('2026-12-07T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();
const group = (...expiries: Array<string | null>) =>
  registryGroup(
    expiries.map((expiresAt, index) => registryCopy(`ns${index}`, { entries: [entry(expiresAt)] })),
    { id: 'namespace/ns0/ecr', hosts: [ECR], usernames: ['AWS'] },
  );

describe('the list badge', () => {
  it('the soonest token of the group, expired first, in words and a sentence', () => {
    expect(groupTokenBadge(group(at(3 * HOUR), at(-2 * HOUR)), now)).toEqual({
      label: 'token, expired 2 h ago',
      state: 'expired',
      severity: 'danger',
      description: 'Amazon ECR token, expired 2 h ago: pods that pull with it fail',
    });
    expect(groupTokenBadge(group(at(3 * HOUR + 60_000)), now)?.label).toBe('token, expires in 3 h');
    expect(groupTokenBadge(registryGroup([registryCopy('a')]), now)).toBeNull();
  });

  it('renders its words (not colour alone)', () => {
    const wrapper = mount(TokenBadge, {
      props: { group: group(at(Date.now() - now - 2 * HOUR)) },
      global: { plugins: [PrimeVue] },
    });
    expect(wrapper.text()).toMatch(/^token, expired \d+ h ago$/);
    expect(wrapper.attributes('aria-label')).toMatch(/^Amazon ECR token, expired/);
    wrapper.unmount();
  });
});

describe('the refresh-source form', () => {
  it('suggests the helper on PATH, else the CLI with the region from the host', () => {
    expect(formFor(ECR, null, ['ecr-login']).choice).toBe('helper:ecr-login');
    expect(formFor(ECR, null, [])).toMatchObject({ choice: 'aws', region: 'eu-west-1' });
    expect(formFor('myreg.azurecr.io', null, [])).toMatchObject({
      choice: 'az',
      registryName: 'myreg',
    });
    expect(formFor('gcr.io', null, [])).toMatchObject({ choice: 'gcloud' });
    expect(formFor(ECR, { kind: 'aws', region: 'us-east-2', profile: 'dev' }, [])).toMatchObject({
      choice: 'aws',
      region: 'us-east-2',
      profile: 'dev',
    });
  });

  it('a source only once its required fields are filled', () => {
    const form = { choice: 'aws', region: ' ', profile: '', registryName: '' };
    expect(sourceOf(form)).toBeNull();
    expect(sourceOf({ ...form, region: 'eu-west-1' })).toEqual({
      kind: 'aws',
      region: 'eu-west-1',
    });
    expect(sourceOf({ ...form, choice: 'helper:pk' })).toEqual({ kind: 'helper', helper: 'pk' });
    expect(sourceOf({ ...form, choice: 'az' })).toBeNull();
  });
});

describe('the token panel', () => {
  async function mountPanel(refresh: () => unknown) {
    const bridge = installFakeBridge({
      'tokens:sources': () => ({ sources: [], helpers: ['pk-test-fresh'] }),
      'tokens:set-source': (input: { host: string }) => [
        {
          host: input.host,
          source: { kind: 'helper', helper: 'pk-test-fresh' },
          keepFresh: false,
          contexts: ['alpha'],
          command: `echo ${input.host} | docker-credential-pk-test-fresh get`,
        },
      ],
      'tokens:refresh': refresh,
    });
    const pinia = alphaRegistriesPinia();
    const contexts = useContextsStore();
    contexts.contexts = [{ name: 'alpha' }, { name: 'beta' }] as typeof contexts.contexts;
    contexts.selectedName = 'alpha';
    const wrapper = mount(RegistryTokenPanel, {
      props: { group: group(at(Date.now() - now - 2 * HOUR)) },
      global: { plugins: [PrimeVue, pinia] },
    });
    await flushPromises();
    return { wrapper, bridge };
  }

  it('Refresh now keeps the source and refreshes the chosen contexts', async () => {
    const { wrapper, bridge } = await mountPanel(() => ({
      operationId: 'x',
      host: ECR,
      results: [{ context: 'alpha', namespace: 'ns0', name: 'ecr', outcome: 'updated' }],
      warnings: [],
      expiresAt: null,
    }));
    expect(wrapper.text()).toContain('Amazon ECR · AWS@' + ECR + ' in ns0:');
    const select = wrapper.find('select');
    // An ECR host without docker-credential-ecr-login on PATH: the AWS CLI is suggested.
    expect((select.element as HTMLSelectElement).value).toBe('aws');
    await select.setValue('helper:pk-test-fresh');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(bridge.called('tokens:set-source')[0]!.input).toEqual({
      host: ECR,
      source: { kind: 'helper', helper: 'pk-test-fresh' },
      keepFresh: false,
      contexts: ['alpha'],
    });
    expect(bridge.called('tokens:refresh')[0]!.input).toMatchObject({
      host: ECR,
      contexts: ['alpha'],
    });
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('a failed refresh says why, in the command’s words', async () => {
    const { wrapper } = await mountPanel(() => {
      throw new ApiCallError({
        code: 'TOKEN_REFRESH_FAILED',
        message: 'the AWS SSO session expired: run `aws sso login` in a terminal',
      });
    });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe(
      'Refresh failed: the AWS SSO session expired: run `aws sso login` in a terminal',
    );
    wrapper.unmount();
  });
});
