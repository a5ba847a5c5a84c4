/** Contract shapes: the rollout view of one workload and the pull diagnosis it shares with Pulls. */
import type { Freshness } from './cluster';

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
  kind: 'Deployment' | 'Pod';
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
