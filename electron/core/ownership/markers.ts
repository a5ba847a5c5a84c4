/**
 * The labels, annotations and owner kinds each engine writes, spelled exactly as in its source
 * (the file is named next to each group; `rules.ts` cites it again on every rule).
 */

/**
 * external-secrets/external-secrets v0.20.4 apis/externalsecrets/v1/externalsecret_types.go
 * (LabelManaged = "reconcile.external-secrets.io/managed", LabelManagedValue = "true",
 * AnnotationDataHash = "reconcile.external-secrets.io/data-hash"). Its
 * pkg/controllers/externalsecret/externalsecret_controller.go (the Reconcile's mutationFunc)
 * writes both on every secret it writes, whatever the creationPolicy; only creationPolicy Owner
 * also sets the controller reference (controllerutil.SetControllerReference) and LabelOwner, so a
 * Merge or Orphan copy names its ExternalSecret by nothing but its own name (spec.target.name).
 */
export const ESO = {
  group: 'external-secrets.io',
  kind: 'ExternalSecret',
  managedLabel: 'reconcile.external-secrets.io/managed',
  dataHashAnnotation: 'reconcile.external-secrets.io/data-hash',
} as const;

/** rancher/rancher pkg/controllers/managementuser/secret/project_scoped_secrets.go */
export const RANCHER = {
  projectScopedLabel: 'management.cattle.io/project-scoped-secret',
  copyAnnotation: 'management.cattle.io/project-scoped-secret-copy',
  userSecretAnnotation: 'secret.user.cattle.io/secret',
  projectIdAnnotation: 'field.cattle.io/projectId',
} as const;

/** emberstack/kubernetes-reflector src/ES.Kubernetes.Reflector/Core/Mirroring/Constants/Annotations.cs */
export const REFLECTOR = {
  reflects: 'reflector.v1.k8s.emberstack.com/reflects',
  autoReflects: 'reflector.v1.k8s.emberstack.com/auto-reflects',
  reflectionAllowed: 'reflector.v1.k8s.emberstack.com/reflection-allowed',
} as const;

/** kyverno/kyverno pkg/background/common/constants.go (+ labels.go: managedBy) */
export const KYVERNO = {
  policyName: 'generate.kyverno.io/policy-name',
  policyNamespace: 'generate.kyverno.io/policy-namespace',
  ruleName: 'generate.kyverno.io/rule-name',
  sourceName: 'generate.kyverno.io/source-name',
  sourceNamespace: 'generate.kyverno.io/source-namespace',
  managedByValue: 'kyverno',
} as const;

/** bitnami-labs/sealed-secrets pkg/apis/sealedsecrets/v1alpha1/types.go, sealedsecret_expansion.go */
export const SEALED = {
  group: 'bitnami.com',
  kind: 'SealedSecret',
  managedAnnotation: 'sealedsecrets.bitnami.com/managed',
} as const;

/** hashicorp/vault-secrets-operator internal/helpers/secrets.go (OwnerLabels, labelOwnerRefUID) */
export const VSO = {
  group: 'secrets.hashicorp.com',
  kinds: ['VaultStaticSecret', 'VaultDynamicSecret', 'VaultPKISecret', 'HCPVaultSecretsApp'],
  managedByValue: 'hashicorp-vso',
  ownerUidLabel: 'secrets.hashicorp.com/vso-ownerRefUID',
} as const;

/** helm/helm pkg/action/validate.go (setMetadataVisitor) */
export const HELM = {
  managedByValue: 'Helm',
  releaseName: 'meta.helm.sh/release-name',
  releaseNamespace: 'meta.helm.sh/release-namespace',
} as const;

/** argoproj/argo-cd common/common.go (AnnotationKeyAppInstance, LabelKeyAppInstance) */
export const ARGO = {
  trackingId: 'argocd.argoproj.io/tracking-id',
  instanceLabel: 'app.kubernetes.io/instance',
} as const;

/** fluxcd/kustomize-controller internal/controller/kustomization_controller.go; fluxcd/helm-controller internal/postrender/origin_labels.go */
export const FLUX = {
  kustomizeName: 'kustomize.toolkit.fluxcd.io/name',
  kustomizeNamespace: 'kustomize.toolkit.fluxcd.io/namespace',
  helmName: 'helm.toolkit.fluxcd.io/name',
  helmNamespace: 'helm.toolkit.fluxcd.io/namespace',
} as const;

/** rancher/fleet internal/helmdeployer/postrender.go (wrangler apply's objectset labels) */
export const FLEET = {
  hashLabel: 'objectset.rio.cattle.io/hash',
  idAnnotation: 'objectset.rio.cattle.io/id',
} as const;

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
