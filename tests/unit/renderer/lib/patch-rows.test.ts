/**
 * A fix's JSON patch shown as a before/after of the fields it writes (the raw patch stays behind
 * a toggle), its `test` operations as the conditions of the write.
 */
import { describe, expect, it } from 'vitest';
import type { PullPatchOp } from '@core/api/contract';
import { fieldLabel, readPatch } from '@renderer/lib/patch-rows';

describe('readPatch', () => {
  it("reads set-image's patch as the container's image before and after, under two conditions", () => {
    const ops: PullPatchOp[] = [
      { op: 'test', path: '/metadata/resourceVersion', value: '4711' },
      { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'app' },
      { op: 'replace', path: '/spec/template/spec/containers/1/image', value: 'r.example/a:1.1' },
    ];
    const current = { '/spec/template/spec/containers/1/image': 'r.example/a:9.9' };
    expect(readPatch(ops, current)).toEqual({
      changes: [
        { field: 'container app: image', before: 'r.example/a:9.9', after: 'r.example/a:1.1' },
      ],
      conditions: [
        { field: 'resourceVersion', value: '4711' },
        { field: 'container app: name', value: 'app' },
      ],
    });
  });

  it("names a CronJob's init container and shows added, removed and non-text values", () => {
    const base = '/spec/jobTemplate/spec/template/spec';
    const ops: PullPatchOp[] = [
      { op: 'replace', path: `${base}/initContainers/0/image`, value: 'busybox:1.36' },
      { op: 'add', path: `${base}/imagePullSecrets`, value: [{ name: 'regcred' }] },
      { op: 'remove', path: '/metadata/annotations/a~1b' },
    ];
    const current = {
      [`${base}/initContainers/0/name`]: 'setup',
      [`${base}/initContainers/0/image`]: 'busybox:1.35',
      '/metadata/annotations/a~1b': 'x',
    };
    expect(readPatch(ops, current).changes).toEqual([
      { field: 'init container setup: image', before: 'busybox:1.35', after: 'busybox:1.36' },
      { field: 'imagePullSecrets', before: '(not set)', after: '[{"name":"regcred"}]' },
      { field: 'metadata.annotations.a/b', before: 'x', after: '(removed)' },
    ]);
  });

  it('numbers a container whose name it does not know from one', () => {
    expect(fieldLabel('/spec/template/spec/containers/2/image', [], {})).toBe(
      'container #3: image',
    );
  });
});
