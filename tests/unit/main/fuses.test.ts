import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// What electron-builder flips in release builds (docs/security.md); a packaged build is needed
// to see the fuses themselves, so this checks the configuration it is built from.
describe('release builds harden Electron fuses', () => {
  it('electron-builder.yml turns off Node entry points and loads only the integrity-checked asar', () => {
    const config = parse(
      readFileSync(path.join(__dirname, '../../../electron-builder.yml'), 'utf8'),
    ) as { electronFuses?: Record<string, boolean> };
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
