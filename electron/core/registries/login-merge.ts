/** Pure: one login merged into a docker config as an edit does (a changed host replaces its entry). */
import { mergeDockerConfig, type DockerConfig } from '../dockerconfig/dockerconfig';
import { canonicalRegistry, configKeyFor } from '../oci/hosts';

export interface LoginChange {
  /** the entry the user edited; a different host replaces it */
  entryKey?: string | undefined;
  host: string;
  username: string;
  email?: string | undefined;
}

export function withLogin(
  config: DockerConfig,
  input: LoginChange,
  password: string,
): DockerConfig {
  const key = configKeyFor(input.host);
  let next = config;
  if (input.entryKey && canonicalRegistry(input.entryKey) !== canonicalRegistry(key)) {
    const { [input.entryKey]: _replaced, ...rest } = config.auths;
    next = { ...config, auths: rest };
  }
  return mergeDockerConfig(next, key, {
    username: input.username,
    password,
    email: input.email || undefined,
  });
}
