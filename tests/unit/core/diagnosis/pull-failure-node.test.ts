import { describe, expect, it } from 'vitest';
import { diagnosePull, nodeTlsProblem } from '@core/diagnosis/pull-failure';

// The kubelet's texts as the simulated kubelet produces them from containerd 2.x's wording (and as
// seen on real clusters); hosts and digests are those of a test cluster run.
const fixtures = {
  platform:
    'rpc error: code = NotFound desc = failed to pull and unpack image "localhost:43407/multi/hello:1.0": no match for platform in manifest: not found',
  rateLimited:
    'rpc error: code = Unknown desc = failed to pull and unpack image "localhost:33617/public/hello:1.0": failed to copy: httpReadSeeker: failed open: unexpected status code http://localhost:33617/v2/public/hello/manifests/sha256:0a5f6bd4f7e1b1b1e0ab9a0e5bb1a1e35bd1f39d1a7f5e2d24d5f1c5a2f6c9e1: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
  untrusted:
    'rpc error: code = Unknown desc = failed to pull and unpack image "localhost:35727/public/hello:1.0": failed to resolve reference "localhost:35727/public/hello:1.0": failed to do request: Head "https://localhost:35727/v2/public/hello/manifests/1.0": tls: failed to verify certificate: x509: certificate signed by unknown authority',
  httpOnly:
    'rpc error: code = Unknown desc = failed to pull and unpack image "registry.pullkey.test:43269/public/hello:1.0": failed to resolve reference "registry.pullkey.test:43269/public/hello:1.0": failed to do request: Head "https://registry.pullkey.test:43269/v2/public/hello/manifests/1.0": http: server gave HTTP response to HTTPS client',
  wrongName:
    'rpc error: code = Unknown desc = failed to pull and unpack image "reg.example:443/a:1": failed to resolve reference "reg.example:443/a:1": failed to do request: Head "https://reg.example:443/v2/a/manifests/1": tls: failed to verify certificate: x509: certificate is valid for other.example, not reg.example',
  noSuchHost:
    'rpc error: code = Unknown desc = failed to pull and unpack image "vm:35727/public/hello:1.0": failed to resolve reference "vm:35727/public/hello:1.0": failed to do request: Head "https://vm:35727/v2/public/hello/manifests/1.0": dial tcp: lookup vm on 127.0.0.53:53: no such host',
};

const input = (message: string, host: string, repository = 'public/hello', tag = '1.0') => ({
  message,
  image: `${host}/${repository}:${tag}`,
  host,
  repository,
  tag,
  matchingSecrets: [],
});

describe('diagnosePull: node-side failures', () => {
  it.each([
    {
      title: 'platform mismatch, though containerd says NotFound',
      failure: input(fixtures.platform, 'localhost:43407', 'multi/hello'),
      kind: 'platform-mismatch',
      phrases: ['no variant for the node'],
    },
    {
      title: 'a CA the node does not trust',
      failure: input(fixtures.untrusted, 'localhost:35727'),
      kind: 'node-tls',
      phrases: ['x509: certificate signed by unknown authority', 'PullKey cannot change the node'],
    },
    {
      title: 'an http-only registry',
      failure: input(fixtures.httpOnly, 'registry.pullkey.test:43269'),
      kind: 'node-tls',
      phrases: ['http: server gave HTTP response to HTTPS client'],
    },
    {
      title: 'a name the node cannot resolve stays "unreachable" and names the lookup',
      failure: input(fixtures.noSuchHost, 'vm:35727'),
      kind: 'unreachable',
      phrases: ['lookup vm on 127.0.0.53:53: no such host'],
    },
  ])('$title', ({ failure, kind, phrases }) => {
    const d = diagnosePull(failure);
    expect(d.kind).toBe(kind);
    for (const phrase of phrases) expect(d.message).toContain(phrase);
  });

  it('429 toomanyrequests', () => {
    const d = diagnosePull(input(fixtures.rateLimited, 'localhost:33617'));
    expect(d.kind).toBe('rate-limited');
    expect(d.message).toContain('429 toomanyrequests');
    expect(d.message).toContain('pulls with credentials get a higher limit');
    expect(
      diagnosePull({ ...input(fixtures.rateLimited, 'localhost:33617'), matchingSecrets: ['hub'] })
        .message,
    ).not.toContain('higher limit');
  });

  it('a certificate for another name is TLS trouble, not an unknown CA', () => {
    expect(nodeTlsProblem(fixtures.wrongName)).toBe('tls-other');
    const d = diagnosePull(input(fixtures.wrongName, 'reg.example:443', 'a', '1'));
    expect(d.kind).toBe('node-tls');
    expect(d.message).toContain('certificate is valid for other.example');
  });

  it('plain connection refused is not TLS trouble', () => {
    expect(
      nodeTlsProblem(
        'failed to do request: Head "https://localhost:1/v2/a/manifests/1": dial tcp 127.0.0.1:1: connect: connection refused',
      ),
    ).toBeNull();
  });
});
