/**
 * Renders build/icon.svg into the PNG icon set electron-builder uses (build/icon.png for
 * macOS/Windows conversion, build/icons/<size>x<size>.png for Linux), in Debian's Chromium.
 *   bash scripts/run.sh tsx scripts/render-icons.ts
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const svg = await readFile(path.join(root, 'build/icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.PULLKEY_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage();
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`)}</body></html>`,
  );
  const target =
    size === 1024
      ? path.join(root, 'build/icon.png')
      : path.join(root, `build/icons/${size}x${size}.png`);
  await page.screenshot({ path: target, omitBackground: true });
}
await browser.close();
