/**
 * Pure: the "Keep fresh in the cluster" form — which provider a registry's token is from (the
 * token the back end recognised, else the host), the fields of the provider's auth kind (every
 * value kept while the user switches provider or kind: nothing typed is lost), the specific error
 * of each field (the contract's own zod shapes, `generatorAuth`), and the token source the form
 * describes for `cluster-refresh:keep-fresh`.
 */
import {
  generatorAuth,
  refreshInterval as durationSchema,
  type ChannelInput,
  type RegistryGroup,
} from '@core/api/contract';
import { ecrRegion, hostOf, registryKind } from '@core/tokens/hosts';
import { groupTokens } from '../../registries/logic/tokens';

export type TokenSourceInput = ChannelInput<'cluster-refresh:keep-fresh'>['tokenSource'];
export type Provider = TokenSourceInput['provider'];

export const providers: Array<{ value: Provider; label: string }> = [
  { value: 'ecr', label: 'Amazon ECR' },
  { value: 'gcr', label: 'Google Artifact Registry / GCR' },
  { value: 'acr', label: 'Azure Container Registry' },
];

export const authKinds: Record<Provider, Array<{ value: string; label: string }>> = {
  ecr: [
    { value: 'access-key', label: 'Access key (a Secret with the key id and secret key)' },
    { value: 'irsa', label: 'IRSA (a ServiceAccount with an IAM role)' },
  ],
  gcr: [
    { value: 'workload-identity', label: 'Workload identity (a ServiceAccount)' },
    { value: 'service-account-key', label: 'Service account key (a Secret with the JSON key)' },
  ],
  acr: [
    { value: 'workload-identity', label: 'Workload identity (a ServiceAccount)' },
    { value: 'managed-identity', label: 'Managed identity' },
    { value: 'service-principal', label: 'Service principal (a Secret with client id and secret)' },
  ],
};

/** Every field of every provider: switching keeps what was typed. */
export interface KeepFreshForm {
  provider: Provider;
  /** the auth kind of each provider */
  auth: Record<Provider, string>;
  region: string;
  role: string;
  serviceAccount: string;
  accessKeyIdName: string;
  accessKeyIdKey: string;
  secretAccessKeyName: string;
  secretAccessKeyKey: string;
  /** temporary credentials (AWS STS): the session token's Secret; empty: none */
  sessionTokenName: string;
  sessionTokenKey: string;
  projectId: string;
  clusterLocation: string;
  clusterName: string;
  clusterProjectId: string;
  keyName: string;
  keyKey: string;
  acrRegistry: string;
  tenantId: string;
  identityId: string;
  clientIdName: string;
  clientIdKey: string;
  clientSecretName: string;
  clientSecretKey: string;
  /** Go duration ("8s", "6h"); empty: half the token's life */
  interval: string;
}

export type FieldKey = Exclude<keyof KeepFreshForm, 'provider' | 'auth'>;

export interface FieldSpec {
  key: FieldKey;
  label: string;
  required: boolean;
  help?: string;
}

/** The cloud token of a project registry: its provider and host; null when it holds no cloud token. */
export function cloudTokenOf(group: RegistryGroup): { provider: Provider; host: string } | null {
  for (const shown of groupTokens(group)) {
    const kind = shown.token.kind;
    const provider = kind === 'jwt' ? registryKind(shown.host) : kind;
    if (provider) return { provider, host: shown.host };
  }
  return null;
}

/** A new form for `host`, preselected for `provider`. */
export function newForm(provider: Provider, host: string): KeepFreshForm {
  return {
    provider,
    auth: { ecr: 'access-key', gcr: 'workload-identity', acr: 'workload-identity' },
    region: ecrRegion(host),
    role: '',
    serviceAccount: '',
    accessKeyIdName: '',
    accessKeyIdKey: 'access-key-id',
    secretAccessKeyName: '',
    secretAccessKeyKey: 'secret-access-key',
    sessionTokenName: '',
    sessionTokenKey: 'session-token',
    projectId: '',
    clusterLocation: '',
    clusterName: '',
    clusterProjectId: '',
    keyName: '',
    keyKey: 'key.json',
    acrRegistry: provider === 'acr' ? hostOf(host) : '',
    tenantId: '',
    identityId: '',
    clientIdName: '',
    clientIdKey: 'client-id',
    clientSecretName: '',
    clientSecretKey: 'client-secret',
    interval: '',
  };
}

const field = (key: FieldKey, label: string, required = true, help?: string): FieldSpec => ({
  key,
  label,
  required,
  ...(help ? { help } : {}),
});

const serviceAccountField = field(
  'serviceAccount',
  'ServiceAccount',
  true,
  "In PullKey's namespace, with the cloud identity.",
);

const authFields: Record<Provider, Record<string, FieldSpec[]>> = {
  ecr: {
    irsa: [serviceAccountField],
    'access-key': [
      field('accessKeyIdName', 'Access key ID: Secret name'),
      field('accessKeyIdKey', 'Access key ID: key in the Secret'),
      field('secretAccessKeyName', 'Secret access key: Secret name'),
      field('secretAccessKeyKey', 'Secret access key: key in the Secret'),
      field(
        'sessionTokenName',
        'Session token: Secret name',
        false,
        'Temporary credentials (AWS STS) only; empty: none.',
      ),
      field('sessionTokenKey', 'Session token: key in the Secret', false),
    ],
  },
  gcr: {
    'workload-identity': [
      serviceAccountField,
      field('clusterLocation', 'Cluster location'),
      field('clusterName', 'Cluster name'),
      field('clusterProjectId', 'Cluster project ID', false),
    ],
    'service-account-key': [
      field('keyName', 'Service account key: Secret name'),
      field('keyKey', 'Service account key: key in the Secret'),
    ],
  },
  acr: {
    'workload-identity': [serviceAccountField],
    'managed-identity': [
      field('identityId', 'Identity ID', false, 'Empty: the node pool’s identity.'),
    ],
    'service-principal': [
      field('clientIdName', 'Client ID: Secret name'),
      field('clientIdKey', 'Client ID: key in the Secret'),
      field('clientSecretName', 'Client secret: Secret name'),
      field('clientSecretKey', 'Client secret: key in the Secret'),
    ],
  },
};

const providerFields: Record<Provider, FieldSpec[]> = {
  ecr: [field('region', 'AWS region'), field('role', 'IAM role to assume (ARN)', false)],
  gcr: [field('projectId', 'Google Cloud project ID')],
  acr: [field('acrRegistry', 'ACR registry'), field('tenantId', 'Azure tenant ID', false)],
};

export const intervalField = field(
  'interval',
  'Refresh every',
  false,
  "Empty: half the token's life (ECR 6h, GCR 30m, ACR 1h30m); never more. E.g. 10m, 1h.",
);

/** The fields shown for the form's provider and auth kind, in order (the interval last). */
export function fieldsOf(form: KeepFreshForm): FieldSpec[] {
  return [
    ...providerFields[form.provider],
    ...(authFields[form.provider][form.auth[form.provider]] ?? []),
    intervalField,
  ];
}

const text = (value: string) => value.trim();
const optional = <K extends string>(key: K, value: string) =>
  text(value) ? ({ [key]: text(value) } as Record<K, string>) : {};
const ref = (name: string, key: string) => ({ name: text(name), key: text(key) });

/** The token source the form describes (not validated). */
export function tokenSourceOf(form: KeepFreshForm): TokenSourceInput {
  const kind = form.auth[form.provider];
  if (form.provider === 'ecr') {
    const auth =
      kind === 'irsa'
        ? { kind: 'irsa' as const, serviceAccount: text(form.serviceAccount) }
        : {
            kind: 'access-key' as const,
            accessKeyId: ref(form.accessKeyIdName, form.accessKeyIdKey),
            secretAccessKey: ref(form.secretAccessKeyName, form.secretAccessKeyKey),
            ...(text(form.sessionTokenName)
              ? { sessionToken: ref(form.sessionTokenName, form.sessionTokenKey) }
              : {}),
          };
    return { provider: 'ecr', region: text(form.region), ...optional('role', form.role), auth };
  }
  if (form.provider === 'gcr') {
    const auth =
      kind === 'service-account-key'
        ? { kind: 'service-account-key' as const, key: ref(form.keyName, form.keyKey) }
        : {
            kind: 'workload-identity' as const,
            serviceAccount: text(form.serviceAccount),
            clusterLocation: text(form.clusterLocation),
            clusterName: text(form.clusterName),
            ...optional('clusterProjectId', form.clusterProjectId),
          };
    return { provider: 'gcr', projectId: text(form.projectId), auth };
  }
  const auth =
    kind === 'service-principal'
      ? {
          kind: 'service-principal' as const,
          clientId: ref(form.clientIdName, form.clientIdKey),
          clientSecret: ref(form.clientSecretName, form.clientSecretKey),
        }
      : kind === 'managed-identity'
        ? { kind: 'managed-identity' as const, ...optional('identityId', form.identityId) }
        : { kind: 'workload-identity' as const, serviceAccount: text(form.serviceAccount) };
  return {
    provider: 'acr',
    registry: text(form.acrRegistry),
    ...optional('tenantId', form.tenantId),
    auth,
  };
}

/** The form field of a zod issue path of the token source ("auth.accessKeyId.name" → accessKeyIdName). */
function fieldOfPath(path: readonly PropertyKey[]): FieldKey | null {
  const [first, second, third] = path.map(String);
  if (first === 'registry') return 'acrRegistry';
  if (first !== 'auth') return (first as FieldKey | undefined) ?? null;
  if (!third) return (second as FieldKey | undefined) ?? null;
  if (second === 'key') return third === 'name' ? 'keyName' : 'keyKey';
  return `${second}${third === 'name' ? 'Name' : 'Key'}` as FieldKey;
}

const MAX_INTERVAL_SECONDS = 86_400;
const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3 };

/** A Go duration ("1h30m", "8s") in whole seconds, or null when it is not one. */
export function durationSeconds(value: string): number | null {
  if (!durationSchema.safeParse(value).success) return null;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  return Math.floor(parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0));
}

function intervalError(value: string): string | null {
  if (!text(value)) return null;
  const seconds = durationSeconds(text(value));
  if (seconds === null) return 'Refresh every: a duration such as 10m, 1h or 90s';
  if (seconds < 1) return 'Refresh every: at least 1s';
  if (seconds > MAX_INTERVAL_SECONDS) return 'Refresh every: at most 24h';
  return null;
}

/**
 * The error of each shown field: "<Label> is required" when empty, else the contract's own
 * message ("AWS region: expected an AWS region, e.g. eu-west-1"). Empty: the form is valid.
 */
export function formErrors(form: KeepFreshForm): Partial<Record<FieldKey, string>> {
  const fields = fieldsOf(form);
  const errors: Partial<Record<FieldKey, string>> = {};
  for (const each of fields) {
    if (each.required && !text(form[each.key])) errors[each.key] = `${each.label} is required`;
  }
  const parsed = generatorAuth.safeParse(tokenSourceOf(form));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldOfPath(issue.path);
      const spec = fields.find((each) => each.key === key);
      if (spec && !errors[spec.key]) errors[spec.key] = `${spec.label}: ${issue.message}`;
    }
  }
  const interval = intervalError(form.interval);
  if (interval) errors.interval = interval;
  return errors;
}

/** The refresh interval in seconds, or undefined for the default (half the token's life). */
export function intervalSeconds(form: KeepFreshForm): number | undefined {
  return durationSeconds(text(form.interval)) ?? undefined;
}
