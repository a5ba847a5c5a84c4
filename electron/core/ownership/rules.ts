/**
 * Pure: the one table of ownership rules. Each rule recognises the markers ONE engine writes on
 * the objects it keeps (spelled in markers.ts, cited from the engine's source on the rule) and
 * says who the source is, whether PullKey could change it, and what becomes of a change made to
 * the copy. The first rule that matches answers; the most specific rules come first (a Flux
 * HelmRelease's objects also carry Helm's markers, a Fleet bundle's too).
 */
import type { EngineOwner } from '../api/contract';
import { ESO, KYVERNO, MANAGED_BY, RANCHER, REFLECTOR, SEALED, VSO } from './markers';

export interface OwnerReferenceLike {
  apiVersion?: string;
  kind?: string;
  name?: string;
  controller?: boolean;
}

export interface OwnedMetadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReferenceLike[];
}

export interface OwnershipRule {
  engine: EngineOwner['engine'];
  /** The engine's source file (or documentation) where the markers are written. */
  cites: string;
  /** Which objects the rule is about. */
  applies: 'secret' | 'workload' | 'both';
  match(meta: OwnedMetadata): EngineOwner | null;
}

const groupOf = (apiVersion = '') => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
const inNamespace = (meta: OwnedMetadata, name: string) =>
  meta.namespace ? `${meta.namespace}/${name}` : name;

/** The controller owner reference of `kind` in `group` (the one controllerutil sets). */
function controllerRef(meta: OwnedMetadata, group: string, kinds: readonly string[]) {
  return (meta.ownerReferences ?? []).find(
    (ref) =>
      ref.controller === true &&
      groupOf(ref.apiVersion) === group &&
      kinds.includes(ref.kind ?? '') &&
      !!ref.name,
  );
}

/** An owner; its badge is "Kept by <engine> (<source>)" unless the engine's copies say it better. */
function owner(
  engine: EngineOwner['engine'],
  engineName: string,
  source: string,
  revert: string,
  extra: {
    badge?: string;
    sourceSecret?: EngineOwner['sourceSecret'];
    via?: EngineOwner['via'];
    target?: EngineOwner['target'];
  } = {},
): EngineOwner {
  const sourceSecret = extra.sourceSecret ?? null;
  return {
    engine,
    engineName,
    source,
    sourceSecret,
    ...(extra.via ? { via: extra.via } : {}),
    ...(extra.target ? { target: extra.target } : {}),
    sourceWritable: !!sourceSecret,
    badge: extra.badge ?? `Kept by ${engineName} (${source})`,
    revert,
  };
}

/** "ns/name" → its parts, or null when it is not exactly that. */
function namespacedName(value: string | undefined): { namespace: string; name: string } | null {
  const parts = (value ?? '').split('/');
  return parts.length === 2 && parts[0] && parts[1]
    ? { namespace: parts[0], name: parts[1] }
    : null;
}

const externalSecrets: OwnershipRule = {
  engine: 'external-secrets',
  cites:
    'external-secrets/external-secrets v0.20.4 apis/externalsecrets/v1/externalsecret_types.go (LabelManaged, AnnotationDataHash); pkg/controllers/externalsecret/externalsecret_controller.go (both on every secret written; the controller reference only for creationPolicy Owner)',
  applies: 'secret',
  match(meta) {
    const ref = controllerRef(meta, ESO.group, [ESO.kind]);
    // The label; the data-hash annotation is written with it, never alone (markers.ts).
    const managed = meta.labels?.[ESO.managedLabel] === 'true';
    if (!ref && !managed) return null;
    const source = ref ? `ExternalSecret ${inNamespace(meta, ref.name!)}` : 'an ExternalSecret';
    const extra: Parameters<typeof owner>[4] =
      ref && meta.namespace
        ? { via: { kind: 'ExternalSecret', namespace: meta.namespace, name: ref.name! } }
        : // Merge / Orphan: no owner reference; its ExternalSecret is found by what it writes.
          !ref && meta.namespace && meta.name
          ? { target: { namespace: meta.namespace, name: meta.name } }
          : {};
    return owner(
      'external-secrets',
      'External Secrets',
      source,
      "External Secrets Operator writes the store's value back over any change made here at the ExternalSecret's next refresh.",
      extra,
    );
  },
};

const sealedSecrets: OwnershipRule = {
  engine: 'sealed-secrets',
  cites:
    'bitnami-labs/sealed-secrets pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go (controller reference to the SealedSecret); types.go (SealedSecretManagedAnnotation)',
  applies: 'secret',
  match(meta) {
    const ref = controllerRef(meta, SEALED.group, [SEALED.kind]);
    const managed = meta.annotations?.[SEALED.managedAnnotation] === 'true';
    if (!ref && !managed) return null;
    const source = `SealedSecret ${inNamespace(meta, ref?.name ?? meta.name ?? '')}`;
    return owner(
      'sealed-secrets',
      'Sealed Secrets',
      source,
      'The Sealed Secrets controller unseals the SealedSecret from Git again and overwrites any change made here; the source is encrypted outside the cluster.',
    );
  },
};

const vaultSecretsOperator: OwnershipRule = {
  engine: 'vault-secrets-operator',
  cites:
    'hashicorp/vault-secrets-operator internal/helpers/secrets.go (OwnerLabels: app.kubernetes.io/managed-by=hashicorp-vso, secrets.hashicorp.com/vso-ownerRefUID; owner reference to the VSO object, without controller: true)',
  applies: 'secret',
  match(meta) {
    const ref = (meta.ownerReferences ?? []).find(
      (candidate) =>
        groupOf(candidate.apiVersion) === VSO.group &&
        (VSO.kinds as readonly string[]).includes(candidate.kind ?? '') &&
        !!candidate.name,
    );
    const labelled =
      meta.labels?.[MANAGED_BY] === VSO.managedByValue && !!meta.labels?.[VSO.ownerUidLabel];
    if (!ref && !labelled) return null;
    const source = ref
      ? `${ref.kind} ${inNamespace(meta, ref.name!)}`
      : 'a Vault Secrets Operator object';
    return owner(
      'vault-secrets-operator',
      'Vault Secrets Operator',
      source,
      "Vault Secrets Operator writes Vault's value back over any change made here at its next sync; the source is in Vault, outside the cluster.",
    );
  },
};

const rancherProject: OwnershipRule = {
  engine: 'rancher-project',
  cites:
    'rancher/rancher pkg/controllers/managementuser/secret/project_scoped_secrets.go (getNamespacedSecret: project-scoped-secret-copy and secret.user.cattle.io/secret annotations; project-scoped-secret label copied from the source)',
  applies: 'secret',
  match(meta) {
    if (meta.annotations?.[RANCHER.copyAnnotation] !== 'true') return null;
    const project = meta.labels?.[RANCHER.projectScopedLabel];
    if (!project) return null;
    const source = `project secret ${meta.name ?? ''} of Rancher project ${project}`;
    return owner(
      'rancher-project',
      'Rancher',
      source,
      'Rancher copies the project secret from its management cluster into every namespace of the project and puts its value back over any change made here.',
      { badge: 'Rancher project secret copy' },
    );
  },
};

const rancherLegacy: OwnershipRule = {
  engine: 'rancher-legacy',
  cites:
    'rancher/rancher pkg/controllers/managementuser/secret/secret.go (userSecretAnnotation secret.user.cattle.io/secret: "true" on the namespaced copies of a project secret, before 2.12)',
  applies: 'secret',
  match(meta) {
    if (meta.annotations?.[RANCHER.userSecretAnnotation] !== 'true') return null;
    const projectId = meta.annotations?.[RANCHER.projectIdAnnotation];
    const source = `project secret ${meta.name ?? ''}${projectId ? ` of Rancher project ${projectId}` : ''} (Rancher before 2.12)`;
    return owner(
      'rancher-legacy',
      'Rancher',
      source,
      "Rancher copies the project secret from its management cluster into the project's namespaces and puts its value back over any change made here.",
      { badge: 'Rancher project secret copy' },
    );
  },
};

const reflector: OwnershipRule = {
  engine: 'reflector',
  cites:
    'emberstack/kubernetes-reflector src/ES.Kubernetes.Reflector/Core/Mirroring/Constants/Annotations.cs (Reflects, MetaAutoReflects); Core/Mirroring/ResourceMirror.cs (written on every copy: reflects = source ns/name)',
  applies: 'secret',
  match(meta) {
    const from = namespacedName(meta.annotations?.[REFLECTOR.reflects]);
    if (!from) return null;
    const source = `Reflector source ${from.namespace}/${from.name}`;
    return owner(
      'reflector',
      'Reflector',
      source,
      "Reflector copies the source secret's data over this copy again whenever it syncs it, so a change made here is lost.",
      { badge: `Copy of ${from.namespace}/${from.name} (Reflector)`, sourceSecret: from },
    );
  },
};

const kyverno: OwnershipRule = {
  engine: 'kyverno',
  cites:
    'kyverno/kyverno pkg/background/common/constants.go (generate.kyverno.io/policy-name, source-name, source-namespace); pkg/background/common/labels.go (managedBy: app.kubernetes.io/managed-by=kyverno)',
  applies: 'secret',
  match(meta) {
    const policy = meta.labels?.[KYVERNO.policyName];
    if (!policy || meta.labels?.[MANAGED_BY] !== KYVERNO.managedByValue) return null;
    const policyNamespace = meta.labels?.[KYVERNO.policyNamespace];
    const policyName = policyNamespace ? `${policyNamespace}/${policy}` : policy;
    const cloneName = meta.labels?.[KYVERNO.sourceName];
    const cloneNamespace = meta.labels?.[KYVERNO.sourceNamespace];
    const from =
      cloneName && cloneNamespace ? { namespace: cloneNamespace, name: cloneName } : null;
    const source = from
      ? `Kyverno policy ${policyName}, cloned from ${from.namespace}/${from.name}`
      : `Kyverno policy ${policyName}`;
    return owner(
      'kyverno',
      'Kyverno',
      source,
      from
        ? "Kyverno clones the source secret into this namespace; with the rule's synchronize on, it puts the source's data back over a change made here."
        : "Kyverno generates this secret from the policy; with the rule's synchronize on, it puts the policy's data back over a change made here.",
      {
        badge: from
          ? `Copy of ${from.namespace}/${from.name} (Kyverno)`
          : `Generated by Kyverno (policy ${policyName})`,
        sourceSecret: from,
      },
    );
  },
};

export const secretRules: OwnershipRule[] = [
  externalSecrets,
  sealedSecrets,
  vaultSecretsOperator,
  rancherProject,
  rancherLegacy,
  reflector,
  kyverno,
];
