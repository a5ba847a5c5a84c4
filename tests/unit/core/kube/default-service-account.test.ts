import { describe, expect, it } from 'vitest';
import {
  accountPullSecretNames,
  setDefaultAccountPullSecret,
  togglePullSecret,
} from '@core/kube/default-service-account';
import type { KubeSession } from '@core/kube/session';

describe('default ServiceAccount imagePullSecrets (pure)', () => {
  it('adds a secret at the end once, removes it, and leaves the others in order', () => {
    expect(togglePullSecret(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(togglePullSecret(['a', 'c', 'b'], 'c', true)).toEqual(['a', 'c', 'b']);
    expect(togglePullSecret(['a', 'c', 'b'], 'c', false)).toEqual(['a', 'b']);
    expect(togglePullSecret(['a'], 'c', false)).toEqual(['a']);
  });

  it('reads the names an account lists, none for an unreadable account', () => {
    expect(accountPullSecretNames({ imagePullSecrets: [{ name: 'x' }, { name: 'y' }] })).toEqual([
      'x',
      'y',
    ]);
    expect(accountPullSecretNames(null)).toEqual([]);
  });
});

describe('default ServiceAccount imagePullSecrets: a previewed write', () => {
  function fakeSession() {
    const account = { metadata: { resourceVersion: '12' }, imagePullSecrets: [{ name: 'a' }] };
    const patches: unknown[] = [];
    const session = {
      call: <T>(request: () => Promise<T>) => request(),
      core: {
        readNamespacedServiceAccount: () => Promise.resolve(account),
        patchNamespacedServiceAccount: ({ body }: { body: unknown }) => {
          patches.push(body);
          return Promise.resolve({ metadata: { resourceVersion: '13' } });
        },
      },
    } as unknown as KubeSession;
    return { session, patches };
  }

  it('the dry run answers the patch and the version read; the write, the version written', async () => {
    const { session, patches } = fakeSession();
    const preview = await setDefaultAccountPullSecret(session, 'shop', 'b', true, { dryRun: true });
    expect(preview).toMatchObject({
      imagePullSecrets: ['a', 'b'],
      written: false,
      resourceVersion: '12',
    });
    expect(preview.preview).toContain('"resourceVersion": "12"');
    expect(patches).toEqual([]);
    const written = await setDefaultAccountPullSecret(session, 'shop', 'b', true, {
      resourceVersion: '12',
    });
    expect(written).toMatchObject({
      imagePullSecrets: ['a', 'b'],
      written: true,
      resourceVersion: '13',
    });
    expect(patches).toEqual([
      { metadata: { resourceVersion: '12' }, imagePullSecrets: [{ name: 'a' }, { name: 'b' }] },
    ]);
  });

  it('refuses a version that is not the current one; nothing to change writes nothing', async () => {
    const { session, patches } = fakeSession();
    await expect(
      setDefaultAccountPullSecret(session, 'shop', 'b', true, { resourceVersion: '11' }),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    await expect(setDefaultAccountPullSecret(session, 'shop', 'a', true)).resolves.toMatchObject({
      written: false,
      imagePullSecrets: ['a'],
    });
    expect(patches).toEqual([]);
  });
});
