/** The Pulls view as the integration tests wait for it: opened, then followed until it holds. */
import type { Core } from '../../electron/core';
import type { PullsView } from '../../electron/core/api/contract';
import { expect } from 'vitest';
import { invoke } from './cluster-core';

/** Opens the Pulls view of a context and waits until `done(view)` holds. */
export async function pullsUntil(
  app: Core,
  context: string,
  done: (view: PullsView) => boolean,
  what: string,
  timeoutMs = 45_000,
): Promise<PullsView> {
  let last: PullsView | null = null;
  let stop: () => void = () => undefined;
  const reached = new Promise<PullsView>((resolve) => {
    stop = app.events.listen((event, payload) => {
      const view = payload as PullsView;
      if (event !== 'pulls:changed' || view.context !== context) return;
      last = view;
      if (done(view)) resolve(view);
    });
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = await invoke(app, 'pulls:open', { context });
    last = first;
    if (done(first)) return first;
    return await Promise.race([
      reached,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${what} not reached: ${JSON.stringify(last).slice(0, 2000)}`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    stop();
  }
}

type Failing = PullsView['failing'][number];

/**
 * Opens the Pulls view and waits until workload `name` is failing (with diagnosis `kind` when
 * given); answers the view and that workload's row.
 */
export async function failingUntil(
  app: Core,
  context: string,
  name: string,
  what: string,
  kind?: Failing['diagnosis']['kind'],
): Promise<{ view: PullsView; item: Failing }> {
  const view = await pullsUntil(
    app,
    context,
    (current) =>
      current.failing.some(
        (item) => item.name === name && (kind === undefined || item.diagnosis.kind === kind),
      ),
    what,
  );
  return { view, item: view.failing.find((item) => item.name === name)! };
}

/**
 * The write of a previewed fix: at a version the object no longer has it is refused
 * (KUBE_CONFLICT); at the version its dry run read (`seen`) it is written. Answers that write.
 */
export async function staleRefusedThenWritten<A extends { written: boolean }>(
  writeAt: (resourceVersion: string) => Promise<A>,
  seen: string,
): Promise<A> {
  await expect(writeAt('1')).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
  const written = await writeAt(seen);
  expect(written.written).toBe(true);
  return written;
}
