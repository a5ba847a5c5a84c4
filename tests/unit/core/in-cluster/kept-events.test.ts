/**
 * ESO's Events in a kept registry's "what is wrong": read only for rows not all kept (the CES and
 * a few failing ExternalSecrets, by field selector), Warning only, newest first, masked, a few.
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  KEPT_EVENTS_MAX,
  eventSelector,
  eventTargets,
  keptEvents,
  withKeptEvents,
} from '@core/in-cluster/kept-events';
import { keptNamespace, keptRegistry } from '../../renderer/features/in-cluster/in-cluster-fakes';

const event = (
  at: string,
  over: Partial<CoreV1Event> = {},
  involved: CoreV1Event['involvedObject'] = { kind: 'ClusterExternalSecret', name: 'ces1' },
): CoreV1Event => ({
  metadata: { name: `e-${at}` },
  involvedObject: involved,
  type: 'Warning',
  reason: 'UpdateFailed',
  message: 'failed',
  lastTimestamp: new Date(at),
  ...over,
});

describe('eventTargets', () => {
  it('an all-kept row reads nothing', () => {
    expect(eventTargets(keptRegistry([keptNamespace('a')]), () => 'regcred')).toEqual([]);
  });

  it('a row not all kept reads its CES (in default) and its failing ExternalSecrets, a few', () => {
    const failing = ['b', 'c', 'd', 'e'].map((ns) => keptNamespace(ns, { state: 'failing' }));
    const row = keptRegistry([
      keptNamespace('a'),
      ...failing,
      keptNamespace('w', { state: 'waiting' }),
    ]);
    const targets = eventTargets(row, (ns) => (ns === 'c' ? undefined : `regcred-${ns}`));
    expect(targets).toEqual([
      { namespace: 'default', kind: 'ClusterExternalSecret', name: 'pullkey-p-regcred' },
      { namespace: 'b', kind: 'ExternalSecret', name: 'regcred-b' },
      { namespace: 'd', kind: 'ExternalSecret', name: 'regcred-d' },
      { namespace: 'e', kind: 'ExternalSecret', name: 'regcred-e' },
    ]);
    expect(eventSelector(targets[1]!)).toBe(
      'involvedObject.kind=ExternalSecret,involvedObject.name=regcred-b',
    );
  });
});

describe('keptEvents', () => {
  it('Warning only, newest first, at most a few, messages masked', () => {
    const events = [
      event('2026-12-07T02:00:00Z'),
      event('2026-12-07T02:03:00Z', { type: 'Normal', reason: 'Updated' }),
      event(
        '2026-12-07T02:02:00Z',
        {
          reason: 'UpdateFailed',
          message: 'could not get secret: Get "https://bob:hunter2@vault:8200/": refused',
        },
        { kind: 'ExternalSecret', namespace: 'b', name: 'regcred' },
      ),
      event('2026-12-07T02:01:00Z'),
      event('2026-12-07T01:00:00Z'),
    ];
    const kept = keptEvents(events);
    expect(kept).toHaveLength(KEPT_EVENTS_MAX);
    expect(kept.map((each) => each.at)).toEqual([
      '2026-12-07T02:02:00.000Z',
      '2026-12-07T02:01:00.000Z',
      '2026-12-07T02:00:00.000Z',
    ]);
    expect(kept[0]!.object).toBe('ExternalSecret b/regcred');
    expect(kept[1]!.object).toBe('ClusterExternalSecret/ces1');
    expect(kept[0]!.message).not.toContain('hunter2');
    expect(kept[0]!.message).toContain('could not get secret');
  });
});

describe('withKeptEvents', () => {
  const read = { items: keptEvents([event('2026-12-07T02:00:00Z')]) };
  it('a row not all kept carries what was read; an all-kept row or nothing read: none', () => {
    const failing = keptRegistry([keptNamespace('a', { state: 'failing' })]);
    expect(withKeptEvents(failing, read).events).toEqual(read);
    expect(withKeptEvents(failing, { unread: 'events not readable' }).events).toEqual({
      unread: 'events not readable',
    });
    expect(withKeptEvents(failing, undefined)).not.toHaveProperty('events');
    expect(withKeptEvents(keptRegistry([keptNamespace('a')]), read)).not.toHaveProperty('events');
  });
});
