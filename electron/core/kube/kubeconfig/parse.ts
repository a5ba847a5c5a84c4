import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

const clusterEntry = z.looseObject({
  name: z.string().min(1),
  cluster: z
    .looseObject({
      server: z.string().optional(),
      'certificate-authority': z.string().optional(),
    })
    .optional(),
});
const userEntry = z.looseObject({
  name: z.string().min(1),
  user: z
    .looseObject({
      'client-certificate': z.string().optional(),
      'client-key': z.string().optional(),
      tokenFile: z.string().optional(),
      exec: z.looseObject({ command: z.string().optional() }).optional(),
    })
    .optional(),
});
const contextEntry = z.looseObject({
  name: z.string().min(1),
  context: z
    .looseObject({
      cluster: z.string().optional(),
      user: z.string().optional(),
      namespace: z.string().optional(),
    })
    .optional(),
});

const kubeconfigSchema = z.looseObject({
  clusters: z.array(clusterEntry).nullish(),
  users: z.array(userEntry).nullish(),
  contexts: z.array(contextEntry).nullish(),
  'current-context': z.string().nullish(),
});

export type ClusterEntry = z.infer<typeof clusterEntry>;
export type UserEntry = z.infer<typeof userEntry>;
export type ContextEntry = z.infer<typeof contextEntry>;

export interface KubeconfigFile {
  file: string;
  clusters: ClusterEntry[];
  users: UserEntry[];
  contexts: ContextEntry[];
  currentContext: string | null;
}

export class KubeconfigParseError extends Error {
  readonly file: string;
  readonly reason: string;
  readonly line: number | undefined;

  constructor(file: string, reason: string, line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'KubeconfigParseError';
    this.file = file;
    this.reason = reason;
    this.line = line;
  }
}

/** kubectl resolves relative file references against the folder of the file that holds them. */
function resolveFrom(dir: string, value: string | undefined): string | undefined {
  if (!value || path.isAbsolute(value)) return value;
  return path.resolve(dir, value);
}

function resolveRelativePaths(
  config: z.infer<typeof kubeconfigSchema>,
  file: string,
): KubeconfigFile {
  const dir = path.dirname(file);
  const clusters = (config.clusters ?? []).map((entry) =>
    entry.cluster
      ? {
          ...entry,
          cluster: {
            ...entry.cluster,
            'certificate-authority': resolveFrom(dir, entry.cluster['certificate-authority']),
          },
        }
      : entry,
  );
  const users = (config.users ?? []).map((entry) => {
    if (!entry.user) return entry;
    const user = { ...entry.user };
    user['client-certificate'] = resolveFrom(dir, user['client-certificate']);
    user['client-key'] = resolveFrom(dir, user['client-key']);
    user.tokenFile = resolveFrom(dir, user.tokenFile);
    // An exec command with a path separator is relative to the file; a bare name uses PATH.
    if (user.exec?.command && /[\\/]/.test(user.exec.command)) {
      user.exec = { ...user.exec, command: resolveFrom(dir, user.exec.command) };
    }
    return { ...entry, user };
  });
  return {
    file,
    clusters,
    users,
    contexts: config.contexts ?? [],
    currentContext: config['current-context'] || null,
  };
}

/**
 * YAML aliases a kubeconfig may resolve (yaml's weighted count, so nested "billion laughs"
 * expansions hit it early). Real kubeconfigs use none.
 */
export const maxAliasCount = 100;

/** Parses one kubeconfig file's text. Throws KubeconfigParseError naming the file (and line). */
export function parseKubeconfig(text: string, file: string): KubeconfigFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter });
  const [firstError] = document.errors;
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new KubeconfigParseError(file, firstError.message, line);
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount }) ?? {};
  } catch (error) {
    // e.g. "Excessive alias count indicates a resource exhaustion attack"
    throw new KubeconfigParseError(file, (error as Error).message);
  }
  const parsed = kubeconfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new KubeconfigParseError(file, `not a kubeconfig${where}: ${issue?.message ?? ''}`);
  }
  return resolveRelativePaths(parsed.data, file);
}
