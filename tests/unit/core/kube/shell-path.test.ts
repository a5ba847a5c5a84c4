import { describe, expect, it } from 'vitest';
import { loginShellPath, mergePaths, parseShellOutput } from '@core/kube/shell-path';

describe('login shell PATH', () => {
  it('puts the login PATH first without duplicates', () => {
    expect(mergePaths('/opt/homebrew/bin:/usr/bin', '/usr/bin:/bin', ':')).toBe(
      '/opt/homebrew/bin:/usr/bin:/bin',
    );
  });

  it('ignores what start-up files print around the markers', () => {
    expect(parseShellOutput('Welcome!\n__PULLKEY_PATH__/a:/b__PULLKEY_PATH__')).toBe('/a:/b');
    expect(parseShellOutput('no markers')).toBeNull();
  });

  it('reads PATH from a real login shell', async () => {
    const result = await loginShellPath(
      { SHELL: '/bin/sh', PATH: '/custom/bin:/usr/bin:/bin', HOME: '/nonexistent' },
      'linux',
    );
    expect(result).toContain('/usr/bin');
  });

  it('gives up quietly when the shell does not exist', async () => {
    await expect(
      loginShellPath({ SHELL: '/no/such/shell', PATH: '' }, 'linux'),
    ).resolves.toBeNull();
  });
});
