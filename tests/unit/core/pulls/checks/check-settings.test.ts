import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCheckSettings } from '@core/pulls/checks/check-settings';
import { createSettingsStore } from '@core/settings/store';

describe('the automatic credential checks, per context', () => {
  it('are on (loopback registries left out) until the user turns them off, for that context only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pullkey-checks-'));
    const checks = createCheckSettings(createSettingsStore(dir));
    await expect(checks.read('alpha')).resolves.toEqual({
      automatic: true,
      localRegistries: false,
    });
    await checks.update('alpha', { automatic: false });
    await checks.update('kind-dev', { localRegistries: true, automatic: undefined });
    // Kept in the settings file: a new process reads the same choice.
    const again = createCheckSettings(createSettingsStore(dir));
    await expect(again.read('alpha')).resolves.toEqual({
      automatic: false,
      localRegistries: false,
    });
    await expect(again.read('kind-dev')).resolves.toEqual({
      automatic: true,
      localRegistries: true,
    });
    await expect(again.read('beta')).resolves.toEqual({ automatic: true, localRegistries: false });
    await again.update('alpha', { localRegistries: true });
    await expect(again.read('alpha')).resolves.toEqual({ automatic: false, localRegistries: true });
  });

  it('stay off when the settings cannot be read (the user may have turned them off)', async () => {
    const broken = {
      file: '/nowhere',
      read: () => Promise.reject(new Error('EACCES')),
      update: () => Promise.reject(new Error('EACCES')),
    };
    await expect(createCheckSettings(broken).read('alpha')).resolves.toEqual({
      automatic: false,
      localRegistries: false,
    });
  });
});
