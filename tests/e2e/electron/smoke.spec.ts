import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../harness/electron-binary';

const root = path.resolve(import.meta.dirname, '../../..');

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
    },
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
