import { describe, expect, it } from 'vitest';
import { currentValues, valueAt } from '@core/pulls/fixes/patch-current';

const deployment = {
  metadata: { resourceVersion: '7', annotations: { 'a/b~c': 'x' } },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'r/a:1' }] } } },
};

describe('the current values at a JSON patch’s paths', () => {
  it('follows RFC 6901 pointers through objects and arrays (escapes included)', () => {
    expect(valueAt(deployment, '/spec/template/spec/containers/0/image')).toBe('r/a:1');
    expect(valueAt(deployment, '/metadata/annotations/a~1b~0c')).toBe('x');
    expect(valueAt(deployment, '/spec/template/spec/containers/3/image')).toBeUndefined();
    expect(valueAt(deployment, '/metadata/resourceVersion/deeper')).toBeUndefined();
  });

  it('reads the paths written, not those only tested, and omits paths that do not exist', () => {
    expect(
      currentValues(deployment, [
        { op: 'test', path: '/metadata/resourceVersion', value: '7' },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'r/a:2' },
        { op: 'add', path: '/spec/template/spec/imagePullSecrets', value: [] },
      ]),
    ).toEqual({ '/spec/template/spec/containers/0/image': 'r/a:1' });
  });
});
