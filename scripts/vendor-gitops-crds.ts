/**
 * Vendors the GitOps engines' own CRDs into tests/cluster/crds (issue 20: the owner-reading tests
 * read an Argo CD Application and Flux Kustomizations/HelmReleases of the engines' real schemas),
 * from the module zips of the Go module proxy, with every `description` dropped (the schemas stay
 * the engines' own; descriptions are most of the bytes). Needs Go and the module proxy:
 *   node scripts/vendor-gitops-crds.ts
 * (runs `GOFLAGS=-mod=mod go mod download -json <module>@<version>` for each source below).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

const sources: Array<[module: string, version: string, file: string, out: string]> = [
  [
    'github.com/argoproj/argo-cd/v2',
    'v2.14.11',
    'manifests/crds/application-crd.yaml',
    'argocd-application.yaml',
  ],
  [
    'github.com/fluxcd/kustomize-controller',
    'v1.7.3',
    'config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
    'flux-kustomization.yaml',
  ],
  [
    'github.com/fluxcd/helm-controller',
    'v1.4.3',
    'config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml',
    'flux-helmrelease.yaml',
  ],
];

const strip = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object')
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== 'description')
        .map(([key, value]) => [key, strip(value)]),
    );
  return node;
};

const into = path.resolve(import.meta.dirname, '../tests/cluster/crds');
// `go mod download` of a module outside any module: run it in an empty one.
const work = mkdtempSync(path.join(tmpdir(), 'pk-crds-'));
execFileSync('go', ['mod', 'init', 'crds'], { cwd: work, stdio: 'ignore' });
for (const [module, version, file, out] of sources) {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
      encoding: 'utf8',
      cwd: work,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    }),
  ) as { Dir: string };
  const docs = parseAllDocuments(readFileSync(path.join(info.Dir, file), 'utf8'))
    .map((doc) => doc.toJSON() as unknown)
    .filter(Boolean);
  const header = `# ${module}@${version} ${file}\n# vendored by scripts/vendor-gitops-crds.ts (descriptions dropped; schema unchanged)\n`;
  writeFileSync(
    path.join(into, out),
    header + docs.map((doc) => stringify(strip(doc))).join('---\n'),
  );
  console.log(`${out}: ${module}@${version} ${file}`);
}
