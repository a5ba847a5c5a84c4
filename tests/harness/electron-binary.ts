import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** ELECTRON_PATH, else the binary npm's electron package downloaded, else null. */
export function electronBinary(): string | null {
  if (process.env.ELECTRON_PATH) {
    return existsSync(process.env.ELECTRON_PATH) ? process.env.ELECTRON_PATH : null;
  }
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
