import { describe, expect, it } from 'vitest';
import { firstRunKind } from '@renderer/features/first-run/logic/state';

const base = {
  loaded: true,
  contexts: [],
  files: ['/home/me/.kube/config'],
  missingFiles: [],
  problems: [],
  reachable: {},
};

describe('first-run screen', () => {
  it('tells no kubeconfig, an empty one and only unreachable clusters apart', () => {
    expect(firstRunKind({ ...base, missingFiles: ['/home/me/.kube/config'] })).toBe(
      'no-kubeconfig',
    );
    expect(firstRunKind(base)).toBe('empty');
    // A file that exists but cannot be read is not "no kubeconfig": its problem is shown.
    expect(
      firstRunKind({ ...base, missingFiles: base.files, problems: [{ file: 'x', message: 'y' }] }),
    ).toBe('empty');
    const contexts = [{ name: 'a' }, { name: 'b' }];
    expect(firstRunKind({ ...base, contexts, reachable: { a: false, b: false } })).toBe(
      'unreachable',
    );
  });

  it('shows nothing before loading, while a context is unchecked, or when one answers', () => {
    expect(firstRunKind({ ...base, loaded: false })).toBeNull();
    const contexts = [{ name: 'a' }, { name: 'b' }];
    expect(firstRunKind({ ...base, contexts, reachable: { a: false } })).toBeNull();
    expect(firstRunKind({ ...base, contexts, reachable: { a: false, b: true } })).toBeNull();
  });
});
