/**
 * Pure: the workload PullKey creates, following Rancher/kubectl habits (docs/architecture.md):
 * replicas 1 by default, one container named after the workload, label
 * app.kubernetes.io/name=<name> on metadata, selector and template; the chosen pull secrets.
 */
import { stringify } from 'yaml';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';
import { shellQuote } from '../dockerconfig/kubectl-command';

const NAME_LABEL = 'app.kubernetes.io/name';

export interface WorkloadInput {
  kind: 'Deployment' | 'Pod';
  name: string;
  namespace: string;
  image: string;
  replicas?: number | undefined;
  ports?: Array<{ containerPort: number; protocol?: 'TCP' | 'UDP' | undefined }> | undefined;
  env?: Array<{ name: string; value: string }> | undefined;
  pullSecrets: string[];
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never' | undefined;
}

/** The container fields the form sets (only those it has values for), under a given name. */
export function containerSpec(input: WorkloadInput, name: string) {
  return {
    name,
    image: input.image,
    ...(input.imagePullPolicy ? { imagePullPolicy: input.imagePullPolicy } : {}),
    ...(input.ports?.length
      ? {
          ports: input.ports.map((port) => ({
            containerPort: port.containerPort,
            protocol: port.protocol ?? 'TCP',
          })),
        }
      : {}),
    ...(input.env?.length
      ? { env: input.env.map((variable) => ({ name: variable.name, value: variable.value })) }
      : {}),
  };
}

function podSpec(input: WorkloadInput) {
  return {
    containers: [containerSpec(input, input.name)],
    ...(input.pullSecrets.length
      ? { imagePullSecrets: input.pullSecrets.map((name) => ({ name })) }
      : {}),
  };
}

export function buildWorkload(input: WorkloadInput) {
  const labels = { [NAME_LABEL]: input.name, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  if (input.kind === 'Pod') {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: input.name, namespace: input.namespace, labels },
      spec: podSpec(input),
    };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: input.namespace, labels },
    spec: {
      replicas: input.replicas ?? 1,
      selector: { matchLabels: { [NAME_LABEL]: input.name } },
      template: { metadata: { labels: { [NAME_LABEL]: input.name } }, spec: podSpec(input) },
    },
  };
}

export function workloadYaml(input: WorkloadInput): string {
  return stringify(buildWorkload(input));
}

export function kubectlApplyCommand(input: WorkloadInput, context?: string): string {
  const contextFlag = context ? ` --context ${shellQuote(context)}` : '';
  return `kubectl${contextFlag} apply -f - <<'EOF'\n${workloadYaml(input)}EOF`;
}
