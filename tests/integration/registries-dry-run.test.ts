/**
 * Registry writes across namespaces as one previewed write, on the test cluster: a dry run
 * (create, edit, sync, delete of a project registry) changes no resourceVersion kubectl reads
 * and creates or deletes nothing; the write answers, per namespace, the resourceVersion kubectl
 * then reads.
 */
import { describe, expect, it } from 'vitest';
import type { RegistryFanOut } from '../../electron/core/api/contract';
import { getSecretArgs } from '../kit/kubectl';
import { invoke } from './cluster-core';
import * as kit from './registries-kit';

const CONTEXT = 'alpha-admin';
const NAMESPACES = ['team1-dev', 'team1-staging'];
const project = { kind: 'project', project: 'p-team1', projectKind: 'rancher' } as const;

/** The resourceVersion kubectl reads, or null when there is no such secret. */
function versionOf(namespace: string, name: string): string | null {
  const found = kit.kubectl(
    CONTEXT,
    getSecretArgs(namespace, name, 'jsonpath={.metadata.resourceVersion}'),
  );
  return found.trim() || null;
}
const versions = (name: string) => NAMESPACES.map((namespace) => versionOf(namespace, name));
const answered = (answer: RegistryFanOut) =>
  answer.targets.map((target) => [target.namespace, target.written, target.resourceVersion]);
/** A dry run in both namespaces: each copy would be `outcome`, nothing is written, no version moves. */
function expectDryRunInBoth(
  dry: RegistryFanOut,
  outcome: 'created' | 'updated' | 'deleted',
  name: string,
  before: Array<string | null>,
) {
  expect(dry.results.map((result) => result.outcome)).toEqual([outcome, outcome]);
  expect(answered(dry)).toEqual(NAMESPACES.map((namespace, at) => [namespace, false, before[at]]));
  expect(versions(name)).toEqual(before);
}
/** The references a delete or a sync of registry `name` takes of `copies` (at their versions). */
const copyRefs = (
  name: string,
  copies: Array<{ namespace: string; uid: string; resourceVersion: string }>,
) =>
  copies.map(({ namespace, uid, resourceVersion }) => ({ namespace, name, uid, resourceVersion }));
const copiesOf = async (name: string) => {
  const list = await invoke(kit.app, 'registries:list', { context: CONTEXT, refresh: true });
  return kit.group(list, name)!.copies;
};

describe('registry writes across namespaces: dry run, then write', () => {
  it('create: the dry run creates nothing; the write answers the versions kubectl reads', async () => {
    const name = kit.unique('dry');
    const dry = await kit.createRegistry(name, { scope: project, dryRun: true });
    expectDryRunInBoth(dry, 'created', name, [null, null]);
    expect(dry.written).toBe(false);

    const wrote = await kit.createRegistry(name, { scope: project });
    expect(wrote.written).toBe(true);
    const now = versions(name);
    expect(now.every(Boolean)).toBe(true);
    expect(answered(wrote)).toEqual(NAMESPACES.map((namespace, at) => [namespace, true, now[at]]));
  });

  it('edit, sync and delete: a dry run changes no resourceVersion; the write answers kubectl’s', async () => {
    const name = kit.unique('dryedit');
    await kit.createRegistry(name, { scope: project });
    const before = versions(name);
    const copies = await copiesOf(name);
    const edit = {
      context: CONTEXT,
      copies: copies.map(({ namespace, resourceVersion }) => ({
        namespace,
        name,
        resourceVersion,
      })),
      entryKey: kit.basic().host,
      host: kit.basic().host,
      username: 'alice',
      password: kit.alice().password,
    };
    const dry = await invoke(kit.app, 'registries:edit', {
      ...edit,
      operationId: kit.op(),
      dryRun: true,
    });
    // The version read is the version the write will be checked against.
    expectDryRunInBoth(dry, 'updated', name, before);

    const wrote = await invoke(kit.app, 'registries:edit', { ...edit, operationId: kit.op() });
    const edited = versions(name);
    expect(edited).not.toEqual(before);
    expect(answered(wrote)).toEqual(
      NAMESPACES.map((namespace, at) => [namespace, true, edited[at]]),
    );

    // Sync from team1-dev after a change there made team1-staging stale.
    const source = await copiesOf(name);
    const devCopy = source.find((copy) => copy.namespace === 'team1-dev')!;
    const changed = await invoke(kit.app, 'registries:edit', {
      ...edit,
      operationId: kit.op(),
      copies: [{ namespace: 'team1-dev', name, resourceVersion: devCopy.resourceVersion }],
      password: `${kit.alice().password}`,
      email: 'alice@example.test',
    });
    expect(changed.results[0]!.outcome).toBe('updated');
    const seen = await copiesOf(name);
    const sync = {
      context: CONTEXT,
      name,
      project: project.project,
      projectKind: project.projectKind,
      source: {
        namespace: 'team1-dev',
        resourceVersion: seen.find((copy) => copy.namespace === 'team1-dev')!.resourceVersion,
      },
      copies: copyRefs(name, seen),
    };
    const beforeSync = versions(name);
    const drySync = await invoke(kit.app, 'registries:sync', {
      ...sync,
      operationId: kit.op(),
      dryRun: true,
    });
    expect(answered(drySync)).toEqual([['team1-staging', false, beforeSync[1]]]);
    expect(versions(name)).toEqual(beforeSync);
    const synced = await invoke(kit.app, 'registries:sync', { ...sync, operationId: kit.op() });
    const afterSync = versions(name);
    expect(afterSync[0]).toBe(beforeSync[0]);
    expect(answered(synced)).toEqual([['team1-staging', true, afterSync[1]]]);

    // Delete: the dry run deletes nothing.
    const last = await copiesOf(name);
    const remove = {
      context: CONTEXT,
      copies: copyRefs(name, last),
    };
    const dryDelete = await invoke(kit.app, 'registries:delete', {
      ...remove,
      operationId: kit.op(),
      dryRun: true,
    });
    expectDryRunInBoth(dryDelete, 'deleted', name, afterSync);
    const deleted = await invoke(kit.app, 'registries:delete', {
      ...remove,
      operationId: kit.op(),
    });
    expect(answered(deleted)).toEqual(NAMESPACES.map((namespace) => [namespace, true, null]));
    expect(versions(name)).toEqual([null, null]);
  });
});
