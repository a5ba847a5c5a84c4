/**
 * A copy kept by an in-cluster engine (External Secrets, Reflector, Rancher, Kyverno, …) is never
 * written: edit, rotate and delete refuse it before anything is written (OWNED_BY_ENGINE, naming
 * the engine and its source), and a write under way re-checks the secret it read. Create and
 * sync leave a same-named engine copy in place: "provided by <engine>" when it holds the same
 * credentials, else a named clash. Owner details never quote the secret's data.
 */
import type { V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { EngineOwner, WriteResult } from '../api/contract';
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
 * Reads every target as it is now and throws OWNED_BY_ENGINE when any is kept by an engine,
 * before anything is written. A target that cannot be read is left to the write to report.
 */
export async function refuseOwned<T extends Named & { context?: string }>(
  action: string,
  targets: T[],
  read: (target: T) => Promise<V1Secret>,
): Promise<void> {
  const limit = pLimit(8);
  const owners = await Promise.all(
    targets.map((target) =>
      limit(async () => {
        try {
          return secretOwner((await read(target)).metadata);
        } catch {
          return null;
        }
      }),
    ),
  );
  const owned = targets.flatMap((target, index) => {
    const owner = owners[index];
    return owner ? [{ ...target, owner }] : [];
  });
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
  let same = false;
  try {
    same = sameCredentials(decodeConfig(existing), wanted);
  } catch {
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
