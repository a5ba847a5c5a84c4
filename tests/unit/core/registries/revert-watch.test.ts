/**
 * The revert report: a copy an engine keeps whose data goes A → B → A on the watch was put back
 * by that engine; a plain secret, a first sight, a new value, a re-created copy are not.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { createRevertWatch } from '@core/registries/revert-watch';

const reflector = { 'reflector.v1.k8s.emberstack.com/reflects': 'shared/regcred' };
const secret = (
  value: string,
  uid = 'u1',
  annotations: Record<string, string> = reflector,
): V1Secret => ({
  metadata: { namespace: 'team1', name: 'regcred', uid, annotations },
  data: { '.dockerconfigjson': Buffer.from(value).toString('base64') },
});
const at = new Date('2026-12-07T12:03:15Z');

function watched(values: V1Secret[]) {
  const watch = createRevertWatch(() => at);
  for (const object of values) watch.observe({ type: 'upserted', object });
  return watch;
}

describe('revert watch', () => {
  it('A → B → A on an engine copy: put back by the engine, at the time seen', () => {
    const watch = watched([secret('A'), secret('B'), secret('A')]);
    expect(watch.putBackOf('team1', 'regcred')).toEqual({
      engineName: 'Reflector',
      at: '2026-12-07T12:03:15.000Z',
    });
  });

  it.each([
    ['a new value (A → B)', [secret('A'), secret('B')]],
    ['the same object again (relist)', [secret('A'), secret('A')]],
    ['a new value twice (A → B → C)', [secret('A'), secret('B'), secret('C')]],
    ['a plain secret', [secret('A', 'u1', {}), secret('B', 'u1', {}), secret('A', 'u1', {})]],
    ['a re-created copy (new uid)', [secret('A'), secret('B'), secret('A', 'u2')]],
  ])('not a revert: %s', (_label, values) => {
    expect(watched(values).putBackOf('team1', 'regcred')).toBeNull();
  });

  it('a deleted copy forgets its report', () => {
    const watch = watched([secret('A'), secret('B'), secret('A')]);
    watch.observe({ type: 'deleted', object: secret('A') });
    expect(watch.putBackOf('team1', 'regcred')).toBeNull();
  });
});
