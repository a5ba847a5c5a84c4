import { describe, expect, it } from 'vitest';
import { changedPaths, fingerprint, lastWriter } from '@core/deploy/changes';

const deployment = (image: string, extra: Record<string, unknown> = {}) => ({
  metadata: {
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '1' },
    managedFields: [
      { manager: 'kubectl-create', operation: 'Update', time: '2026-01-01T10:00:00Z' },
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        subresource: 'status',
        time: '2026-01-01T12:00:00Z',
      },
      { manager: 'kubectl-edit', operation: 'Update', time: '2026-01-01T11:00:00Z' },
    ],
  },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'web', image },
          { name: 'proxy', image: 'envoy' },
        ],
      },
    },
  },
  ...extra,
});

describe('what the user saw of a workload', () => {
  it('does not change with status, managedFields or the rollout revision', () => {
    const a = deployment('a:1');
    const b = {
      ...deployment('a:1'),
      status: { readyReplicas: 1 },
      metadata: {
        ...deployment('a:1').metadata,
        annotations: { 'deployment.kubernetes.io/revision': '2' },
        managedFields: [],
      },
    };
    expect(fingerprint(b)).toBe(fingerprint(a));
  });

  it('changes with the spec, the labels or the annotations', () => {
    const a = deployment('a:1');
    expect(fingerprint(deployment('a:2'))).not.toBe(fingerprint(a));
    expect(fingerprint({ ...a, metadata: { ...a.metadata, labels: { app: 'x' } } })).not.toBe(
      fingerprint(a),
    );
    expect(
      fingerprint({ ...a, metadata: { ...a.metadata, annotations: { owner: 'ops' } } }),
    ).not.toBe(fingerprint(a));
  });

  it('names the changed paths, list items by name', () => {
    expect(changedPaths(deployment('a:1').spec, deployment('a:2').spec, 'spec')).toEqual([
      'spec.template.spec.containers[web].image',
    ]);
    expect(changedPaths({ a: [1, 2] }, { a: [1, 2, 3] })).toEqual(['a']);
    expect(changedPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('the last writer is the newest non-status managedFields entry', () => {
    expect(lastWriter(deployment('a:1'))).toBe('kubectl-edit (Update) at 2026-01-01T11:00:00Z');
    expect(lastWriter({ metadata: {} })).toBeNull();
  });
});
