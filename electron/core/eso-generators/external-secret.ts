/**
 * The ExternalSecret that keeps a project's SOURCE secret fresh from a token generator: `dataFrom`
 * the generator (`sourceRef.generatorRef`), its template writing exactly kubectl's
 * `.dockerconfigjson` (type kubernetes.io/dockerconfigjson) into the source secret, refreshed at
 * most every half of the token's life. The project fan-out (issue 22, a ClusterExternalSecret
 * extracting the source) copies it on; nothing else writes the source while this runs.
 *
 * `creationPolicy: Orphan`: removing the ExternalSecret leaves the last token in the source (the
 * fan-out keeps its copies until it expires) instead of deleting the source of every copy.
 */
import { DOCKERCONFIGJSON_KEY, DOCKERCONFIGJSON_TYPE } from '../dockerconfig/dockerconfig';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';
import {
  GENERATORS_API,
  generatorKinds,
  generatorManifest,
  tokenLifeSeconds,
  type GeneratorObject,
  type TokenSource,
} from './generators';
import { dockerConfigTemplate } from './template';

export const EXTERNAL_SECRETS_API = 'external-secrets.io/v1';

/** Go's time.Duration text for whole seconds, as ESO prints it ("6h0m0s" → "6h", "90s" → "1m30s"). */
export function goDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest ? `${rest}s` : ''}`;
  return text || '0s';
}

/** Go duration text ("1h30m", "8s", "500ms") to seconds, or null when it is not one. */
export function parseGoDuration(text: string): number | null {
  const units: Record<string, number> = {
    h: 3600,
    m: 60,
    s: 1,
    ms: 1e-3,
    us: 1e-6,
    µs: 1e-6,
    ns: 1e-9,
  };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) return null;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
}

/**
 * The refresh interval for `provider`: the one asked for, but never more than half the token's
 * life (a copy is always at least half a life from expiry); by default half the life.
 */
export function refreshIntervalSeconds(
  provider: TokenSource['provider'],
  requested?: number,
): number {
  const half = Math.floor(tokenLifeSeconds[provider] / 2);
  if (requested === undefined) return half;
  return Math.max(1, Math.min(Math.floor(requested), half));
}

export interface KeepFreshPlan {
  /** PullKey's namespace (the source's) */
  namespace: string;
  /** the project's source Secret; the generator and the ExternalSecret are named after it */
  source: string;
  /** the registry key of the docker config, as kubectl's --docker-server */
  registry: string;
  tokenSource: TokenSource;
  /** seconds; capped at half the token's life */
  refreshInterval?: number | undefined;
}

export interface ExternalSecretObject {
  apiVersion: typeof EXTERNAL_SECRETS_API;
  kind: 'ExternalSecret';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

/** The generator's and the ExternalSecret's names for a source secret. */
export function keepFreshNames(source: string) {
  return {
    generator: `${source}-token`.slice(0, 253),
    externalSecret: `${source}-token`.slice(0, 253),
  };
}

/** The ExternalSecret writing the source secret from the generator `generator`. */
export function externalSecretManifest(
  plan: KeepFreshPlan,
  generator: GeneratorObject,
): ExternalSecretObject {
  const interval = refreshIntervalSeconds(plan.tokenSource.provider, plan.refreshInterval);
  return {
    apiVersion: EXTERNAL_SECRETS_API,
    kind: 'ExternalSecret',
    metadata: {
      name: keepFreshNames(plan.source).externalSecret,
      namespace: plan.namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    },
    spec: {
      refreshInterval: goDuration(interval),
      target: {
        name: plan.source,
        creationPolicy: 'Orphan',
        template: {
          type: DOCKERCONFIGJSON_TYPE,
          engineVersion: 'v2',
          mergePolicy: 'Replace',
          metadata: { labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
          data: { [DOCKERCONFIGJSON_KEY]: dockerConfigTemplate(plan.registry) },
        },
      },
      dataFrom: [
        {
          sourceRef: {
            generatorRef: {
              apiVersion: GENERATORS_API,
              kind: generatorKinds[plan.tokenSource.provider],
              name: generator.metadata.name,
            },
          },
        },
      ],
    },
  };
}

/** Both objects "Keep fresh in the cluster" writes, generator first. */
export function keepFreshManifests(plan: KeepFreshPlan): [GeneratorObject, ExternalSecretObject] {
  const generator = generatorManifest(
    keepFreshNames(plan.source).generator,
    plan.namespace,
    plan.tokenSource,
  );
  return [generator, externalSecretManifest(plan, generator)];
}
