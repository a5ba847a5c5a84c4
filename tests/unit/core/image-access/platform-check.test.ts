import { describe, expect, it } from 'vitest';
import type { V1Node } from '@kubernetes/client-node';
import { platformFinding, schedulableNodes } from '@core/image-access/platform-check';

const node = (arch: string, extra: Partial<NonNullable<V1Node['spec']>> = {}): V1Node => ({
  metadata: {
    name: `n-${arch}`,
    labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch },
  },
  spec: extra,
});
const armTainted = node('arm64', {
  taints: [{ key: 'pullkey.dev/arch', value: 'arm64', effect: 'NoSchedule' }],
});

describe('deploy preflight: platform', () => {
  it('says nothing when the image fits every node the pod can land on', () => {
    expect(platformFinding('x/y:1', ['linux/amd64'], [node('amd64'), armTainted])).toBeNull();
    expect(platformFinding('x/y:1', null, [node('amd64')])).toBeNull();
    expect(platformFinding('x/y:1', ['linux/amd64'], [])).toBeNull();
  });

  it('fails when no schedulable node has a matching variant', () => {
    const check = platformFinding(
      'r/multi/hello:s390x',
      ['linux/ppc64le', 'linux/s390x'],
      [node('amd64'), armTainted],
    );
    expect(check).toEqual({
      id: 'platform',
      status: 'fail',
      message:
        'no node can run it: r/multi/hello:s390x offers linux/ppc64le, linux/s390x; the nodes are linux/amd64 (the kubelet will report "no match for platform in manifest")',
    });
  });

  it('warns when some nodes lack a variant', () => {
    const check = platformFinding('r/a:1', ['linux/amd64'], [node('amd64'), node('arm64')]);
    expect(check?.status).toBe('warn');
    expect(check?.message).toContain('nothing for linux/arm64');
  });

  it('tainted and cordoned nodes are not targets', () => {
    expect(
      schedulableNodes([node('amd64'), armTainted, node('s390x', { unschedulable: true })]).map(
        (item) => item.metadata?.name,
      ),
    ).toEqual(['n-amd64']);
  });
});
