// @vitest-environment jsdom
/**
 * The "Kept in the cluster" section of a project registry: without ESO the helm command, Check
 * again and the laptop-sync label; with ESO the opt-in previewed (conflicts block it, adopted
 * copies are said); once kept its live state, Sync now, and Delete previewed then confirmed.
 */
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../fake-bridge';
import { regcredIn } from '../registries/registry-fakes';
import {
  capability,
  inClusterView,
  inClusterWrite,
  keptNamespace,
  keptRegistry,
} from './in-cluster-fakes';
import { button, mountSection as mountWith } from './mount-section';

const group = regcredIn('a', 'b');

const mountSection = (answers: Record<string, Answer>) => mountWith(group, answers);

describe('InClusterSection', () => {
  it('without ESO: what it would give, the helm command, Check again, laptop sync needs this computer', async () => {
    let engine: 'missing' | 'ready' = 'missing';
    const { bridge, wrapper } = await mountSection({
      'inCluster:capability': () =>
        capability({
          engine,
          offered: engine === 'ready',
          message: 'External Secrets Operator is not installed on this cluster.',
        }),
    });
    expect(wrapper.text()).toContain('needs this computer');
    expect(wrapper.text()).toContain('not installed');
    expect(wrapper.get('pre[aria-label="Helm command"]').text()).toMatch(
      /^helm install external-secrets/,
    );
    button(wrapper, 'Copy helm command');
    engine = 'ready';
    await button(wrapper, 'Check again').trigger('click');
    await flushPromises();
    expect(bridge.called('inCluster:capability')).toHaveLength(2);
    expect(wrapper.text()).toContain('Keep in the cluster…');
    wrapper.unmount();
  });

  it('too old names the version; without the rights names the permission', async () => {
    const old = await mountSection({
      'inCluster:capability': () =>
        capability({
          engine: 'too-old',
          offered: false,
          versions: ['v1beta1'],
          message: 'External Secrets Operator serves only external-secrets.io/v1beta1: too old.',
        }),
    });
    expect(old.wrapper.text()).toContain('v1beta1');
    expect(old.wrapper.text()).toContain('upgrades it with Helm');
    old.wrapper.unmount();
    const denied = await mountSection({
      'inCluster:capability': () =>
        capability({
          offered: false,
          missing: ['create clustersecretstores.external-secrets.io (cluster-wide)'],
        }),
    });
    expect(denied.wrapper.find('ul').text()).toBe(
      'create clustersecretstores.external-secrets.io (cluster-wide)',
    );
    expect(denied.wrapper.find('pre').exists()).toBe(false);
    denied.wrapper.unmount();
  });

  it('opt in: previews every object and the adopted copy, then writes at the version previewed', async () => {
    const { bridge, wrapper } = await mountSection({
      'inCluster:capability': () => capability(),
      'inCluster:keep': (input: { dryRun: boolean }) =>
        inClusterWrite(
          input.dryRun ? { resourceVersion: null } : { written: true, resourceVersion: '7' },
        ),
    });
    await wrapper.get('#keep-interval').setValue('30s');
    await button(wrapper, 'Keep in the cluster…').trigger('click');
    await flushPromises();
    const table = wrapper.get('table');
    expect(table.text()).toContain('ClusterExternalSecret');
    expect(table.text()).toContain('pullkey-system/p-regcred');
    expect(wrapper.text()).toContain('takes over the existing copy in namespace team-a');
    await button(wrapper, 'Confirm and keep in the cluster').trigger('click');
    await flushPromises();
    expect(bridge.called('inCluster:keep').map((call) => call.input)).toEqual([
      {
        project: { kind: 'pullkey', id: 'p' },
        name: 'regcred',
        refreshInterval: '30s',
        context: 'alpha',
        dryRun: true,
      },
      {
        project: { kind: 'pullkey', id: 'p' },
        name: 'regcred',
        refreshInterval: '30s',
        context: 'alpha',
        dryRun: false,
      },
    ]);
    expect(wrapper.find('table').exists()).toBe(false);
    wrapper.unmount();
  });

  it('a conflict blocks the opt-in: listed, no Confirm; a bad interval is said and blocks the preview', async () => {
    const { bridge, wrapper } = await mountSection({
      'inCluster:capability': () => capability(),
      'inCluster:keep': () =>
        inClusterWrite({
          conflicts: [
            { namespace: 'b', name: 'regcred', reason: 'holds credentials for another registry' },
          ],
        }),
    });
    await wrapper.get('#keep-interval').setValue('soon');
    expect(wrapper.text()).toContain('a duration such as 30s, 5m or 1h');
    expect(button(wrapper, 'Keep in the cluster…').attributes('disabled')).toBeDefined();
    await wrapper.get('#keep-interval').setValue('5m');
    await button(wrapper, 'Keep in the cluster…').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('b/regcred: holds credentials for another registry');
    expect(wrapper.findAll('button').some((each) => each.text().startsWith('Confirm'))).toBe(false);
    await button(wrapper, 'Close the preview').trigger('click');
    expect(wrapper.find('table').exists()).toBe(false);
    expect(bridge.called('inCluster:keep')).toHaveLength(1);
    wrapper.unmount();
  });

  it('kept: the live state, what is wrong, Sync now, Delete previewed then confirmed', async () => {
    const kept = keptRegistry(
      [
        keptNamespace('a'),
        keptNamespace('b', { state: 'failing', reason: 'SecretSyncedError', message: 'boom' }),
      ],
      {
        state: 'failing',
        summary: 'External Secrets keeps 1/2 namespaces',
      },
    );
    const { bridge, wrapper } = await mountSection({
      'inCluster:open': () => inClusterView([kept]),
      'inCluster:capability': () => capability(),
      'inCluster:sync-now': () => ({ id: kept.id, requestedAt: 'now' }),
      'inCluster:delete': (input: { dryRun: boolean }) =>
        inClusterWrite({
          written: !input.dryRun,
          adopted: [],
          resourceVersion: '42',
          objects: [
            {
              apiVersion: 'external-secrets.io/v1',
              kind: 'ClusterExternalSecret',
              namespace: null,
              name: kept.id,
              action: 'delete',
            },
            { apiVersion: 'v1', kind: 'Secret', namespace: 'a', name: 'regcred', action: 'delete' },
          ],
        }),
    });
    expect(wrapper.get('[role="status"]').text()).toContain(
      'External Secrets keeps 1/2 namespaces, refreshed',
    );
    expect(wrapper.text()).toContain('b: ExternalSecret not Ready (SecretSyncedError: boom)');
    expect(wrapper.text()).not.toContain('needs this computer');

    await button(wrapper, 'Sync now').trigger('click');
    await flushPromises();
    expect(bridge.called('inCluster:sync-now')).toHaveLength(1);

    await button(wrapper, 'Delete from the cluster…').trigger('click');
    await flushPromises();
    expect(wrapper.get('table').text()).toContain('a/regcred');
    await button(wrapper, 'Confirm and delete').trigger('click');
    await flushPromises();
    expect(bridge.called('inCluster:delete').map((call) => call.input)).toEqual([
      { context: 'alpha', id: kept.id, dryRun: true },
      { context: 'alpha', id: kept.id, resourceVersion: '42', dryRun: false },
    ]);
    wrapper.unmount();
  });
});
