// @vitest-environment jsdom
/**
 * Deploy form messages: a refused input is shown at its field in plain words (never as a
 * toast), required fields say so once touched. The bridge validates with the real contract, so
 * the errors are exactly what the router sends.
 */
import { describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { channels, type NamespacesList, type PullkeyBridge } from '@core/api/contract';
import { toApiError } from '@core/api/errors';
import { emptyDraft, interpretDraft } from '@renderer/features/deploy/logic/draft';
import {
  deployFieldOf,
  deployLabels,
  deployMessages,
} from '@renderer/features/deploy/logic/fields';
import { fieldErrors, plainIssue } from '@renderer/forms/field-errors';
import { requiredError } from '@renderer/forms/required';
import { ApiCallError } from '@renderer/errors';
import { useDeployStore } from '@renderer/features/deploy/store';
import { useNotificationsStore } from '@renderer/stores/notifications';
import { freshStoreEachTest, selectAlpha } from './store-setup';

const namespaces: NamespacesList = {
  context: 'alpha',
  scope: 'cluster',
  note: null,
  projects: [],
  namespaces: [
    {
      name: 'team1-dev',
      phase: 'Active',
      projects: { rancher: null, pullkey: null },
      access: {
        secrets: { list: true, create: true, update: true },
        deployments: { create: true, update: true },
      },
    },
  ],
};

let calls: Array<{ channel: string; input: unknown }>;

function installBridge() {
  calls = [];
  const invoke = vi.fn(async (channel: keyof typeof channels, input?: unknown) => {
    calls.push({ channel, input });
    const parsed = channels[channel].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: toApiError(parsed.error) };
    if (channel === 'namespaces:list') return { ok: true, value: namespaces };
    if (channel === 'deploy:recent') return { ok: true, value: [] };
    if (channel === 'deploy:suggest')
      return {
        ok: true,
        value: {
          image: null,
          imageError: null,
          secrets: [],
          matches: [],
          preselected: [],
          serviceAccountSecrets: [],
          existing: null,
        },
      };
    return { ok: true, value: null };
  });
  window.pullkey = {
    invoke: invoke as unknown as PullkeyBridge['invoke'],
    subscribe: () => () => undefined,
  };
}

describe('validation errors in plain words', () => {
  it('turns the validator text into words, keeping custom messages', () => {
    expect(plainIssue('Too big: expected string to have <=63 characters')).toBe(
      'must be at most 63 characters',
    );
    expect(plainIssue('Too small: expected string to have >=1 characters')).toBe('is required');
    expect(plainIssue('Too big: expected number to be <=100')).toBe('must be at most 100');
    expect(plainIssue('must be at most 63 characters')).toBe('must be at most 63 characters');
  });

  it('maps a contract error to the field of its path, and nothing else to a field', () => {
    const refused = channels['deploy:suggest'].input.safeParse({
      context: 'alpha',
      namespace: 'team1-dev',
      image: 'x',
      name: 'a'.repeat(64),
    });
    expect(refused.success).toBe(false);
    const error = new ApiCallError(toApiError(refused.error));
    expect(fieldErrors(error, deployFieldOf, deployLabels, 'form')).toEqual({
      name: 'Name must be at most 63 characters',
    });
    const other = new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'down' });
    expect(fieldErrors(other, deployFieldOf, deployLabels, 'form')).toBeNull();
    expect(deployFieldOf('workload.ports.0.containerPort')).toBe('ports');
    expect(deployFieldOf('context')).toBeNull();
  });

  it('says a required field is required only once it was touched', () => {
    expect(requiredError('Name', '  ', true)).toBe('Name is required');
    expect(requiredError('Namespace', null, true)).toBe('Namespace is required');
    expect(requiredError('Image', 'x', true)).toBeNull();
    expect(requiredError('Name', '', false)).toBeNull();
    const draft = emptyDraft();
    const meaning = interpretDraft(draft);
    expect(deployMessages(draft, meaning, () => false, {})).toEqual({});
    expect(deployMessages(draft, meaning, (field) => field === 'name', {})).toEqual({
      name: 'Name is required',
    });
    const long = { ...draft, name: 'a'.repeat(64) };
    expect(deployMessages(long, interpretDraft(long), () => true, {}).name).toBe(
      'Name must be at most 63 characters',
    );
  });
});

describe('deploy store with a too-long name', () => {
  freshStoreEachTest(installBridge);

  it('raises no toast: the name error stays at the field and no call is refused', async () => {
    const deploy = useDeployStore();
    const notifications = useNotificationsStore();
    const stop = deploy.follow();
    await selectAlpha();
    deploy.draft.name = 'a'.repeat(64);
    deploy.draft.image = 'registry.example.com/team/app:1.0';
    await nextTick();
    await vi.advanceTimersByTimeAsync(1000);
    const suggests = calls.filter((call) => call.channel === 'deploy:suggest');
    expect(suggests.length).toBeGreaterThan(0);
    expect(suggests.at(-1)?.input).not.toHaveProperty('name');
    expect(notifications.queue).toEqual([]);
    stop();
  });

  it('shows a refused launch at its field, not as a toast', async () => {
    const deploy = useDeployStore();
    const notifications = useNotificationsStore();
    const stop = deploy.follow();
    await selectAlpha();
    stop();
    deploy.draft.name = 'web';
    deploy.draft.image = 'registry.example.com/team/app:1.0';
    deploy.draft.pullSecrets = ['Not_A_Name'];
    await expect(deploy.launch()).resolves.toBeNull();
    expect(notifications.queue).toEqual([]);
    expect(deploy.refused.pullSecrets).toMatch(/^Pull secrets /);
    expect(deploy.refused.pullSecrets).not.toMatch(/✖|Too big|Invalid string/);
  });
});
