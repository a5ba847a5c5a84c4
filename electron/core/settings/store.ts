import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { tokenSource } from '../api/channels/tokens';
import { AppError } from '../api/errors';

const windowBounds = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean().default(false),
});

const settingsSchema = z.object({
  selectedContext: z.string().optional(),
  window: windowBounds.optional(),
  /** Namespaces the user added per context (where they may not list namespaces). */
  knownNamespaces: z.record(z.string(), z.array(z.string())).optional(),
  /** How to reach a self-hosted registry from this computer (laptop-side checks only). */
  registryTls: z
    .record(
      z.string(),
      // ca: PEM content kept for that host; caFile/insecureSkipVerify of older files are ignored.
      z.object({
        ca: z.string().max(65_536).optional(),
        caFile: z.string().optional(),
        insecureSkipVerify: z.boolean().optional(),
      }),
    )
    .optional(),
  /** Namespaces the user chose per project registry (registries/project-members.ts). */
  projectMembers: z.record(z.string(), z.array(z.string()).max(10_000)).optional(),
  /** Per context: the Pull doctor's automatic credential checks (pulls/checks/check-policy.ts). */
  pullChecks: z
    .record(
      z.string(),
      z.object({ automatic: z.boolean().optional(), localRegistries: z.boolean().optional() }),
    )
    .optional(),
  /** Per registry host: where a fresh token comes from (never a password), Keep fresh, contexts. */
  tokenSources: z
    .record(
      z.string().max(300),
      z.object({
        source: tokenSource,
        keepFresh: z.boolean().optional(),
        contexts: z.array(z.string().max(253)).max(100).optional(),
      }),
    )
    .optional(),
  /** Hard timeout of an exec credential plugin (kube/exec), in seconds; default 60. */
  execPluginTimeoutSeconds: z.number().positive().max(3600).optional(),
  /** The last deployments, newest first, to reopen their rollout views. */
  recentDeployments: z
    .array(
      z.object({
        context: z.string(),
        namespace: z.string(),
        kind: z.enum(['Deployment', 'Pod']),
        name: z.string(),
        image: z.string(),
        at: z.string(),
      }),
    )
    .optional(),
});

export type Settings = z.infer<typeof settingsSchema>;
export type WindowBounds = z.infer<typeof windowBounds>;

/** A patch, or a function of the current settings giving the patch (run inside the queue). */
export type SettingsPatch = Partial<Settings> | ((current: Settings) => Partial<Settings>);

export interface SettingsStore {
  readonly file: string;
  read(): Promise<Settings>;
  /**
   * Merges a patch into the file. To change part of a record or list (e.g. one host in
   * registryTls), pass a function: it reads the current value inside the write queue, so two
   * concurrent writers never lose each other's change.
   */
  update(patch: SettingsPatch): Promise<Settings>;
}

/** One write queue per settings file, shared by every store opened on it in this process. */
const queues = new Map<string, Promise<unknown>>();

/**
 * The last parse of each file, reused while its inode, size and mtime are unchanged: live lists
 * read settings on every push, and a stat is far cheaper than reading and validating the file.
 */
const parsed = new Map<string, { stamp: string; settings: Settings }>();

/**
 * A file modified this recently may be modified again within the same mtime tick (1 s on HFS+
 * and ext3, 2 s on FAT) without its stamp changing, so its parse is not kept (git's "racily
 * clean" rule): it is read again until it is older than that.
 */
const RACY_MS = 2_000;

/**
 * App state in `<dir>/settings.json` (Electron's userData; a temp folder in tests). Writes are
 * atomic (temp file + rename) and serialised through one queue per file. A corrupt file is set
 * aside, never lost.
 */
export function createSettingsStore(dir: string): SettingsStore {
  const file = path.resolve(dir, 'settings.json');
  let tempCount = 0;

  async function read(): Promise<Settings> {
    let text: string;
    let stamp: string;
    let racy: boolean;
    try {
      const info = await stat(file);
      stamp = `${info.ino}:${info.size}:${info.mtimeMs}`;
      racy = Date.now() - info.mtimeMs < RACY_MS;
      const kept = parsed.get(file);
      if (kept && kept.stamp === stamp) return structuredClone(kept.settings);
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('SETTINGS_FAILED', `Cannot read ${file}: ${(error as Error).message}`);
    }
    try {
      const settings = settingsSchema.parse(JSON.parse(text));
      if (racy) parsed.delete(file);
      else parsed.set(file, { stamp, settings });
      return structuredClone(settings);
    } catch {
      await rename(file, `${file}.corrupt-${Date.now()}`).catch(() => undefined);
      return {};
    }
  }

  async function write(settings: Settings): Promise<void> {
    await mkdir(dir, { recursive: true });
    const temp = `${file}.${process.pid}.${++tempCount}.tmp`;
    await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, file);
  }

  return {
    file,
    read,
    update(patch) {
      const next = (queues.get(file) ?? Promise.resolve()).then(async () => {
        const current = await read();
        const changes = typeof patch === 'function' ? patch(current) : patch;
        const merged = settingsSchema.parse({ ...current, ...changes });
        await write(merged);
        return merged;
      });
      const tail = next.catch(() => undefined);
      queues.set(file, tail);
      // Forget an idle file's queue (stores come and go in tests).
      void tail.then(() => {
        if (queues.get(file) === tail) queues.delete(file);
      });
      return next;
    },
  };
}
