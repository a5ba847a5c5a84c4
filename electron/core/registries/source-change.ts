/**
 * "Change the source instead" (issue 20): for a copy an engine keeps, PullKey writes its SOURCE
 * (a Reflector or Kyverno source secret, the source secret of a Kubernetes-provider
 * ExternalSecret), never the copy. A previewed write: the dry run shows the source's masked config
 * after the change and the copies that will follow, with the source's version; the write merges
 * the login into the source only, refused if the source changed since that version (and by the
 * API server's precondition too). A source PullKey cannot write is named with why.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type {
  CopySourceAnswer,
  EngineOwner,
  FollowingCopy,
  SecretName,
  SourceChangeAnswer,
} from '../api/contract';
import { AppError } from '../api/errors';
import { serializeDockerConfig, type DockerConfig } from '../dockerconfig/dockerconfig';
import { maskedConfigText } from '../dockerconfig/masking';
import { decodeConfig } from '../dockerconfig/secret-config';
import type { KubeSession } from '../kube/session';
import { secretOwner } from '../ownership/owner';
import { createSourceReader, type SourceReader } from '../ownership/source-read';
import type { LoginInput } from './credentials';
import { withLogin } from './login-merge';
import type { WriteDeps, WriteKit } from './write-kit';

export interface SourceChangeInput extends LoginInput, SecretName {
  context: string;
  entryKey?: string | undefined;
  skipVerify?: boolean | undefined;
  dryRun?: boolean | undefined;
  resourceVersion?: string | undefined;
}

const sameName = (a: SecretName, b: SecretName) => a.namespace === b.namespace && a.name === b.name;

/** The copies in this context whose source is `source` (read through one reader). */
export async function followersOf(
  source: SecretName,
  copies: Array<SecretName & { owner?: EngineOwner | null | undefined }>,
  reader: SourceReader,
): Promise<FollowingCopy[]> {
  const follows: FollowingCopy[] = [];
  for (const copy of copies) {
    if (!copy.owner) continue;
    const found = await reader.sourceOf(copy.owner);
    if (found.secret && sameName(found.secret, source))
      follows.push({
        namespace: copy.namespace,
        name: copy.name,
        engineName: copy.owner.engineName,
      });
  }
  return follows.sort((a, b) => a.namespace.localeCompare(b.namespace));
}

export function createSourceChange(
  deps: WriteDeps,
  kit: Pick<WriteKit, 'readSecret' | 'replaceConfig'>,
) {
  const { clusters, tls } = deps;
  const { passwordFor, verify, remember } = deps.credentials;

  async function resolve(session: KubeSession, copy: SecretName) {
    const secret = await kit.readSecret(session, copy.namespace, copy.name);
    const owner = secretOwner(secret.metadata);
    if (!owner)
      throw new AppError(
        'INVALID_INPUT',
        `${copy.namespace}/${copy.name} is not kept by an engine: edit it directly.`,
      );
    const reader = createSourceReader(session);
    return { owner, reader, found: await reader.sourceOf(owner) };
  }

  /** Where the copy's source is, and the copies in this context that follow it. */
  async function sourceOf(
    context: string,
    namespace: string,
    name: string,
  ): Promise<CopySourceAnswer> {
    const session = await clusters.session(context);
    const { reader, found } = await resolve(session, { namespace, name });
    if (!found.secret) return { ...found, follows: [] };
    const copies = (await deps.list(context)).groups.flatMap((group) => group.copies);
    return { ...found, follows: await followersOf(found.secret, copies, reader) };
  }

  /** The source secret, read and checked: not itself kept by an engine, holding a docker config. */
  async function readSource(session: KubeSession, source: SecretName): Promise<V1Secret> {
    const secret = await kit.readSecret(session, source.namespace, source.name);
    const owner = secretOwner(secret.metadata);
    if (owner)
      throw new AppError(
        'OWNED_BY_ENGINE',
        `The source ${source.namespace}/${source.name} is itself kept by ${owner.engineName} (${owner.source}): change that source. Nothing was changed.`,
      );
    return secret;
  }

  async function changeSource(input: SourceChangeInput): Promise<SourceChangeAnswer> {
    const session = await clusters.session(input.context);
    const answer = await sourceOf(input.context, input.namespace, input.name);
    const source = answer.secret;
    if (!source)
      throw new AppError(
        'OWNED_BY_ENGINE',
        `PullKey cannot change the source of ${input.namespace}/${input.name}: ${answer.where}: ${answer.why ?? ''} Nothing was changed.`,
      );
    const secret = await readSource(session, source);
    let config: DockerConfig;
    try {
      config = decodeConfig(secret);
    } catch (error) {
      throw new AppError(
        'SECRET_INVALID',
        `The source ${source.namespace}/${source.name} holds no readable .dockerconfigjson (${(error as Error).message}): PullKey changes only a docker config. Nothing was changed.`,
      );
    }
    const read = secret.metadata?.resourceVersion ?? null;
    const follows = answer.follows;
    const followText = follows.length
      ? follows.map((copy) => `- ${copy.namespace}/${copy.name} (${copy.engineName})`).join('\n')
      : '- none found in the namespaces you may read';
    const warning = `Only the source ${source.namespace}/${source.name} is written. ${follows.length} ${follows.length === 1 ? 'copy follows' : 'copies follow'} through ${follows.length === 1 ? 'its engine' : 'their engines'} (External Secrets at its next refresh, Reflector and Kyverno when they sync); PullKey never writes a copy.`;
    const preview = (merged: DockerConfig) =>
      `Secret ${source.namespace}/${source.name} (the source) after the change:\n${maskedConfigText(serializeDockerConfig(merged))}\n\nCopies that will follow (not written by PullKey):\n${followText}`;
    if (input.dryRun) {
      // The preview masks every password: the placeholder never reaches the answer.
      const merged = withLogin(config, input, input.password ?? 'placeholder');
      return {
        preview: preview(merged),
        written: false,
        resourceVersion: read,
        warning,
        source,
        follows,
      };
    }
    if (!input.resourceVersion)
      throw new AppError(
        'INVALID_INPUT',
        'Preview the change first: the write needs the version previewed.',
      );
    if (read !== input.resourceVersion)
      throw new AppError(
        'KUBE_CONFLICT',
        `The source ${source.namespace}/${source.name} changed since the preview: nothing was written; preview again.`,
      );
    const password = await passwordFor(input);
    if (!input.skipVerify) await verify({ ...input, password });
    await tls.remember(input);
    const merged = withLogin(config, input, password);
    const written = await kit.replaceConfig(session, secret, merged, input.resourceVersion);
    const warnings: string[] = [];
    await remember(input, password, warnings);
    return {
      preview: preview(merged),
      written: true,
      resourceVersion: written,
      warning: [warning, ...warnings].join(' '),
      source,
      follows,
    };
  }

  return { sourceOf, changeSource };
}
