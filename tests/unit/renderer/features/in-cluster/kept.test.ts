/** The words of a kept registry: badge, headline with "refreshed … ago", and what is wrong. */
import { describe, expect, it } from 'vitest';
import {
  ago,
  keptBadge,
  keptFor,
  keptHeadline,
  keptEventLines,
  keptProblems,
  offerOf,
} from '@renderer/features/in-cluster/logic/kept';
import { regcredIn, registryCopy, registryGroup } from '../registries/registry-fakes';
import {
  T0,
  capability,
  inClusterView,
  iso,
  keptNamespace,
  keptIn,
  keptRegistry,
} from './in-cluster-fakes';

describe('ago', () => {
  it.each([
    [-10_000, 'just now'],
    [5_000, 'just now'],
    [-60_000, '1 min ago'],
    [-12 * 60_000, '12 min ago'],
    [-3 * 3_600_000, '3 h ago'],
    [-72 * 3_600_000, '3 d ago'],
  ])('%i ms → %s', (offset, words) => expect(ago(iso(offset), T0)).toBe(words));
});

describe('a kept registry in words', () => {
  const all = ['a', 'b', 'c'].map((each) => keptNamespace(each));

  it('all kept: "12/12 kept" and the summary with how long ago ESO refreshed', () => {
    const kept = keptRegistry(all);
    expect(keptBadge(kept)).toEqual({ label: '3/3 kept', tone: 'success' });
    expect(keptHeadline(kept, T0)).toEqual({
      text: 'Kept by External Secrets — 3/3 namespaces, refreshed 1 min ago',
      tone: 'success',
    });
    expect(keptProblems(kept, T0)).toEqual([]);
  });

  it('failing: the CES failures, ExternalSecrets not Ready and the store, one line each', () => {
    const kept = keptRegistry(
      [
        keptNamespace('a'),
        keptNamespace('b', {
          state: 'failing',
          reason: 'SecretSyncedError',
          message: 'could not get secret data from provider',
        }),
        keptNamespace('c', { state: 'no-secret' }),
        keptNamespace('d', { state: 'not-created', reason: 'x', message: 'y' }),
        keptNamespace('e', { state: 'waiting', reason: null, message: null }),
      ],
      {
        state: 'failing',
        summary: 'External Secrets keeps 1/5 namespaces',
        failedNamespaces: [{ namespace: 'd', reason: 'an ExternalSecret named regcred exists' }],
        store: {
          name: 'pullkey-p',
          ready: false,
          reason: 'InvalidProviderConfig',
          message: 'no token',
        },
      },
    );
    expect(keptBadge(kept)).toEqual({ label: '1/5 kept · failing', tone: 'danger' });
    expect(keptProblems(kept, T0)).toEqual([
      'Store pullkey-p not Ready (InvalidProviderConfig: no token)',
      'd: an ExternalSecret named regcred exists',
      'b: ExternalSecret not Ready (SecretSyncedError: could not get secret data from provider)',
      'c: ExternalSecret Ready but the secret is not there',
      'e: waiting for External Secrets to write the copy',
    ]);
  });

  it('not reconciling is a state of its own, said without a refresh time', () => {
    const kept = keptRegistry([keptNamespace('a', { state: 'waiting' })], {
      state: 'not-reconciling',
      summary: 'Engine not reconciling',
      writtenAt: iso(-2 * 60_000),
    });
    expect(keptBadge(kept)).toEqual({ label: 'Engine not reconciling', tone: 'warn' });
    expect(keptHeadline(kept, T0).text).toBe('Engine not reconciling');
    expect(keptProblems(kept, T0)[0]).toMatch(
      /^No status from External Secrets since it was written 2 min ago: the operator is not running/,
    );
  });
});

describe('keptFor', () => {
  const view = inClusterView([keptIn('a')]);
  it('matches by name and project', () => {
    const group = regcredIn('a');
    expect(keptFor(view, group)?.id).toBe('pullkey-p-regcred');
    const other = registryGroup([registryCopy('a')], {
      scope: { kind: 'project', project: 'p', projectKind: 'rancher' },
    });
    expect(keptFor(view, other)).toBeNull();
    const single = registryGroup([registryCopy('a')], {
      scope: { kind: 'namespace', namespace: 'a' },
    });
    expect(keptFor(view, single)).toBeNull();
    expect(keptFor(null, group)).toBeNull();
  });
});

describe('offerOf', () => {
  it.each([
    [capability(), 'offered'],
    [capability({ engine: 'missing', offered: false }), 'missing'],
    [capability({ engine: 'too-old', offered: false }), 'too-old'],
    [capability({ offered: false, missing: ['create clustersecretstores'] }), 'forbidden'],
    [capability({ engine: 'unreachable', offered: false }), 'unreachable'],
  ])('%#', (given, offer) => expect(offerOf(given)).toBe(offer));
});

describe('keptEventLines', () => {
  const failing = keptRegistry([keptNamespace('a', { state: 'failing' })]);
  it("ESO's Warning Events of a row not all kept, one line each, with how long ago", () => {
    const kept = {
      ...failing,
      events: {
        items: [
          {
            at: iso(-120_000),
            object: 'ExternalSecret a/regcred',
            reason: 'UpdateFailed',
            message: 'could not get secret data from provider',
          },
          {
            at: '',
            object: 'ClusterExternalSecret/pullkey-p-regcred',
            reason: 'Failed',
            message: 'x',
          },
        ],
      },
    };
    expect(keptEventLines(kept, T0)).toEqual([
      'ExternalSecret a/regcred — UpdateFailed: could not get secret data from provider (2 min ago)',
      'ClusterExternalSecret/pullkey-p-regcred — Failed: x',
    ]);
  });

  it('events not readable is said; an all-kept row or none read says nothing', () => {
    expect(
      keptEventLines({ ...failing, events: { unread: 'events not readable: forbidden' } }, T0),
    ).toEqual(['Events not readable: forbidden']);
    expect(keptEventLines(failing, T0)).toEqual([]);
    const allKept = keptIn('a');
    expect(keptEventLines({ ...allKept, events: { items: [] } }, T0)).toEqual([]);
  });
});
