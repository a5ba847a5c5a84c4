import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../../..');

/** ELECTRON_PATH, else the binary npm's electron package downloaded, else null. */
function electronBinary(): string | null {
  if (process.env.ELECTRON_PATH)
    return existsSync(process.env.ELECTRON_PATH) ? process.env.ELECTRON_PATH : null;
  try {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const skipReason =
  'no Electron binary on this machine (set ELECTRON_PATH or let npm download electron/dist); the packaged-app smoke test needs one';

test('packaged app: window opens with the shell and the contexts', async () => {
  if (!binary) console.log(`electron smoke skipped: ${skipReason}`);
  test.skip(!binary, skipReason);
  const app = await electron.launch({
    executablePath: binary!,
    args: [root],
    env: {
      ...process.env,
      KUBECONFIG: path.join(root, 'tests/fixtures/kubeconfig-two.yaml'),
    } as Record<string, string>,
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Clusters' })).toBeVisible();
  await expect(window.getByTestId('current-context')).toContainText('alpha');
  const isolated = await window.evaluate(
    () => typeof (window as unknown as { require?: unknown }).require === 'undefined',
  );
  expect(isolated).toBe(true);
  await window.screenshot({ path: test.info().outputPath('electron-shell.png') });
  await app.close();
});
