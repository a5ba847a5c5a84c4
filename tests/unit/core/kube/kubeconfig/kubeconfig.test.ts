import { describe, expect, it } from 'vitest';
import { mergeKubeconfigs } from '@core/kube/kubeconfig/merge';
import { KubeconfigParseError, parseKubeconfig } from '@core/kube/kubeconfig/parse';
import { kubeconfigPaths } from '@core/kube/kubeconfig/paths';
import { pickSelectedContext, summarizeContexts } from '@core/kube/kubeconfig/summary';

const fileA = `
current-context: a1
clusters:
  - name: shared
    cluster: { server: https://a.example:6443, certificate-authority: certs/ca.crt }
users:
  - name: u
    user:
      client-certificate: u.crt
      client-key: /abs/u.key
      exec: { command: ./bin/plugin, apiVersion: client.authentication.k8s.io/v1 }
contexts:
  - name: a1
    context: { cluster: shared, user: u, namespace: team1-dev }
  - name: dup
    context: { cluster: shared, user: u }
`;
const fileB = `
current-context: b1
clusters:
  - name: shared
    cluster: { server: https://b.example:6443 }
contexts:
  - name: b1
    context: { cluster: shared, user: u }
  - name: dup
    context: { cluster: other, user: u }
`;

describe('kubeconfigPaths', () => {
  it('uses the KUBECONFIG list in order, skipping empty and repeated entries', () => {
    expect(kubeconfigPaths({ kubeconfigEnv: '/a::/b:/a', home: '/h', platform: 'linux' })).toEqual([
      '/a',
      '/b',
    ]);
  });
  it('splits on ; on Windows', () => {
    expect(
      kubeconfigPaths({ kubeconfigEnv: 'C:\\a;C:\\b', home: 'C:\\h', platform: 'win32' }),
    ).toEqual(['C:\\a', 'C:\\b']);
  });
  it('falls back to ~/.kube/config', () => {
    expect(kubeconfigPaths({ kubeconfigEnv: '', home: '/h', platform: 'darwin' })).toEqual([
      '/h/.kube/config',
    ]);
  });
});

describe('parseKubeconfig', () => {
  it('resolves relative file references against the file folder', () => {
    const parsed = parseKubeconfig(fileA, '/cfg/a.yaml');
    expect(parsed.clusters[0]?.cluster?.['certificate-authority']).toBe('/cfg/certs/ca.crt');
    expect(parsed.users[0]?.user?.['client-certificate']).toBe('/cfg/u.crt');
    expect(parsed.users[0]?.user?.['client-key']).toBe('/abs/u.key');
    expect(parsed.users[0]?.user?.exec?.command).toBe('/cfg/bin/plugin');
  });

  it('leaves a bare exec command to PATH lookup', () => {
    const parsed = parseKubeconfig(
      'users: [{ name: u, user: { exec: { command: aws } } }]',
      '/cfg/a.yaml',
    );
    expect(parsed.users[0]?.user?.exec?.command).toBe('aws');
  });

  it('names the file and line of a YAML error', () => {
    const broken = 'clusters:\n  - name: x\n   bad: 1\n';
    try {
      parseKubeconfig(broken, '/cfg/broken.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KubeconfigParseError);
      const parseError = error as KubeconfigParseError;
      expect(parseError.file).toBe('/cfg/broken.yaml');
      expect(parseError.line).toBe(3);
      expect(parseError.message).toMatch(/^\/cfg\/broken\.yaml:3: /);
    }
  });

  it('rejects a document that is not a kubeconfig', () => {
    expect(() => parseKubeconfig('contexts: 42', '/x')).toThrow(/not a kubeconfig at contexts/);
    expect(() => parseKubeconfig('contexts: [{ context: {} }]', '/x')).toThrow(/contexts\.0\.name/);
  });

  it('accepts an empty file', () => {
    expect(parseKubeconfig('', '/x').contexts).toEqual([]);
  });
});

describe('mergeKubeconfigs (kubectl rules)', () => {
  const merged = mergeKubeconfigs([
    parseKubeconfig(fileA, '/cfg/a.yaml'),
    parseKubeconfig(fileB, '/cfg/b.yaml'),
  ]);

  it('keeps the first definition of a name and reports the later one', () => {
    expect(merged.clusters.get('shared')?.entry.cluster?.server).toBe('https://a.example:6443');
    expect(merged.contexts.get('dup')?.source).toBe('/cfg/a.yaml');
    expect(merged.duplicates).toEqual([
      { kind: 'cluster', name: 'shared', kept: '/cfg/a.yaml', ignored: '/cfg/b.yaml' },
      { kind: 'context', name: 'dup', kept: '/cfg/a.yaml', ignored: '/cfg/b.yaml' },
    ]);
  });

  it('takes current-context from the first file that sets one', () => {
    expect(merged.currentContext).toBe('a1');
    const later = mergeKubeconfigs([
      parseKubeconfig('contexts: []', '/cfg/empty.yaml'),
      parseKubeconfig(fileB, '/cfg/b.yaml'),
    ]);
    expect(later.currentContext).toBe('b1');
  });

  it('summarises contexts with their server, namespace and source file', () => {
    expect(summarizeContexts(merged)).toEqual([
      {
        name: 'a1',
        cluster: 'shared',
        server: 'https://a.example:6443',
        user: 'u',
        namespace: 'team1-dev',
        current: true,
        source: '/cfg/a.yaml',
        usesExecPlugin: true,
      },
      {
        name: 'b1',
        cluster: 'shared',
        server: 'https://a.example:6443',
        user: 'u',
        namespace: 'default',
        current: false,
        source: '/cfg/b.yaml',
        usesExecPlugin: true,
      },
      {
        name: 'dup',
        cluster: 'shared',
        server: 'https://a.example:6443',
        user: 'u',
        namespace: 'default',
        current: false,
        source: '/cfg/a.yaml',
        usesExecPlugin: true,
      },
    ]);
  });
});

describe('pickSelectedContext', () => {
  const contexts = summarizeContexts(mergeKubeconfigs([parseKubeconfig(fileA, '/cfg/a.yaml')]));
  it('prefers the remembered selection, then current-context, then the first', () => {
    expect(pickSelectedContext(contexts, 'dup')).toBe('dup');
    expect(pickSelectedContext(contexts, 'deleted-since')).toBe('a1');
    expect(
      pickSelectedContext(
        contexts.map((c) => ({ ...c, current: false })),
        undefined,
      ),
    ).toBe('a1');
    expect(pickSelectedContext([], 'x')).toBeNull();
  });
});
