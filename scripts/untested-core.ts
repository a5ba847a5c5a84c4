/**
 * Lists the core modules (electron/core/**\/*.ts) that no unit test imports directly: the
 * `@core/…` and relative imports of tests/unit are resolved to files and compared with the tree.
 * Usage: `npx tsx scripts/untested-core.ts` (prints the count, then one module a line).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const core = path.join(root, 'electron/core');

function files(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return files(file, keep);
    return keep(file) ? [file] : [];
  });
}

/** The file an import names: `x`, `x.ts` or `x/index.ts`. */
function resolved(spec: string, from: string): string | undefined {
  const base = spec.startsWith('@core/')
    ? path.join(core, spec.slice('@core/'.length))
    : spec.startsWith('.')
      ? path.resolve(path.dirname(from), spec)
      : undefined;
  if (!base) return undefined;
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find(
    (candidate) => candidate.endsWith('.ts') && statSync(candidate, { throwIfNoEntry: false }),
  );
}

const modules = files(core, (file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
const tests = files(path.join(root, 'tests/unit'), (file) => /\.(ts|mts)$/.test(file));
const imported = new Set<string>();
for (const test of tests) {
  const text = readFileSync(test, 'utf8');
  for (const match of text.matchAll(/(?:from|import\(|vi\.mock\()\s*['"]([^'"]+)['"]/g)) {
    const file = resolved(match[1]!, test);
    if (file) imported.add(file);
  }
}
const untested = modules
  .filter((file) => !imported.has(file))
  .map((file) => path.relative(root, file));
console.log(`${untested.length} of ${modules.length} core modules imported by no unit test`);
for (const file of untested.sort()) console.log(file);
