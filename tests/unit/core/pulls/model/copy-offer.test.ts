import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  copyEntries,
  copySources,
  readersWarning,
  usedEntries,
} from '@core/pulls/model/copy-offer';
import type { DetailInput } from '@core/pulls/diagnosis/evidence';
import { copiedSecret, copyPreview } from '@core/pulls/fixes/fix-plans';
import type { SecretLookup } from '@core/pulls/model/pod-secrets';
import { failingPod as podFailing, podDetail } from '../failing-pod';

const HOST = 'registry.example.com:5000';
const IMAGE = `${HOST}/team/app:1.0`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

function pullSecret(namespace: string, auths: Record<string, { username: string }>): V1Secret {
  const entries = Object.fromEntries(
    Object.entries(auths).map(([key, { username }]) => [
      key,
      { username, password: 'CANARY-pw', auth: b64(`${username}:CANARY-pw`) },
    ]),
  );
  return {
    metadata: { name: 'regcred', namespace },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths: entries })) },
  };
}

const forImage = pullSecret('team1-staging', {
  [HOST]: { username: 'alice' },
  'ghcr.io': { username: 'bot' },
});
const otherRegistry = pullSecret('prod', { 'prod-registry.example.com': { username: 'admin' } });
const rejected: V1Secret = {
  metadata: { name: 'regcred', namespace: 'broken' },
  type: 'kubernetes.io/dockerconfigjson',
  data: { '.dockerconfigjson': b64('{"auths":{"x":{"auth":"%%%"}}}') },
};

describe('copy the missing secret: kubelet matching', () => {
  it('offers a same-named secret only when the kubelet would use one of its entries', () => {
    expect(copySources([otherRegistry, forImage, rejected], [IMAGE], 'team1-dev')).toEqual([
      {
        namespace: 'team1-staging',
        entries: [
          { key: HOST, username: 'alice', matches: true },
          { key: 'ghcr.io', username: 'bot', matches: false },
        ],
      },
    ]);
  });

  it('never offers the target namespace itself, nor a secret for another registry', () => {
    expect(copySources([forImage], [IMAGE], 'team1-staging')).toEqual([]);
    expect(copySources([otherRegistry], [IMAGE], 'team1-dev')).toEqual([]);
    expect(copyEntries(rejected, [IMAGE])).toBeNull();
  });

  it('the preview names the hosts and users handed over and those left behind, never a password', () => {
    const entries = copyEntries(forImage, [IMAGE])!;
    const used = usedEntries(forImage, [IMAGE]);
    expect(used.map((entry) => entry.key)).toEqual([HOST]);
    const preview = copyPreview(copiedSecret(forImage, 'team1-dev', used), entries);
    expect(preview).toContain(`#   ${HOST}, user alice`);
    expect(preview).toContain(
      '# Copies 1 of 2 entries: only those the kubelet uses for the failing image; ghcr.io (user bot) stays behind.',
    );
    expect(preview).not.toContain('CANARY');
    expect(
      readersWarning(
        'team1-dev',
        entries.filter((entry) => entry.matches),
      ),
    ).toBe(
      `Everyone who can read secrets in namespace team1-dev will be able to read these credentials once copied: ${HOST} (user alice).`,
    );
  });
});

function failingPod(secrets: string[] | undefined, namespace = 'team1-dev'): V1Pod {
  return podFailing({
    name: 'lonely',
    namespace,
    image: IMAGE,
    secrets,
    message: 'failed to authorize: failed to fetch anonymous token: 401 Unauthorized',
  });
}

const missing: SecretLookup = () => 'missing';

const detailOf = (pod: V1Pod, extra: Partial<DetailInput> = {}) =>
  podDetail(pod, missing, {
    serviceAccount: { metadata: { name: 'default' }, imagePullSecrets: [{ name: 'regcred' }] },
    ...extra,
  });

describe('a bare Pod whose missing secret comes from its ServiceAccount', () => {
  // Admitted with the ServiceAccount's list: the pod's own manifest named none.
  const pod = failingPod(['regcred']);

  it('says the ServiceAccount names the missing secret, not the pod', () => {
    const detail = detailOf(pod);
    expect(detail.sources?.origin).toBe('service-account');
    expect(detail.failure!.diagnosis.message).toContain(
      `the pod names no imagePullSecrets; ServiceAccount default's imagePullSecrets name "regcred", missing in namespace team1-dev`,
    );
    expect(detail.failure!.diagnosis.message).not.toMatch(/\(imagePullSecrets names/);
  });

  it('offers the copy first (it leaves the Pod untouched), before create and attach', () => {
    const detail = detailOf(pod, { secretsNamed: () => [otherRegistry, forImage] });
    expect(detail.copyCandidates).toEqual([
      { secret: 'regcred', sources: [expect.objectContaining({ namespace: 'team1-staging' })] },
    ]);
    expect(detail.fixes).toEqual(['copy-secret', 'attach-registry']);
  });

  it('offers no copy when the only same-named secret is for another registry', () => {
    const detail = detailOf(pod, { secretsNamed: () => [otherRegistry] });
    expect(detail.copyCandidates).toEqual([]);
    expect(detail.fixes).toEqual(['attach-registry']);
  });

  it('keeps the wording for a pod naming its own list', () => {
    const detail = detailOf(pod, {
      serviceAccount: { metadata: { name: 'default' } },
    });
    expect(detail.sources?.origin).toBe('own');
    expect(detail.failure!.diagnosis.message).toContain(
      '(imagePullSecrets names "regcred", missing in namespace team1-dev)',
    );
  });
});
