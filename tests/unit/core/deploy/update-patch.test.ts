import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { WorkloadInput } from '@core/deploy/manifest';
import {
  applyFormToPodSpec,
  deploymentPatch,
  formContainer,
  podImagePatch,
  podUpdateKind,
  updatePreviewYaml,
  type PodSpecLike,
} from '@core/deploy/update-patch';

const seen = { uid: 'u-1', resourceVersion: '4711', container: 'web' };
const input = (extra: Partial<WorkloadInput> = {}): WorkloadInput => ({
  kind: 'Deployment',
  name: 'web',
  namespace: 'sandbox',
  image: 'localhost:5000/team/hello:1.1',
  pullSecrets: ['regcred'],
  ...extra,
});

// What `kubectl get pod -o yaml` shows for a pod a user made by hand: sidecar, volume,
// resources, probe, service account, and a pull secret of their own.
const userSpec = (): PodSpecLike => ({
  serviceAccountName: 'builder',
  volumes: [{ name: 'cache', emptyDir: {} }],
  imagePullSecrets: [{ name: 'theirs' }],
  containers: [
    {
      name: 'web',
      image: 'localhost:5000/team/hello:1.0',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
      env: [{ name: 'KEEP', value: 'yes' }],
      resources: { limits: { memory: '64Mi' } },
      readinessProbe: { httpGet: { path: '/', port: 8080 } },
      volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
    },
    { name: 'proxy', image: 'envoy:1', ports: [{ containerPort: 9901, protocol: 'TCP' }] },
  ],
});

describe('which container the form edits', () => {
  it('is the one named after the workload, else the first', () => {
    expect(formContainer([{ name: 'proxy' }, { name: 'web' }], 'web')).toBe('web');
    expect(formContainer([{ name: 'hello' }, { name: 'proxy' }], 'web')).toBe('hello');
    expect(formContainer([], 'web')).toBeNull();
  });
});

describe('the Deployment update patch', () => {
  it('names only the form fields, one container by name, and carries the resourceVersion', () => {
    expect(
      deploymentPatch(
        input({
          replicas: 2,
          imagePullPolicy: 'Always',
          ports: [{ containerPort: 8080 }],
          env: [{ name: 'MODE', value: 'prod' }],
        }),
        seen,
      ),
    ).toEqual({
      metadata: { resourceVersion: '4711' },
      spec: {
        replicas: 2,
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                image: 'localhost:5000/team/hello:1.1',
                imagePullPolicy: 'Always',
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
                env: [{ name: 'MODE', value: 'prod' }],
              },
            ],
            imagePullSecrets: [{ name: 'regcred' }],
          },
        },
      },
    });
  });

  it('has no selector, labels, annotations, volumes, resources or probes in it', () => {
    const text = JSON.stringify(deploymentPatch(input(), seen));
    for (const field of [
      'selector',
      'labels',
      'annotations',
      'volumes',
      'resources',
      'Probe',
      'serviceAccount',
    ])
      expect(text).not.toContain(field);
  });

  it('keeps the order of containers, env, ports and pull secrets: existing first, new last', () => {
    const spec = userSpec();
    const patch = deploymentPatch(
      input({ env: [{ name: 'MODE', value: 'prod' }], ports: [{ containerPort: 9090 }] }),
      seen,
      spec,
    );
    const template = patch.spec.template.spec as Record<string, unknown>;
    expect(template['$setElementOrder/containers']).toEqual([{ name: 'web' }, { name: 'proxy' }]);
    expect(template.imagePullSecrets).toEqual([{ name: 'theirs' }, { name: 'regcred' }]);
    expect((template.containers as Array<Record<string, unknown>>)[0]).toMatchObject({
      '$setElementOrder/env': [{ name: 'KEEP' }, { name: 'MODE' }],
      '$setElementOrder/ports': [{ containerPort: 8080 }, { containerPort: 9090 }],
    });
  });

  it('the preview YAML is exactly that patch', () => {
    const yaml = updatePreviewYaml(input(), seen);
    expect(yaml).toMatch(/^# strategic-merge patch of Deployment web \(field manager pullkey\)/);
    expect(parse(yaml)).toEqual(deploymentPatch(input(), seen));
  });
});

describe('a bare Pod update', () => {
  it('keeps everything the form does not own when the form is applied', () => {
    const next = applyFormToPodSpec(
      userSpec(),
      input({ kind: 'Pod', env: [{ name: 'MODE', value: 'prod' }] }),
      'web',
    );
    expect(next).toMatchObject({
      serviceAccountName: 'builder',
      volumes: [{ name: 'cache', emptyDir: {} }],
      imagePullSecrets: [{ name: 'theirs' }, { name: 'regcred' }],
    });
    expect(next.containers[0]).toMatchObject({
      image: 'localhost:5000/team/hello:1.1',
      resources: { limits: { memory: '64Mi' } },
      readinessProbe: { httpGet: { path: '/', port: 8080 } },
      ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
      env: [
        { name: 'KEEP', value: 'yes' },
        { name: 'MODE', value: 'prod' },
      ],
    });
    expect(next.containers[1]).toEqual(userSpec().containers[1]);
  });

  it('is an image patch when only the image changes, a replacement otherwise', () => {
    const spec = userSpec();
    const same = input({
      kind: 'Pod',
      image: 'localhost:5000/team/hello:1.0',
      pullSecrets: ['theirs'],
    });
    expect(podUpdateKind(spec, same, 'web')).toBe('unchanged');
    expect(podUpdateKind(spec, input({ kind: 'Pod', pullSecrets: ['theirs'] }), 'web')).toBe(
      'image',
    );
    expect(podUpdateKind(spec, input({ kind: 'Pod', pullSecrets: [] }), 'web')).toBe('image');
    // A new pull secret, env or pull policy cannot change in place.
    expect(podUpdateKind(spec, input({ kind: 'Pod' }), 'web')).toBe('replace');
    expect(
      podUpdateKind(
        spec,
        input({ kind: 'Pod', pullSecrets: [], imagePullPolicy: 'Always' }),
        'web',
      ),
    ).toBe('replace');
  });

  it('the image patch touches only the image of the named container', () => {
    expect(podImagePatch(input({ kind: 'Pod' }), seen)).toEqual({
      metadata: { resourceVersion: '4711' },
      spec: { containers: [{ name: 'web', image: 'localhost:5000/team/hello:1.1' }] },
    });
    expect(updatePreviewYaml(input({ kind: 'Pod' }), seen, userSpec(), 'replace')).toMatch(
      /dry-run create first[\s\S]*preconditions uid u-1, resourceVersion 4711/,
    );
  });
});
