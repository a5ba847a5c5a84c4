/**
 * "Copy the change for Git": the change a write makes to an owned workload, as its owner's source
 * takes it — a kustomize strategic-merge patch naming the object (Argo CD, Flux Kustomization,
 * Fleet, an operator), or the common Helm values and the rendered field path (Helm, Flux
 * HelmRelease).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { EngineOwner } from '@core/api/contract';
import { gitChange, renderedPath, splitImage } from '@core/ownership/git-change';

const owner = (engine: EngineOwner['engine'], source: string) =>
  ({ engine, engineName: engine, source }) as EngineOwner;
const argo = owner('argocd', 'application shop');
const helm = owner('helm', 'release team1/shop');
const fluxHelm = owner('flux-helm', 'HelmRelease flux-system/shop');

describe('the change for Git', () => {
  it('is a strategic-merge patch naming a StatefulSet, with every pull secret after the write', () => {
    const change = gitChange({ kind: 'StatefulSet', namespace: 'team1', name: 'db' }, argo, {
      type: 'pull-secrets',
      secrets: ['old', 'regcred'],
    });
    expect(change.format).toBe('strategic-merge-patch');
    expect(change.text).toMatch(/^# patch-statefulset-db\.yaml: a strategic-merge patch/);
    expect(change.text).toContain('#     - path: patch-statefulset-db.yaml');
    expect(parse(change.text)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'team1' },
      spec: {
        template: { spec: { imagePullSecrets: [{ name: 'old' }, { name: 'regcred' }] } },
      },
    });
  });

  it("sets a CronJob's image under its job template, merged by the container's name", () => {
    const change = gitChange(
      { kind: 'CronJob', namespace: 'team1', name: 'nightly' },
      owner('flux-kustomize', 'Kustomization flux-system/apps'),
      { type: 'image', container: 'job', image: 'reg:5000/team/job:1.1' },
    );
    expect(parse(change.text)).toMatchObject({
      apiVersion: 'batch/v1',
      spec: {
        jobTemplate: {
          spec: {
            template: { spec: { containers: [{ name: 'job', image: 'reg:5000/team/job:1.1' }] } },
          },
        },
      },
    });
  });

  it('names an init container in initContainers', () => {
    const change = gitChange({ kind: 'Deployment', namespace: 'n', name: 'w' }, argo, {
      type: 'image',
      container: 'setup',
      image: 'busybox:1.36',
      init: true,
    });
    expect(parse(change.text).spec.template.spec).toEqual({
      initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
    });
  });

  it("is Helm's common imagePullSecrets value and the rendered field path for a Helm release", () => {
    const change = gitChange({ kind: 'Deployment', namespace: 'team1', name: 'web' }, helm, {
      type: 'pull-secrets',
      secrets: ['regcred'],
    });
    expect(change.format).toBe('helm-values');
    expect(change.text).toContain('helm upgrade -f values.yaml');
    expect(parse(change.text)).toEqual({ imagePullSecrets: [{ name: 'regcred' }] });
    expect(change.text).toContain(
      '# It must render into Deployment web: spec.template.spec.imagePullSecrets',
    );
  });

  it("puts a HelmRelease's values under spec.values, with image.repository and image.tag", () => {
    const change = gitChange({ kind: 'Deployment', namespace: 'team1', name: 'web' }, fluxHelm, {
      type: 'image',
      container: 'app',
      image: 'reg:5000/team/web:2.0',
    });
    expect(parse(change.text)).toEqual({
      spec: { values: { image: { repository: 'reg:5000/team/web', tag: '2.0' } } },
    });
    expect(change.text).toContain('spec.template.spec.containers[name=app].image');
  });

  it('splits an image at its tag or digest, never at a registry port', () => {
    expect(splitImage('reg:5000/team/web')).toEqual({ repository: 'reg:5000/team/web' });
    expect(splitImage('web@sha256:abc')).toEqual({ repository: 'web', digest: 'sha256:abc' });
    expect(renderedPath('ServiceAccount', { type: 'pull-secrets', secrets: [] })).toBe(
      'imagePullSecrets',
    );
  });
});
