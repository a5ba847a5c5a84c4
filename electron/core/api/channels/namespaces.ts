/** Contract, namespaces domain: a context's namespaces (`namespaces:*`) and projects (`projects:*`). */
import { z } from 'zod';
import { channel, contextName, dns1123Label, type Freshness, type projectKind } from './shared';

export interface NamespaceAccess {
  secrets: { list: boolean; create: boolean; update: boolean };
  deployments: { create: boolean; update: boolean };
}

export interface NamespaceSummary {
  name: string;
  /** Active, Terminating, or Unknown when the user may not read the namespace itself. */
  phase: string;
  projects: { rancher: string | null; pullkey: string | null };
  access: NamespaceAccess;
  /** Terminating and held by an engine's finalizer (ESO's ces-*): what holds it, in words. */
  stuck?: NamespaceStuck | null;
}

/** A namespace stuck Terminating on an External Secrets finalizer (a known ESO problem). */
export interface NamespaceStuck {
  engine: 'external-secrets';
  /** The finalizers holding it, e.g. externalsecrets.external-secrets.io/ces-team1-pull. */
  finalizers: string[];
  /** The ClusterExternalSecrets named by those finalizers. */
  clusterExternalSecrets: string[];
  /** Why it hangs and what to do, in one or two sentences. */
  message: string;
}

export interface ProjectSummary {
  kind: z.infer<typeof projectKind>;
  id: string;
  /** Rancher's cluster id from the projectId annotation (c-xxxxx), when present. */
  clusterId: string | null;
  namespaces: string[];
}

export interface NamespacesList {
  context: string;
  /** cluster: every namespace (list allowed); partial: what the user's roles reveal. */
  scope: 'cluster' | 'partial';
  note: string | null;
  namespaces: NamespaceSummary[];
  projects: ProjectSummary[];
  freshness?: Freshness;
}

export interface NamespaceResult {
  namespace: string;
  outcome: 'updated' | 'unchanged' | 'forbidden' | 'not-found' | 'failed';
  message?: string;
}

export interface ProjectChange {
  project: string;
  results: NamespaceResult[];
}

const projectName = dns1123Label;

export const namespaceChannels = {
  'namespaces:list': channel<NamespacesList>()(
    z.object({ context: contextName, refresh: z.boolean().optional() }).strict(),
  ),
  /** Remember a namespace the user cannot discover by listing (no list permission). */
  'namespaces:remember': channel<NamespacesList>()(
    z.object({ context: contextName, namespace: dns1123Label }).strict(),
  ),
  'projects:create': channel<ProjectChange>()(
    z
      .object({
        context: contextName,
        name: projectName,
        namespaces: z.array(dns1123Label).min(1, 'pick at least one namespace').max(1000),
      })
      .strict(),
  ),
  'projects:rename': channel<ProjectChange>()(
    z.object({ context: contextName, from: projectName, to: projectName }).strict(),
  ),
  'projects:dissolve': channel<ProjectChange>()(
    z.object({ context: contextName, name: projectName }).strict(),
  ),
} as const;

export interface NamespaceEvents {
  'namespaces:changed': NamespacesList;
}
