import type { DeploySuggestion, PreflightResult, RecentDeployment } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';

export interface DeployDraft {
  kind: 'Deployment' | 'Pod';
  name: string;
  namespace: string | null;
  image: string;
  replicas: number;
  /** null: the cluster's default (IfNotPresent for tagged images). */
  pullPolicy: 'Always' | 'IfNotPresent' | null;
  ports: string;
  env: string;
  pullSecrets: string[];
  /** The user changed the pull secrets by hand: suggestions no longer overwrite them. */
  manualSecrets: boolean;
  update: boolean;
}

const emptyDraft = (): DeployDraft => ({
  kind: 'Deployment',
  name: '',
  namespace: null,
  image: '',
  replicas: 1,
  pullPolicy: null,
  ports: '',
  env: '',
  pullSecrets: [],
  manualSecrets: false,
  update: false,
});

/** The deploy form's draft (kept when navigating away), suggestions, preflight and recent deploys. */
export const useDeployStore = defineStore('deploy', () => {
  const draft = ref<DeployDraft>(emptyDraft());
  const suggestion = ref<DeploySuggestion | null>(null);
  const preflight = ref<PreflightResult | null>(null);
  const preflighting = ref(false);
  const tags = ref<string[]>([]);
  const recent = ref<RecentDeployment[]>([]);

  async function loadRecent() {
    recent.value = await call('deploy:recent').catch(() => []);
  }

  function reset() {
    draft.value = { ...emptyDraft(), namespace: draft.value.namespace };
    suggestion.value = null;
    preflight.value = null;
    tags.value = [];
  }

  return { draft, suggestion, preflight, preflighting, tags, recent, loadRecent, reset };
});
