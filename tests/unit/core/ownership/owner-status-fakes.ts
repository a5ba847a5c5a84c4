import type { OwnerStatus } from '@core/api/contract';

type ArgoStatus = Extract<OwnerStatus, { read: 'argocd' }>;

/** Argo CD application argocd/shop as read: automated, self-healing, Synced (unless `policy`). */
export const argoStatus = (policy: Partial<ArgoStatus> = {}): OwnerStatus => ({
  read: 'argocd',
  application: 'argocd/shop',
  automated: true,
  selfHeal: true,
  prune: false,
  sync: 'Synced',
  ...policy,
});
