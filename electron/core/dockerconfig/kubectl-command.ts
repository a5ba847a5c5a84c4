/** The equivalent kubectl command line for a registry secret, shell-quoted. */
export interface KubectlSecretInput {
  name: string;
  namespace: string;
  server: string;
  username: string;
  /** null: show a placeholder instead of the password. */
  password: string | null;
  email?: string | null | undefined;
  context?: string | undefined;
}

/** POSIX shell single-quoting, only where needed. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export const PASSWORD_PLACEHOLDER = '"$REGISTRY_PASSWORD"';

export function kubectlCreateSecretCommand(input: KubectlSecretInput): string {
  const parts = ['kubectl'];
  if (input.context) parts.push('--context', shellQuote(input.context));
  parts.push(
    'create',
    'secret',
    'docker-registry',
    shellQuote(input.name),
    '--namespace',
    shellQuote(input.namespace),
    `--docker-server=${shellQuote(input.server)}`,
    `--docker-username=${shellQuote(input.username)}`,
    `--docker-password=${input.password === null ? PASSWORD_PLACEHOLDER : shellQuote(input.password)}`,
  );
  if (input.email) parts.push(`--docker-email=${shellQuote(input.email)}`);
  return parts.join(' ');
}
