/**
 * PullKey's kubelet predictions against the kubelet's own code: upstream/kubelet-cases.json holds
 * the edge cases of upstream/kubelet-inputs.mjs answered by k8s.io/kubernetes
 * (pkg/credentialprovider/secrets.MakeDockerKeyring + Lookup, pkg/util/parsers.ParseImageName)
 * through tests/cluster/cmd/kubelet-oracle (regenerate with upstream/record-kubelet.sh).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubeletCredentials } from '@core/dockerconfig/keyring';
import { parseImageReference } from '@core/oci/reference';
import { KUBELET_SECRET_ERROR } from '@core/diagnosis/pull-failure';

interface OracleCase {
  name: string;
  image?: string;
  lookup?: string;
  secrets?: Array<{ name: string; type: string; key: string; text: string }>;
  imageError?: string;
  repo?: string;
  tag?: string;
  digest?: string;
  rejected: boolean;
  syntaxOffset?: number;
  /** base64.CorruptInputError + 1 */
  base64Byte?: number;
  errorText?: string;
  creds: Array<{ source: string; username: string; password: string }>;
}

const fixture = JSON.parse(
  readFileSync(new URL('./upstream/kubelet-cases.json', import.meta.url), 'utf8'),
) as { source: string; cases: OracleCase[] };

/** Names upstream accepts without a registry host; PullKey refuses them on purpose. */
const REASON_SHAPE =
  /^(not JSON at byte \d+|nested more than 10000 levels deep \(at byte \d+\)|the config is (an array|a string|a number|a boolean), not an object|"auths" is (an array|a string|a number|a boolean), not an object|"HttpHeaders"( is .+, not an object|: a header value is .+, not a string)|entry "[^"]*"( is (an array|a string|a number|a boolean), not an object|: (username|password|email|auth) is (an array|an object|a number|a boolean), not a string|: auth is not valid base64 \(at byte \d+\)|: auth has no ":" between username and password))$/;

const NO_DOMAIN = new Set(['image "ex_ample.com/a"']);

describe(`the kubelet's own answers (${fixture.source})`, () => {
  it('has the recorded cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(150);
  });

  const withSecrets = fixture.cases.filter((c) => c.secrets?.length && (c.lookup ?? c.repo));
  it.each(withSecrets.map((c) => [c.name, c] as const))('pull secrets: %s', (_name, c) => {
    const secrets = c.secrets!.map((secret) => ({
      metadata: { name: secret.name },
      type: secret.type,
      data: { [secret.key]: Buffer.from(secret.text, 'utf8').toString('base64') },
    }));
    const ours = kubeletCredentials((c.lookup ?? c.repo)!, secrets);
    expect(ours.rejected.length > 0).toBe(c.rejected);
    expect(
      ours.matches.map((match) => ({
        source: match.source,
        username: match.username,
        password: match.password,
      })),
    ).toEqual(c.creds);
    // The reason points where Go's error points.
    if (c.secrets!.length === 1 && c.rejected) {
      const reason = ours.rejected[0]!.reason;
      if (c.syntaxOffset)
        expect(reason).toBe(
          /exceeded max depth/.test(c.errorText ?? '')
            ? `nested more than 10000 levels deep (at byte ${c.syntaxOffset})`
            : `not JSON at byte ${c.syntaxOffset}`,
        );
      if (c.base64Byte)
        expect(reason).toContain(`auth is not valid base64 (at byte ${c.base64Byte - 1})`);
      if (/unable to parse auth field/.test(c.errorText ?? '')) {
        expect(reason).toContain('auth has no ":" between username and password');
      }
      const field = /Go struct field DockerConfigJSON\.auths\.(\w+) of type string/.exec(
        c.errorText ?? '',
      );
      if (field) expect(reason).toContain(`: ${field[1]} is `);
    }
    for (const rejection of ours.rejected) {
      // Reasons never quote the secret's text (it holds the password): only these shapes, where
      // the one piece of input is the entry's key.
      expect(rejection.reason).toMatch(REASON_SHAPE);
    }
  });

  it('the rollout diagnosis recognises every decoding error text the kubelet gave', () => {
    const texts = fixture.cases.flatMap((c) => (c.errorText ? [c.errorText] : []));
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.filter((text) => !KUBELET_SECRET_ERROR.test(text))).toEqual([]);
  });

  const images = fixture.cases.filter((c) => c.image !== undefined && !c.secrets?.length);
  it.each(images.map((c) => [c.name, c] as const))('image name: %s', (name, c) => {
    let ours: ReturnType<typeof parseImageReference> | null;
    try {
      ours = parseImageReference(c.image!);
    } catch {
      ours = null;
    }
    if (NO_DOMAIN.has(name)) {
      expect(c.imageError).toBeUndefined();
      expect(ours).toBeNull();
      return;
    }
    if (c.imageError) {
      expect(ours).toBeNull();
      return;
    }
    expect(ours).not.toBeNull();
    expect(ours!.name).toBe(c.repo);
    expect(ours!.digest ?? '').toBe(c.digest ?? '');
    expect(ours!.tag ?? (ours!.digest ? '' : 'latest')).toBe(c.tag ?? '');
  });
});
