import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
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
      z.object({ caFile: z.string().optional(), insecureSkipVerify: z.boolean().optional() }),
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

export interface SettingsStore {
  readonly file: string;
  read(): Promise<Settings>;
  update(patch: Partial<Settings>): Promise<Settings>;
}

/**
 * App state in `<dir>/settings.json` (Electron's userData; a temp folder in tests). Writes are
 * atomic (temp file + rename) and serialised. A corrupt file is set aside, never lost.
 */
export function createSettingsStore(dir: string): SettingsStore {
  const file = path.join(dir, 'settings.json');
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('SETTINGS_FAILED', `Cannot read ${file}: ${(error as Error).message}`);
    }
    try {
      return settingsSchema.parse(JSON.parse(text));
    } catch {
      await rename(file, `${file}.corrupt-${Date.now()}`).catch(() => undefined);
      return {};
    }
  }

  async function write(settings: Settings): Promise<void> {
    await mkdir(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, file);
  }

  return {
    file,
    read,
    update(patch) {
      const next = queue.then(async () => {
        const merged = settingsSchema.parse({ ...(await read()), ...patch });
        await write(merged);
        return merged;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
