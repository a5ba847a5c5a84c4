/**
 * A copy kept by an in-cluster engine (External Secrets, Reflector, Rancher, Kyverno, …) is never
 * written: edit, rotate and delete refuse it before anything is written (OWNED_BY_ENGINE, naming
 * the engine and its source), and a write under way re-checks the secret it read. Create and
 * sync leave a same-named engine copy in place: "provided by <engine>" when it holds the same
 * credentials, else a named clash. Owner details never quote the secret's data.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { EngineOwner, RegistriesList, WriteResult } from '../api/contract';
import { AppError } from '../api/errors';
import { entriesOf, type DockerConfig } from '../dockerconfig/dockerconfig';
import { decodeConfig } from '../dockerconfig/secret-config';
import { secretOwner } from '../ownership/owner';
import type { WriteTarget } from './write-kit';

interface Named {
  namespace: string;
  name: string;
}

const keptBy = (owner: EngineOwner) => `kept by ${owner.engineName} (${owner.source})`;

/** The refusal of `action` on copies kept by engines: nothing was written. */
export function ownedRefusal(
  action: string,
  owned: Array<Named & { context?: string; owner: EngineOwner }>,
): AppError {
  const [first] = owned;
  const more = owned.length > 1 ? ` (and ${owned.length - 1} more kept by engines)` : '';
  return new AppError(
    'OWNED_BY_ENGINE',
    `PullKey does not ${action} a copy an engine keeps: ${first!.namespace}/${first!.name} is ${keptBy(first!.owner)}${more}. ${first!.owner.revert} Change the source instead. Nothing was changed.`,
    {
      owned: owned.map(({ context, namespace, name, owner }) => ({
        ...(context ? { context } : {}),
        namespace,
        name,
        engine: owner.engine,
        engineName: owner.engineName,
        source: owner.source,
      })),
    },
  );
}

/**
 * Throws OWNED_BY_ENGINE, before anything is written, when any target is a copy an engine keeps
 * in the live registries list (what the user saw). A write under way checks again the secret
 * it read (`keptResult`), so a copy an engine took over since is never written either.
 */
export async function refuseOwned<T extends Named>(
  action: string,
  targets: Array<T & { context: string }>,
  list: (context: string) => Promise<RegistriesList>,
): Promise<void> {
  const owned: Array<Named & { context: string; owner: EngineOwner }> = [];
  for (const context of new Set(targets.map((target) => target.context))) {
    const copies = new Map(
      (await list(context)).groups
        .flatMap((group) => group.copies)
        .map((copy) => [`${copy.namespace}/${copy.name}`, copy] as const),
    );
    for (const target of targets.filter((candidate) => candidate.context === context)) {
      const owner = copies.get(`${target.namespace}/${target.name}`)?.owner;
      if (owner) owned.push({ context, namespace: target.namespace, name: target.name, owner });
    }
  }
  if (owned.length) throw ownedRefusal(action, owned);
}

/** A write's guard on the secret it just read: an engine's copy is reported, never written. */
export function keptResult(secret: V1Secret, where: WriteTarget): WriteResult | null {
  const owner = secretOwner(secret.metadata);
  return owner
    ? { ...where, outcome: 'clash', message: `${keptBy(owner)}: not written; change its source` }
    : null;
}

/** Every login of `wanted` is in `existing` with the same username and password. */
export function sameCredentials(existing: DockerConfig, wanted: DockerConfig): boolean {
  const held = entriesOf(existing);
  return entriesOf(wanted).every((entry) =>
    held.some(
      (other) =>
        other.registry === entry.registry &&
        other.username === entry.username &&
        other.password === entry.password,
    ),
  );
}

/**
 * A same-named secret an engine keeps, where create or sync wanted to write `wanted`: "provided
 * by" the engine when it holds the same credentials, else a named clash; null when not owned.
 */
export function providedOrClash(
  existing: V1Secret,
  wanted: DockerConfig,
  where: WriteTarget,
): WriteResult | null {
  const owner = secretOwner(existing.metadata);
  if (!owner) return null;
  let same: boolean;
  try {
    same = sameCredentials(decodeConfig(existing), wanted);
  } catch {
    // An unreadable copy holds no credentials PullKey can compare: a clash.
    same = false;
  }
  return same
    ? {
        ...where,
        outcome: 'unchanged',
        message: `provided by ${owner.engineName} (${owner.source})`,
      }
    : {
        ...where,
        outcome: 'clash',
        message: `${keptBy(owner)} with other credentials: left in place; change its source`,
      };
}
