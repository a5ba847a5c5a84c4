/**
 * Fault injection on the real test cluster: the API server lost in the middle of a 200-namespace
 * project write. The test restarts the server before it ends, even when it fails.
 */
import { describe, expect, it, vi } from 'vitest';
import type { WriteResult } from '../../electron/core/api/contract';
import { startApiServer, stopApiServer } from '../cluster/faults';
import { invoke } from './cluster-core';
import { projectNamespacesList } from '../cluster/manifests';
import * as kit from './faults-kit';
import { registryUser } from '../kit/manifests';

describe('API server lost in the middle of a 200-namespace project write', () => {
  it('reports every namespace, leaves no half-written secret, and Retry failed completes all 200', async () => {
    const project = kit.unique('p-bulk');
    const namespaces = Array.from(
      { length: 200 },
      (_, i) => `${project}-${String(i).padStart(3, '0')}`,
    );
    kit.kubectl(['apply', '-f', '-'], JSON.stringify(projectNamespacesList(project, namespaces)));
    const secret = kit.unique('bulk');
    const login = registryUser(kit.state.registries.basic);
    const input = {
      context: kit.CONTEXT,
      name: secret,
      scope: { kind: 'project', project, projectKind: 'pullkey' },
      host: kit.state.registries.basic.host,
      username: login.username,
      password: login.password,
      skipVerify: true,
    };
    try {
      await vi.waitFor(
        async () => {
          const list = await invoke(kit.app, 'namespaces:list', {
            context: kit.CONTEXT,
            refresh: true,
          });
          expect(list.namespaces.filter((ns) => ns.name.startsWith(`${project}-`))).toHaveLength(
            200,
          );
        },
        { timeout: 30_000, interval: 500 },
      );
      const operationId = kit.unique('op');
      let killing: Promise<unknown> | null = null;
      const progress = kit.collect<{ operationId: string; done: number }>(
        'registries:progress',
        (event) => event.operationId === operationId,
      );
      const stopKill = kit.app.events.listen((name, payload) => {
        const event = payload as { operationId: string; done: number };
        if (name === 'registries:progress' && event.operationId === operationId && event.done >= 50)
          killing ??= stopApiServer('alpha');
      });
      const report = await invoke(kit.app, 'registries:create', {
        ...input,
        operationId,
      });
      stopKill();
      progress.stop();
      await Promise.resolve(killing);
      const byOutcome = (results: WriteResult[]) =>
        results.reduce<Record<string, number>>((counts, result) => {
          counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
          return counts;
        }, {});
      console.log(
        `[faults] 200-namespace write with the API server killed after ~50: ${JSON.stringify(byOutcome(report.results))}`,
      );
      expect(report.results.map((result) => result.namespace).sort()).toEqual(namespaces);
      expect(killing).not.toBeNull();
      const failed = report.results.filter((result) => result.outcome !== 'created');
      expect(failed.length).toBeGreaterThan(0);
      for (const result of failed) {
        expect(result.outcome).toBe('failed');
        expect(result.message).toMatch(/connection lost/i);
      }
      await startApiServer('alpha');

      // kubectl checks each namespace: the secret is absent or whole, never half-written.
      const expected = Buffer.from(
        JSON.stringify({
          auths: {
            [kit.state.registries.basic.host]: {
              username: login.username,
              password: login.password,
              auth: Buffer.from(`${login.username}:${login.password}`).toString('base64'),
            },
          },
        }),
      ).toString('base64');
      const written = () =>
        (
          JSON.parse(
            kit.kubectl([
              'get',
              'secrets',
              '-A',
              '--field-selector',
              `metadata.name=${secret}`,
              '-o',
              'json',
            ]),
          ) as {
            items: Array<{
              metadata: { namespace: string };
              type: string;
              data: Record<string, string>;
            }>;
          }
        ).items;
      const afterKill = written();
      for (const item of afterKill) {
        expect(item.type).toBe('kubernetes.io/dockerconfigjson');
        expect(item.data['.dockerconfigjson']).toBe(expected);
      }

      const retry = await invoke(kit.app, 'registries:create', {
        ...input,
        operationId: kit.unique('op'),
        onlyNamespaces: failed.map((result) => result.namespace),
      });
      console.log(
        `[faults] Retry failed after the restart: ${JSON.stringify(byOutcome(retry.results))}`,
      );
      for (const result of retry.results)
        expect(['created', 'unchanged']).toContain(result.outcome);
      const all = written();
      expect(all.map((item) => item.metadata.namespace).sort()).toEqual(namespaces);
      for (const item of all) expect(item.data['.dockerconfigjson']).toBe(expected);
    } finally {
      await kit.ensureApiServer();
      // Out of the project at once (deleting 200 namespaces takes the controller a while), so
      // later tests on this cluster do not see the project.
      kit.kubectl([
        'label',
        'namespace',
        '-l',
        `pullkey.dev/project=${project}`,
        'pullkey.dev/project-',
      ]);
      kit.kubectl(['delete', 'namespace', ...namespaces, '--wait=false', '--ignore-not-found']);
    }
  }, 300_000);
});
