// Vendors the GitOps engines' own CRDs for the owner-reading tests (issue 20), from the module
// zips of the Go module proxy, with every `description` dropped (the schemas stay the engines'
// own; the descriptions are 90% of the bytes). Re-run after changing a version below:
//   GOFLAGS=-mod=mod go mod download -json <module>@<version>   (prints the module's Dir)
//   node tests/cluster/crds/vendor.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

export const sources = [
  ['github.com/argoproj/argo-cd/v2', 'v2.14.11', 'manifests/crds/application-crd.yaml', 'argocd-application.yaml'],
  ['github.com/fluxcd/kustomize-controller', 'v1.7.3', 'config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml', 'flux-kustomization.yaml'],
  ['github.com/fluxcd/helm-controller', 'v1.4.3', 'config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml', 'flux-helmrelease.yaml'],
];

const strip = (node) => {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object')
    return Object.fromEntries(
      Object.entries(node).filter(([key]) => key !== 'description').map(([key, value]) => [key, strip(value)]),
    );
  return node;
};

const here = dirname(fileURLToPath(import.meta.url));
for (const [module, version, path, out] of sources) {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod' },
      cwd: process.env.GOMODCACHE_WORKDIR ?? '/tmp',
    }),
  );
  const docs = parseAllDocuments(readFileSync(join(info.Dir, path), 'utf8')).map((doc) => doc.toJSON());
  const header = `# ${module}@${version} ${path}\n# vendored by tests/cluster/crds/vendor.mjs (descriptions dropped; schema unchanged)\n`;
  writeFileSync(join(here, out), header + docs.filter(Boolean).map((doc) => stringify(strip(doc))).join('---\n'));
}
