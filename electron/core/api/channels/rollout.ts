/** Contract, rollout domain: the live rollout view of one workload and the pull diagnosis it shares with Pulls. */
import { z } from 'zod';
import {
  channel,
  contextName,
  deployKind,
  dns1123Label,
  type DeployKind,
  type Freshness,
} from './shared';

export const workloadRef = z
  .object({ context: contextName, namespace: dns1123Label, kind: deployKind, name: dns1123Label })
  .strict();
/** One workload on one context: what the rollout channels take. */
export type WorkloadRef = z.infer<typeof workloadRef>;

/** A pod's lifecycle, in order. */
export const rolloutSteps = [
  'Scheduled',
  'Pulling',
  'Pulled',
  'Created',
  'Started',
  'Ready',
] as const;
export type RolloutStepName = (typeof rolloutSteps)[number];

export interface RolloutStep {
  step: RolloutStepName;
  at: string;
  detail: string;
}

export interface PullDiagnosis {
  kind:
    | 'credentials-rejected'
    | 'no-credentials'
    | 'access-denied'
    | 'not-found'
    | 'unreachable'
    | 'secret-rejected'
    | 'platform-mismatch'
    | 'rate-limited'
    | 'node-tls'
    /** A 401 on an External Secrets copy whose token generator fails (issue 21). */
    | 'token-generator-failing'
    | 'unknown';
  message: string;
  host: string;
  secrets: string[];
  tags?: string[];
}

export interface RolloutPod {
  name: string;
  phase: string;
  ready: boolean;
  steps: RolloutStep[];
  waiting: { reason: string; message: string } | null;
  diagnosis: PullDiagnosis | null;
  nextRetryAt: string | null;
}

export interface RolloutEvent {
  at: string;
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
}

export interface RolloutView {
  id: string;
  context: string;
  namespace: string;
  kind: DeployKind;
  name: string;
  image: string;
  desired: number;
  ready: number;
  state: 'progressing' | 'ready' | 'failing' | 'missing';
  pods: RolloutPod[];
  events: RolloutEvent[];
  updatedAt: string;
  freshness?: Freshness;
}

export const rolloutChannels = {
  /** The rollout view of a workload; live updates come as rollout:progress until closed. */
  'rollout:open': channel<RolloutView>()(workloadRef),
  'rollout:close': channel<{ closed: boolean }>()(workloadRef),
  /** Deletes the pods stuck pulling so they are recreated (a bare Pod is re-created). */
  'rollout:retry': channel<{ deleted: string[] }>()(workloadRef),
} as const;

export interface RolloutEvents {
  'rollout:progress': RolloutView;
}
