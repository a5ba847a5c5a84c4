/** Discovery of a group's served versions (kept 30 s per session) and the version to read in. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ESO_READ_VERSIONS } from '@core/eso/names';
import { firstServed, preferredVersion, servedVersions } from '@core/kube/group-versions';
import { discoverySession } from './discovery-session';

afterEach(() => vi.useRealTimers());

describe('firstServed', () => {
  it.each([
    [['v1', 'v1beta1'], 'v1'],
    [['v1beta1', 'v1alpha1'], 'v1beta1'],
    [['v1alpha1'], null],
    [null, null],
  ])('%j → %s (ESO read order)', (served, expected) => {
    expect(firstServed(served, ESO_READ_VERSIONS)).toBe(expected);
  });
});

describe('preferredVersion / servedVersions', () => {
  it('ESO 0.20 (v1 and v1beta1) → v1; ESO 0.16 (v1beta1 only) → v1beta1', async () => {
    const new_ = discoverySession({ 'external-secrets.io': ['v1', 'v1beta1'] }).session;
    const old = discoverySession({ 'external-secrets.io': ['v1beta1', 'v1alpha1'] }).session;
    expect(await preferredVersion(new_, 'external-secrets.io', ESO_READ_VERSIONS, 'v1')).toBe('v1');
    expect(await preferredVersion(old, 'external-secrets.io', ESO_READ_VERSIONS, 'v1')).toBe(
      'v1beta1',
    );
  });

  it('not served, or discovery failing → the fallback', async () => {
    const none = discoverySession({ apps: ['v1'] }).session;
    const failing = discoverySession(new Error('discovery refused')).session;
    expect(await servedVersions(none, 'external-secrets.io')).toBeNull();
    expect(await preferredVersion(none, 'external-secrets.io', ESO_READ_VERSIONS, 'v1')).toBe('v1');
    expect(await preferredVersion(failing, 'external-secrets.io', ESO_READ_VERSIONS, 'v1')).toBe(
      'v1',
    );
  });

  it('asks once per 30 s per session; a failure is not kept', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { session, asked } = discoverySession({ 'external-secrets.io': ['v1'] });
    await servedVersions(session, 'external-secrets.io');
    await servedVersions(session, 'external-secrets.io');
    expect(asked.count).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await servedVersions(session, 'external-secrets.io');
    expect(asked.count).toBe(2);
    const failing = discoverySession(new Error('down'));
    await expect(servedVersions(failing.session, 'x')).rejects.toThrow('down');
    await expect(servedVersions(failing.session, 'x')).rejects.toThrow('down');
    expect(failing.asked.count).toBe(2);
  });
});
