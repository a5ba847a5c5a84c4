import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildWorkload, kubectlApplyCommand, workloadYaml } from '@core/deploy/manifest';

describe('workload manifest', () => {
  it('builds a Deployment the Rancher/kubectl way', () => {
    expect(
      buildWorkload({
        kind: 'Deployment',
        name: 'hello',
        namespace: 'team1-dev',
        image: 'localhost:5000/team/hello:1.0',
        pullSecrets: ['regcred'],
      }),
    ).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'hello',
        namespace: 'team1-dev',
        labels: { 'app.kubernetes.io/name': 'hello', 'app.kubernetes.io/managed-by': 'pullkey' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'hello' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'hello' } },
          spec: {
            containers: [{ name: 'hello', image: 'localhost:5000/team/hello:1.0' }],
            imagePullSecrets: [{ name: 'regcred' }],
          },
        },
      },
    });
  });

  it('builds a bare Pod like the seed pod.yml, with ports and env', () => {
    const pod = buildWorkload({
      kind: 'Pod',
      name: 'web',
      namespace: 'sandbox',
      image: 'nginx',
      replicas: 3,
      pullSecrets: [],
      ports: [{ containerPort: 80 }],
      env: [{ name: 'MODE', value: 'prod' }],
    });
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web',
        namespace: 'sandbox',
        labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/managed-by': 'pullkey' },
      },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'MODE', value: 'prod' }],
          },
        ],
      },
    });
  });

  it('renders YAML and a kubectl apply command that round-trip', () => {
    const input = {
      kind: 'Deployment' as const,
      name: 'a',
      namespace: 'n',
      image: 'i',
      pullSecrets: ['s'],
      replicas: 2,
    };
    expect(parse(workloadYaml(input))).toEqual(buildWorkload(input));
    const command = kubectlApplyCommand(input, 'alpha-admin');
    expect(command.startsWith("kubectl --context alpha-admin apply -f - <<'EOF'\n")).toBe(true);
    expect(command.endsWith('EOF')).toBe(true);
  });
});
