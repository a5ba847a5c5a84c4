/**
 * Pure: what a registry secret looks like to a reader, the same in the detail and in a write's
 * dry run: its config with the passwords masked, and the equivalent kubectl command (the
 * password a placeholder unless asked for).
 */
import { entriesOf, type DockerConfig, serializeDockerConfig } from './dockerconfig';
import { kubectlCreateSecretCommand, shellQuote } from './kubectl-command';
import { maskedConfigText } from './masking';

/** The kubectl command that writes `config` as secret `name`; a multi-registry config from a file. */
export function registryKubectlCommand(
  context: string,
  namespace: string,
  name: string,
  config: DockerConfig,
  withPassword: boolean,
): string {
  const entries = entriesOf(config);
  if (entries.length === 1) {
    const [entry] = entries;
    return kubectlCreateSecretCommand({
      context,
      name,
      namespace,
      server: entry!.key,
      username: entry!.username,
      password: withPassword ? entry!.password : null,
      email: entry!.email,
    });
  }
  // Several registries in one secret: kubectl takes the whole config file.
  return `kubectl --context ${shellQuote(context)} create secret generic ${shellQuote(name)} --namespace ${shellQuote(namespace)} --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=./config.json`;
}

/** The secret as it would be written in `namespace`: masked config and kubectl command. */
export function secretLook(context: string, namespace: string, name: string, config: DockerConfig) {
  return {
    namespace,
    name,
    maskedConfig: maskedConfigText(serializeDockerConfig(config)),
    kubectlCommand: registryKubectlCommand(context, namespace, name, config, false),
  };
}
