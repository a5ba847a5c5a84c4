/** Pure: the Docker config a dockerconfigjson secret holds, checked without quoting it. */
import {
  DockerConfigError,
  parseDockerConfig,
  type DockerConfig,
  DOCKERCONFIGJSON_KEY,
} from './dockerconfig';
import { configProblems, parseJsonSafely } from './masking';

export function decodeConfig(secret: { data?: Record<string, string> | undefined }): DockerConfig {
  const encoded = secret.data?.[DOCKERCONFIGJSON_KEY];
  if (!encoded) throw new DockerConfigError(`no ${DOCKERCONFIGJSON_KEY} key`);
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  // Parse first without the parser's message (it quotes the input, i.e. the password).
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) throw new DockerConfigError(parsed.problem);
  const problem = configProblems(parsed.value).find((message) => !message.startsWith('entry '));
  if (problem) throw new DockerConfigError(problem);
  return parseDockerConfig(text);
}
