import { describe, expect, it } from 'vitest';
import type { V1Node } from '@kubernetes/client-node';
import {
  hostsToml,
  networkReport,
  nodeNetworkFailure,
  rateLimitSummary,
  reachabilityVerdict,
} from '@core/pulls/diagnosis/node-checks';
import { indexPlatforms, missingPlatforms, runsOn } from '@core/oci/platforms';
import { nodePlatforms } from '@core/image-access/platform-check';

const node = (arch: string, labels = true): V1Node => ({
  metadata: {
    name: `n-${arch}`,
    labels: labels ? { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch } : {},
  },
  status: { nodeInfo: { operatingSystem: 'linux', architecture: arch } as never },
});

describe('platforms', () => {
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { digest: 'sha256:a', platform: { os: 'linux', architecture: 'amd64' } },
      { digest: 'sha256:b', platform: { os: 'linux', architecture: 's390x' } },
      { digest: 'sha256:c', platform: { os: 'unknown', architecture: 'unknown' } },
      { digest: 'sha256:d', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    ],
  });

  it('reads an index, without attestations', () => {
    expect(indexPlatforms(index, 'application/vnd.oci.image.index.v1+json')).toEqual([
      'linux/amd64',
      'linux/arm/v7',
      'linux/s390x',
    ]);
  });

  it('a single manifest has no list', () => {
    expect(
      indexPlatforms(
        JSON.stringify({ schemaVersion: 2, config: { digest: 'sha256:x' }, layers: [] }),
        'application/vnd.docker.distribution.manifest.v2+json',
      ),
    ).toBeNull();
    expect(indexPlatforms('not json', null)).toBeNull();
  });

  it('nodes: labels first, nodeInfo otherwise, unique', () => {
    expect(nodePlatforms([node('amd64'), node('arm64', false), node('amd64')])).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
  });

  it('missing: node platforms no image variant runs on (arm64 runs 32-bit arm)', () => {
    expect(
      missingPlatforms(['linux/amd64', 'linux/s390x'], ['linux/amd64', 'linux/arm64']),
    ).toEqual(['linux/arm64']);
    expect(runsOn('linux/arm/v7', 'linux/arm64')).toBe(true);
    expect(runsOn('windows/amd64', 'linux/amd64')).toBe(false);
    expect(missingPlatforms(['linux/amd64'], ['linux/amd64'])).toEqual([]);
  });
});

describe('rate limit headers', () => {
  it('Docker Hub style', () => {
    expect(rateLimitSummary('100;w=21600', '0;w=21600')).toBe(
      '0 of 100 pulls left per 6 h for the address and account that asked',
    );
    expect(rateLimitSummary(null, '76;w=21600')).toBe(
      '76 pulls left per 6 h for the address and account that asked',
    );
    expect(rateLimitSummary(null, null)).toBe('the registry does not report its limit');
  });
});

describe('hosts.toml', () => {
  it('unknown CA: server, host with capabilities and ca', () => {
    const t = hostsToml('localhost:35727', 'untrusted-ca');
    expect(t.path).toBe('/etc/containerd/certs.d/localhost:35727/hosts.toml');
    expect(t.content).toBe(
      'server = "https://localhost:35727"\n\n[host."https://localhost:35727"]\n  capabilities = ["pull", "resolve"]\n  ca = "/etc/containerd/certs.d/localhost:35727/ca.crt"\n',
    );
  });

  it('http only: server is http://', () => {
    const t = hostsToml('registry.pullkey.test:43269', 'plain-http');
    expect(t.content).toBe(
      'server = "http://registry.pullkey.test:43269"\n\n[host."http://registry.pullkey.test:43269"]\n  capabilities = ["pull", "resolve"]\n',
    );
  });

  it('Docker Hub lives in docker.io with registry-1 as server; other TLS errors skip_verify', () => {
    const t = hostsToml('docker.io', 'tls-other');
    expect(t.path).toBe('/etc/containerd/certs.d/docker.io/hosts.toml');
    expect(t.content).toContain('server = "https://registry-1.docker.io"');
    expect(t.content).toContain('skip_verify = true');
  });
});

describe('which side fails', () => {
  it('reads the node side from the kubelet message', () => {
    expect(nodeNetworkFailure('dial tcp: lookup vm on 127.0.0.53:53: no such host')).toBe(
      "the node's DNS does not resolve vm",
    );
    expect(nodeNetworkFailure('dial tcp 127.0.0.1:1: connect: connection refused')).toContain(
      'refused',
    );
    expect(nodeNetworkFailure('401 Unauthorized')).toBeNull();
  });

  it('laptop reaches it: the node side is at fault', () => {
    expect(
      reachabilityVerdict('vm:1', "the node's DNS does not resolve vm", { ok: true }),
    ).toContain('answers from this computer but not from the cluster');
    expect(reachabilityVerdict('vm:1', 'x', { ok: false, reason: 'ENOTFOUND' })).toContain(
      'fails from both sides',
    );
  });
});

describe('Copy diagnostics section', () => {
  it('lists what was checked, with the hosts.toml as a code block', () => {
    const text = networkReport({
      host: 'localhost:1',
      hostsToml: hostsToml('localhost:1', 'plain-http'),
      platforms: { image: ['linux/amd64'], nodes: ['linux/arm64'], missing: ['linux/arm64'] },
    });
    expect(text).toContain('## Checked from this computer (localhost:1)');
    expect(text).toContain('- Nodes without a matching image: linux/arm64');
    expect(text).toContain('```toml\nserver = "http://localhost:1"');
  });
});
