// The GitOps engines' own CRDs (scripts/vendor-gitops-crds.ts says where each comes from, with its version), applied
// on both clusters by up.ts and again (idempotent) by the tests that read an owner object.
// Node built-ins only (up.ts runs this file directly).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Argo CD v2.14.11 Application, Flux kustomize-controller v1.7.3, helm-controller v1.4.3. */
export const gitopsCrdFiles = [
  'argocd-application.yaml',
  'flux-kustomization.yaml',
  'flux-helmrelease.yaml',
].map((file) => join(here, file));

export const gitopsCrdNames = [
  'applications.argoproj.io',
  'kustomizations.kustomize.toolkit.fluxcd.io',
  'helmreleases.helm.toolkit.fluxcd.io',
];

/** kubectl arguments that apply them (server-side: the Argo CRD is too big for client-side apply). */
export const applyGitopsCrdArgs = (): string[] => [
  'apply',
  '--server-side',
  '--force-conflicts',
  '--field-manager=pullkey-test-cluster',
  ...gitopsCrdFiles.flatMap((file) => ['-f', file]),
];

/** kubectl arguments that wait until the API server serves them. */
export const waitGitopsCrdArgs = (): string[] => [
  'wait',
  '--for=condition=Established',
  '--timeout=60s',
  ...gitopsCrdNames.map((name) => `crd/${name}`),
];
