/**
 * TLS settings for self-hosted registries, explicit and per host:
 * - "Skip TLS verification" applies to the one check it came with and is never persisted;
 * - a custom CA arrives as PEM content (validated in the contract), is kept for that host only
 *   when a registry is saved with it, is listed (`registries:tls`) and can be forgotten;
 * - nothing here reads a file: a CA path from older settings files is ignored.
 */
import type { RegistryTlsSetting } from '../api/contract';
import { parseCaPem } from '../api/pem';
import { keychainHost } from '../oci/hosts';
import type { SettingsStore } from './store';

export interface TlsInput {
  host: string;
  ca?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
}

export interface TlsOptions {
  ca: string | null;
  insecureSkipVerify: boolean;
}

type Kept = Record<string, { ca?: string | undefined } | undefined>;

function keptCa(kept: Kept | undefined, host: string): string | null {
  if (!kept || !Object.hasOwn(kept, host)) return null;
  const ca = kept[host]?.ca;
  return typeof ca === 'string' && ca ? ca : null;
}

/** Only hosts with a CA are settings worth showing; a CA that no longer parses is dropped. */
export function tlsSettingsOf(kept: Kept | undefined): RegistryTlsSetting[] {
  const settings: RegistryTlsSetting[] = [];
  for (const host of Object.keys(kept ?? {}).sort()) {
    const ca = keptCa(kept, host);
    if (!ca) continue;
    try {
      settings.push({ host, ca: parseCaPem(ca) });
    } catch {
      // A hand-edited settings file: not a CA we can use or show.
    }
  }
  return settings;
}

/** The kept CAs, without what older versions persisted (a CA path, a skip). */
function onlyCas(current: { registryTls?: Kept | undefined }): Record<string, { ca: string }> {
  const result: Record<string, { ca: string }> = {};
  for (const host of Object.keys(current.registryTls ?? {})) {
    const ca = keptCa(current.registryTls, host);
    if (ca) result[host] = { ca };
  }
  return result;
}

export function createRegistryTls(settings: SettingsStore) {
  /** What to use for one request: the CA given now, else the one kept for this very host. */
  async function resolve(input: TlsInput): Promise<TlsOptions> {
    const host = keychainHost(input.host);
    const ca = input.ca ?? keptCa((await settings.read()).registryTls, host);
    return { ca, insecureSkipVerify: input.insecureSkipVerify === true };
  }

  /** Saving a registry with a CA keeps the CA for its host (never the skip). */
  async function remember(input: TlsInput): Promise<void> {
    if (!input.ca) return;
    const host = keychainHost(input.host);
    const ca = input.ca;
    await settings.update((current) => ({
      registryTls: { ...onlyCas(current), [host]: { ca } },
    }));
  }

  async function list(): Promise<RegistryTlsSetting[]> {
    return tlsSettingsOf((await settings.read()).registryTls);
  }

  async function forget(hostInput: string): Promise<RegistryTlsSetting[]> {
    const host = keychainHost(hostInput);
    await settings.update((settingsNow) => {
      const kept = onlyCas(settingsNow);
      delete kept[host];
      return { registryTls: kept };
    });
    return list();
  }

  return { resolve, remember, list, forget };
}

/** The registry-TLS store: one per core, shared by registries and image access. */
export type RegistryTlsStore = ReturnType<typeof createRegistryTls>;
