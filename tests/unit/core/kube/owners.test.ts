/**
 * The one controller-owner lookup: only the reference marked `controller: true` counts (an
 * owner without it — a garbage-collection owner — never does).
 */
import type { V1OwnerReference } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { controllerOf, controllerReference, controllerUid } from '@core/kube/owners';

const ref = (kind: string, name: string, controller?: boolean): V1OwnerReference => ({
  apiVersion: 'apps/v1',
  kind,
  name,
  uid: `uid-${name}`,
  ...(controller === undefined ? {} : { controller }),
});

describe('controller owner', () => {
  const references = [
    ref('ConfigMap', 'plain'),
    ref('Secret', 'no', false),
    ref('ReplicaSet', 'web-1', true),
  ];

  it('finds the controller among the owner references, by reference, kind/name and uid', () => {
    expect(controllerReference(references)).toEqual(ref('ReplicaSet', 'web-1', true));
    expect(controllerOf(references)).toEqual({ kind: 'ReplicaSet', name: 'web-1' });
    expect(controllerUid({ ownerReferences: references })).toBe('uid-web-1');
  });

  it('answers null when no reference is the controller, or there are none', () => {
    const owners = [ref('ConfigMap', 'plain'), ref('Secret', 'no', false)];
    expect(controllerReference(owners)).toBeNull();
    expect(controllerOf(owners)).toBeNull();
    expect(controllerUid({ ownerReferences: owners })).toBeNull();
    expect(controllerOf(undefined)).toBeNull();
    expect(controllerUid(undefined)).toBeNull();
    expect(controllerUid({})).toBeNull();
  });
});
