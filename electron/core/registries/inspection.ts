/** Reading one registry secret: the masked detail (config, kubectl command, YAML, users) and Reveal. */
import type { RegistryDetail, RevealedEntry } from '../api/contract';
import type { ClusterService } from '../kube/clusters';
import { accountPullSecretNames, readDefaultServiceAccount } from '../kube/default-service-account';
import type { KubeSession } from '../kube/session';
import { entriesOf, type DockerConfig, DOCKERCONFIGJSON_KEY } from '../dockerconfig/dockerconfig';
import { registryKubectlCommand as kubectlCommand } from '../dockerconfig/secret-look';
import { maskedSecretYaml } from '../dockerconfig/secret-manifest';
import { maskedConfigText } from '../dockerconfig/masking';
import { decodeConfig } from '../dockerconfig/secret-config';
import { revealableConfig, toCopy } from './model';
import type { WriteKit } from './write-kit';

export function createRegistryInspection(
  clusters: ClusterService,
  kit: Pick<WriteKit, 'readSecret'>,
) {
  const { readSecret } = kit;

  async function detail(context: string, namespace: string, name: string): Promise<RegistryDetail> {
    const session = await clusters.session(context);
    const secret = await readSecret(session, namespace, name);
    const copy = toCopy(secret);
    let config: DockerConfig | null;
    try {
      config = decodeConfig(secret);
    } catch {
      config = null;
    }
    const [workloads, defaultServiceAccount] = await Promise.all([
      workloadsUsing(session, namespace, name),
      readDefaultServiceAccount(session, namespace).then((account) =>
        account ? accountPullSecretNames(account).includes(name) : null,
      ),
    ]);
    return {
      copy,
      maskedConfig: maskedConfigText(
        Buffer.from(secret.data?.[DOCKERCONFIGJSON_KEY] ?? '', 'base64').toString('utf8'),
      ),
      kubectlCommand:
        config && !copy.invalid ? kubectlCommand(context, namespace, name, config, false) : '',
      yaml: maskedSecretYaml(secret),
      workloads,
      defaultServiceAccount,
    };
  }

  async function workloadsUsing(session: KubeSession, namespace: string, name: string) {
    const uses = (spec: { imagePullSecrets?: Array<{ name?: string }> } | undefined) =>
      (spec?.imagePullSecrets ?? []).some((ref) => ref.name === name);
    const [deployments, pods] = await Promise.all([
      session
        .call(() => session.apps.listNamespacedDeployment({ namespace }))
        .then((l) => l.items)
        .catch(() => []),
      session
        .call(() => session.core.listNamespacedPod({ namespace }))
        .then((l) => l.items)
        .catch(() => []),
    ]);
    return [
      ...deployments
        .filter((d) => uses(d.spec?.template.spec))
        .map((d) => ({ kind: 'Deployment', name: d.metadata?.name ?? '' })),
      ...pods
        .filter((p) => !(p.metadata?.ownerReferences ?? []).length && uses(p.spec))
        .map((p) => ({ kind: 'Pod', name: p.metadata?.name ?? '' })),
    ];
  }

  async function reveal(
    context: string,
    namespace: string,
    name: string,
  ): Promise<{ entries: RevealedEntry[]; kubectlCommand: string }> {
    const session = await clusters.session(context);
    const config = revealableConfig(await readSecret(session, namespace, name));
    return {
      entries: entriesOf(config).map((entry) => ({
        key: entry.key,
        username: entry.username,
        password: entry.password,
      })),
      kubectlCommand: kubectlCommand(context, namespace, name, config, true),
    };
  }

  return { detail, reveal };
}
