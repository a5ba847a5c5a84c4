/**
 * The revert report for secrets (issue 20): a copy an engine keeps that someone changed behind the
 * engine's back (kubectl, another tool) and that the engine then put back is reported "put back by
 * <engine> at 12:03:15". Seen on the registries' one secrets watch: for a copy an engine keeps, a
 * change of its data from A to B and back to A is a revert by that engine, at the time the watch
 * saw it. Only hashes of the data are kept, never the data.
 */
import { createHash } from 'node:crypto';
import type { V1Secret } from '@kubernetes/client-node';
import type { InformerEvent } from '../kube/informer-policy';
import { secretOwner } from '../ownership/owner';

export interface PutBack {
  engineName: string;
  /** When the watch saw the engine's value come back (ISO time). */
  at: string;
}

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;
const hashOf = (secret: V1Secret) =>
  createHash('sha256')
    .update(JSON.stringify(secret.data ?? {}))
    .digest('hex');

export function createRevertWatch(now: () => Date = () => new Date()) {
  /** Per copy: the data hash before the last change, and the current one. */
  const seen = new Map<string, { uid: string; before: string | null; current: string }>();
  const putBack = new Map<string, PutBack>();

  function observe(event: InformerEvent<V1Secret>) {
    if (event.type !== 'upserted' && event.type !== 'deleted') return;
    const meta = event.object.metadata ?? {};
    const key = keyOf(meta.namespace ?? '', meta.name ?? '');
    if (event.type === 'deleted') {
      seen.delete(key);
      putBack.delete(key);
      return;
    }
    const owner = secretOwner(meta);
    if (!owner) {
      seen.delete(key);
      return;
    }
    const hash = hashOf(event.object);
    const last = seen.get(key);
    if (!last || last.uid !== (meta.uid ?? '')) {
      seen.set(key, { uid: meta.uid ?? '', before: null, current: hash });
      return;
    }
    if (last.current === hash) return;
    if (last.before === hash)
      putBack.set(key, { engineName: owner.engineName, at: now().toISOString() });
    seen.set(key, { uid: last.uid, before: last.current, current: hash });
  }

  return {
    observe,
    /** The last time the engine put this copy back, if the watch saw it. */
    putBackOf(namespace: string, name: string): PutBack | null {
      return putBack.get(keyOf(namespace, name)) ?? null;
    },
  };
}
