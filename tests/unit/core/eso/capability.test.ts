/** What a context offers: discovery of external-secrets.io and the permissions asked. */
import { describe, expect, it } from 'vitest';
import { foldCapability, permissionQuestions } from '@core/eso/capability';

const now = new Date('2026-12-07T02:00:00Z');
const allowed = (yes: boolean) =>
  permissionQuestions('pullkey-system').map((q) => ({ ...q, allowed: yes }));

describe('foldCapability', () => {
  it('v1 served and every permission: ready and offered', () => {
    const c = foldCapability('alpha', { versions: ['v1', 'v1beta1'] }, allowed(true), now);
    expect(c).toMatchObject({ engine: 'ready', offered: true, missing: [] });
    expect(c.permissions.length).toBeGreaterThan(5);
  });

  it('only v1beta1: too old, naming the version', () => {
    const c = foldCapability('alpha', { versions: ['v1beta1'] }, [], now);
    expect(c.engine).toBe('too-old');
    expect(c.message).toContain('external-secrets.io/v1beta1');
    expect(c.offered).toBe(false);
  });

  it('no group: missing, with what it would give and the helm command', () => {
    const c = foldCapability('beta', { versions: null }, [], now);
    expect(c.engine).toBe('missing');
    expect(c.helmCommand).toMatch(
      /^helm repo add external-secrets .* helm install external-secrets /,
    );
    expect(c.benefit).toContain('namespaces created later');
  });

  it('a denied permission is named', () => {
    const answers = allowed(true);
    answers[0]!.allowed = false;
    const c = foldCapability('alpha', { versions: ['v1'] }, answers, now);
    expect(c.offered).toBe(false);
    expect(c.missing).toEqual(['create clustersecretstores.external-secrets.io (cluster-wide)']);
    expect(c.message).toContain('you may not create clustersecretstores');
  });

  it('discovery failing: unreachable, with the error', () => {
    const c = foldCapability('alpha', { versions: null, error: 'connection refused' }, [], now);
    expect(c).toMatchObject({ engine: 'unreachable', offered: false });
    expect(c.message).toContain('connection refused');
  });

  it('asks namespaced permissions in the source namespace', () => {
    const secrets = permissionQuestions('ops').filter((q) => q.resource === 'secrets');
    expect(secrets.every((q) => q.namespace === 'ops')).toBe(true);
  });
});
