/** Contract, clusters domain: kubeconfig contexts (`contexts:*`) and a cluster's status. */
import { z } from 'zod';
import type { ApiError } from '../errors';
import { channel, contextName, noInput, onContext } from './shared';

export interface KubeContextSummary {
  name: string;
  cluster: string;
  server: string | null;
  user: string;
  namespace: string;
  /** current-context of the kubeconfig (kubectl's view). */
  current: boolean;
  /** The kubeconfig file that defined this context. */
  source: string;
  /** Its user signs in with an exec credential plugin (run only when the context is used or checked). */
  usesExecPlugin?: boolean;
}

export interface KubeconfigProblem {
  file: string;
  message: string;
  line?: number;
}

export interface ContextsList {
  contexts: KubeContextSummary[];
  /** The context PullKey works with (app state, not the kubeconfig's current-context). */
  selected: string | null;
  files: string[];
  /** Those of `files` that do not exist (kubectl skips them; the first-run screen says so). */
  missingFiles?: string[];
  problems: KubeconfigProblem[];
}

export interface ClusterStatus {
  context: string;
  server: string | null;
  reachable: boolean;
  /** The API server's gitVersion, e.g. v1.36.3. */
  version: string | null;
  error: ApiError | null;
  checkedAt: string;
}

export const clusterChannels = {
  'contexts:list': channel<ContextsList>()(noInput),
  'contexts:select': channel<ContextsList>()(z.object({ name: contextName }).strict()),
  /** Writes current-context like `kubectl config use-context` (the only kubeconfig write). */
  'contexts:make-current': channel<ContextsList>()(z.object({ name: contextName }).strict()),
  'cluster:status': channel<ClusterStatus>()(onContext),
} as const;

export interface ClusterEvents {
  'contexts:changed': ContextsList;
}
