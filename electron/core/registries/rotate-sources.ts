/**
 * "Update password everywhere" grouped by source (issue 20): a copy an engine keeps is never
 * written. When its source is a secret PullKey can write (Reflector, Kyverno clone, the source of
 * a Kubernetes-provider ExternalSecret) that holds the same login, the source is the target (once,
 * however many copies follow it) and the copy is reported "follows from source"; otherwise the
 * copy stays a named non-target saying why.
 */
import type {
  RegistryCopy,
  RotateFollower,
  RotateTarget,
  SecretName,
  WriteResult,
} from '../api/contract';
import { entriesOf } from '../dockerconfig/dockerconfig';
import { decodeConfig } from '../dockerconfig/secret-config';
import type { KubeSession } from '../kube/session';
import { canonicalRegistry } from '../oci/hosts';
import { secretOwner } from '../ownership/owner';
import { createSourceReader, type SourceReader } from '../ownership/source-read';
import type { WriteDeps, WriteKit } from './write-kit';

interface Login {
  host: string;
  username: string;
}

const keptBy = (copy: RegistryCopy) => `kept by ${copy.owner!.engineName} (${copy.owner!.source})`;
const same = (a: SecretName, b: SecretName) => a.namespace === b.namespace && a.name === b.name;
const followsMessage = (source: SecretName, engineName: string) =>
  `follows from source ${source.namespace}/${source.name} (${engineName}): the source is changed, never this copy`;

/** Holds `login` (canonical host + username): the key of that entry, else null. */
function keyHolding(config: ReturnType<typeof decodeConfig>, login: Login): string | null {
  const wanted = canonicalRegistry(login.host);
  return (
    entriesOf(config).find(
      (entry) => entry.registry === wanted && entry.username === login.username,
    )?.key ?? null
  );
}

export function createRotateSources(deps: WriteDeps, kit: Pick<WriteKit, 'readSecret'>) {
  /** The source secret as a rotate target, or why it cannot be one. */
  async function sourceTarget(
    session: KubeSession,
    source: SecretName,
    login: Login,
  ): Promise<RotateTarget | { why: string }> {
    let secret;
    try {
      secret = await kit.readSecret(session, source.namespace, source.name);
    } catch (error) {
      return {
        why: `its source ${source.namespace}/${source.name} could not be read (${(error as Error).message})`,
      };
    }
    const owner = secretOwner(secret.metadata);
    if (owner)
      return {
        why: `its source ${source.namespace}/${source.name} is itself kept by ${owner.engineName}`,
      };
    let key: string | null;
    try {
      key = keyHolding(decodeConfig(secret), login);
    } catch {
      key = null;
    }
    if (!key)
      return {
        why: `its source ${source.namespace}/${source.name} does not hold ${login.username}@${canonicalRegistry(login.host)}`,
      };
    return {
      context: session.context,
      namespace: source.namespace,
      name: source.name,
      key,
      resourceVersion: secret.metadata?.resourceVersion ?? '',
    };
  }

  /**
   * The scan's owned copies of one context holding the login: each writable source once as a
   * target (unless already one), the copies as followers, the rest as named non-targets.
   */
  async function scan(
    context: string,
    owned: RegistryCopy[],
    targets: RotateTarget[],
    login: Login,
  ): Promise<{ targets: RotateTarget[]; follows: RotateFollower[]; errors: WriteResult[] }> {
    const added: RotateTarget[] = [];
    const follows: RotateFollower[] = [];
    const errors: WriteResult[] = [];
    if (!owned.length) return { targets: added, follows, errors };
    const session = await deps.clusters.session(context);
    const reader = createSourceReader(session);
    const isTarget = (source: SecretName) =>
      [...targets, ...added].some((target) => target.context === context && same(target, source));
    for (const copy of owned) {
      const base = { context, namespace: copy.namespace, name: copy.name };
      const found = await reader.sourceOf(copy.owner!);
      let why = found.why ?? '';
      if (found.secret) {
        const source = found.secret;
        const target = isTarget(source) ? null : await sourceTarget(session, source, login);
        if (!target || !('why' in target)) {
          if (target) added.push(target);
          follows.push({ ...base, engineName: copy.owner!.engineName, source });
          continue;
        }
        why = target.why;
      }
      errors.push({
        ...base,
        outcome: 'clash',
        message: `${keptBy(copy)}: not a target; ${why || 'change its source'}`,
      });
    }
    return { targets: added, follows, errors };
  }

  /** After a rotate: the copies (holding the login) whose source was just updated follow it. */
  async function followersAfter(
    login: Login,
    targets: RotateTarget[],
    results: WriteResult[],
  ): Promise<WriteResult[]> {
    const updated = targets.filter((target) =>
      results.some(
        (result) =>
          result.outcome === 'updated' && result.context === target.context && same(result, target),
      ),
    );
    const followers: WriteResult[] = [];
    for (const context of new Set(updated.map((target) => target.context))) {
      let reader: SourceReader;
      let copies: RegistryCopy[];
      try {
        reader = createSourceReader(await deps.clusters.session(context));
        copies = (await deps.list(context)).groups.flatMap((group) => group.copies);
      } catch {
        continue;
      }
      for (const copy of copies) {
        if (
          !copy.owner ||
          !copy.entries.some(
            (entry) =>
              entry.registry === canonicalRegistry(login.host) && entry.username === login.username,
          )
        )
          continue;
        const found = await reader.sourceOf(copy.owner);
        const source = found.secret;
        if (
          !source ||
          !updated.some((target) => target.context === context && same(target, source))
        )
          continue;
        followers.push({
          context,
          namespace: copy.namespace,
          name: copy.name,
          outcome: 'unchanged',
          message: followsMessage(source, copy.owner.engineName),
        });
      }
    }
    return followers;
  }

  return { scan, followersAfter };
}
