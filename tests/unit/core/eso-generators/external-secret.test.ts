/** The ExternalSecret that writes the source secret from a generator, and its refresh interval. */
import { describe, expect, it } from 'vitest';
import {
  goDuration,
  keepFreshManifests,
  parseGoDuration,
  refreshIntervalSeconds,
} from '@core/eso-generators/external-secret';
import { dockerConfigTemplate } from '@core/eso-generators/template';
import { ecrIrsa, ecrRegistry } from '../../../fixtures/token-sources';

describe('refresh interval', () => {
  it('is at most half the token life (ECR 12 h, GCR 1 h, ACR 3 h), half by default', () => {
    expect(refreshIntervalSeconds('ecr')).toBe(6 * 3600);
    expect(refreshIntervalSeconds('gcr')).toBe(1800);
    expect(refreshIntervalSeconds('acr')).toBe(5400);
    expect(refreshIntervalSeconds('gcr', 7200)).toBe(1800);
    expect(refreshIntervalSeconds('ecr', 8)).toBe(8);
    expect(refreshIntervalSeconds('ecr', 0.2)).toBe(1);
  });

  it('is written and read as Go durations', () => {
    expect([21600, 1800, 5400, 8, 90, 0].map(goDuration)).toEqual([
      '6h',
      '30m',
      '1h30m',
      '8s',
      '1m30s',
      '0s',
    ]);
    expect(['6h0m0s', '1h30m', '8s', '500ms', '1.5h'].map(parseGoDuration)).toEqual([
      21600, 5400, 8, 0.5, 5400,
    ]);
    expect(parseGoDuration('soon')).toBeNull();
    expect(parseGoDuration('5x')).toBeNull();
  });
});

describe('keepFreshManifests', () => {
  it("the generator, then the ExternalSecret: dataFrom generatorRef, kubectl's docker config template into the source", () => {
    const [generator, es] = keepFreshManifests({
      namespace: 'pullkey-system',
      source: 'ecr-source',
      registry: ecrRegistry,
      tokenSource: ecrIrsa,
      refreshInterval: 3600,
    });
    expect(generator.metadata.name).toBe('ecr-source-token');
    expect(es).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: 'ecr-source-token',
        namespace: 'pullkey-system',
        labels: { 'app.kubernetes.io/managed-by': 'pullkey' },
      },
      spec: {
        refreshInterval: '1h',
        target: {
          name: 'ecr-source',
          creationPolicy: 'Orphan',
          template: {
            type: 'kubernetes.io/dockerconfigjson',
            engineVersion: 'v2',
            mergePolicy: 'Replace',
            metadata: { labels: { 'app.kubernetes.io/managed-by': 'pullkey' } },
            data: {
              '.dockerconfigjson': dockerConfigTemplate(ecrRegistry),
            },
          },
        },
        dataFrom: [
          {
            sourceRef: {
              generatorRef: {
                apiVersion: 'generators.external-secrets.io/v1alpha1',
                kind: 'ECRAuthorizationToken',
                name: 'ecr-source-token',
              },
            },
          },
        ],
      },
    });
  });

  it('caps a too long interval at half the token life', () => {
    const [, es] = keepFreshManifests({
      namespace: 'p',
      source: 's',
      registry: 'europe-docker.pkg.dev',
      tokenSource: {
        provider: 'gcr',
        projectId: 'x',
        auth: { kind: 'service-account-key', key: { name: 'k', key: 'k' } },
      },
      refreshInterval: 86_400,
    });
    expect(es.spec.refreshInterval).toBe('30m');
  });
});
