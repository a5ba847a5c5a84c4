/**
 * "Update password everywhere": find every secret holding host + username across contexts, then
 * write the new password into each one the scan saw (verified first, version-checked).
 */
import type { RegistryCopy, RotateFollower, RotateTarget, WriteResult } from '../api/contract';
import { entriesOf, mergeDockerConfig } from '../dockerconfig/dockerconfig';
import { canonicalRegistry } from '../oci/hosts';
import { decodeConfig } from '../dockerconfig/secret-config';
import { failureResult } from './outcomes';
import { keptResult, refuseOwned } from './owned-copies';
import { createRotateSources } from './rotate-sources';
import { changedSinceSeen, type WriteDeps, type WriteKit } from './write-kit';

export function createRegistryRotation(deps: WriteDeps, kit: WriteKit) {
  const { clusters, list } = deps;
  const { verify, remember } = deps.credentials;
  const { writeAll, readSecret, replaceConfig } = kit;
  const sources = createRotateSources(deps, kit);

  async function rotateScan(host: string, username: string, contexts: string[]) {
    const wanted = canonicalRegistry(host);
    const targets: RotateTarget[] = [];
    const errors: WriteResult[] = [];
    const follows: RotateFollower[] = [];
    for (const context of contexts) {
      try {
        const registries = await list(context, true);
        const owned: RegistryCopy[] = [];
        for (const group of registries.groups) {
          for (const copy of group.copies) {
            for (const entry of copy.entries) {
              if (entry.registry !== wanted || entry.username !== username) continue;
              if (copy.owner) {
                // An engine's copy is never a target: its writable source is (rotate-sources).
                if (!owned.includes(copy)) owned.push(copy);
              } else {
                targets.push({
                  context,
                  namespace: copy.namespace,
                  name: copy.name,
                  key: entry.key,
                  resourceVersion: copy.resourceVersion,
                });
              }
            }
          }
        }
        const grouped = await sources.scan(context, owned, targets, { host, username });
        targets.push(...grouped.targets);
        follows.push(...grouped.follows);
        errors.push(...grouped.errors);
      } catch (error) {
        errors.push(failureResult(context, '', '', error));
      }
    }
    return { targets, errors, follows };
  }

  /**
   * "Update password everywhere": the new password is verified against the registry first (a
   * wrong one writes nothing); each target is written only if it still holds host + username at
   * the version the scan saw (precondition on the write: a secret changed or deleted since is
   * reported, never re-created, and a removed entry is not re-added); the keychain is updated
   * only once at least one write succeeded.
   */
  async function rotate(input: {
    operationId: string;
    host: string;
    username: string;
    password: string;
    targets: RotateTarget[];
  }) {
    await verify({ host: input.host, username: input.username, password: input.password });
    await refuseOwned('change the password of', input.targets, list);
    const wanted = canonicalRegistry(input.host);
    const where = (target: RotateTarget) => ({
      context: target.context,
      namespace: target.namespace,
      name: target.name,
    });
    const report = await writeAll(input.operationId, input.targets, where, async (target) => {
      const base = where(target);
      try {
        const session = await clusters.session(target.context);
        const secret = await readSecret(session, target.namespace, target.name);
        const kept = keptResult(secret, base);
        if (kept) return kept;
        if (secret.metadata?.resourceVersion !== target.resourceVersion) {
          return {
            ...base,
            outcome: 'conflict' as const,
            message: 'changed since the scan: not written; scan again',
          };
        }
        const config = decodeConfig(secret);
        const entry = entriesOf(config).find((candidate) => candidate.key === target.key);
        if (!entry || entry.registry !== wanted || entry.username !== input.username) {
          return {
            ...base,
            outcome: 'conflict' as const,
            message: `no longer holds ${input.username}@${wanted}: not written`,
          };
        }
        const merged = mergeDockerConfig(config, target.key, {
          username: input.username,
          password: input.password,
          email: entry.email ?? undefined,
        });
        await replaceConfig(session, secret, merged, target.resourceVersion);
        return { ...base, outcome: 'updated' as const };
      } catch (error) {
        return changedSinceSeen(
          failureResult(target.context, target.namespace, target.name, error),
        );
      }
    });
    report.results.push(...(await sources.followersAfter(input, input.targets, report.results)));
    if (report.results.some((result) => result.outcome === 'updated')) {
      await remember(input, input.password, report.warnings);
    } else {
      report.warnings.push('Nothing was written, so the keychain keeps the old password.');
    }
    return report;
  }

  return { rotateScan, rotate };
}
