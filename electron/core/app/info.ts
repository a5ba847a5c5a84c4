import type { AppInfo, VaultStatus } from '../api/contract';

export interface HostInfo {
  name: string;
  version: string;
  /** process.versions.electron / chrome when running inside Electron. */
  electron?: string | undefined;
  chrome?: string | undefined;
  /** A source checkout (not a packaged app): `npm run demo` is there to try. */
  demoAvailable?: boolean | undefined;
}

export function appInfo(host: HostInfo, vault: VaultStatus): AppInfo {
  return {
    name: host.name,
    version: host.version,
    platform: process.platform,
    arch: process.arch,
    runtime: {
      node: process.versions.node,
      electron: host.electron ?? null,
      chrome: host.chrome ?? null,
    },
    vault,
    demoAvailable: host.demoAvailable ?? false,
  };
}
