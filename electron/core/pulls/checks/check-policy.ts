/**
 * Pure: which registries the Pull doctor may check from this computer, by itself, with a
 * cluster's pull credentials. The kubelet contacts a registry from the NODE: "localhost:5000"
 * (and "localhost/x", which the kubelet gives the Docker Hub login) is the node's own loopback,
 * "registry:5000" a single-label name the node's resolver answers. From the laptop the same names
 * reach whatever listens on this computer or its own network, so the credentials would go to a
 * stranger. Those hosts are never checked automatically — unless the user says, per context,
 * that this context's nodes share this computer's loopback (a cluster running on this computer);
 * even then over https only (`credential-probe.ts`). A name that resolves to this computer's
 * loopback is refused the same way when the check resolves it (`credential-probe.ts`); a context
 * that opted in may reach the loopback through any name, so its answers are its own (scope).
 */
import { reachesThisComputer } from '../../net/checked-addresses';

/** The user's choice per context (settings `pullChecks`). */
export interface CheckSettings {
  /** Check running pods' credentials against their registries while the Pulls view is open. */
  automatic: boolean;
  /** This context's nodes run on this computer: its loopback registries may be checked too. */
  localRegistries: boolean;
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = { automatic: true, localRegistries: false };

export type CheckDecision =
  /** scope: who shares the answer ("*": every context; a context name: that context only). */
  { check: true; scope: string } | { check: false; reason: string };

/** The host name of "host[:port]" / "[v6]:port", lower-cased, without brackets or port. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

/**
 * The host as a connection reads it: IPv4 in any inet_aton spelling ("127.1", "0x7f.0.0.1")
 * and IPv6 in its short form, as WHATWG URL normalises them; null when it is no URL host.
 */
function connectedName(host: string): string | null {
  try {
    return new URL(`https://${host}/`).hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return null;
  }
}

/**
 * A name or address that reaches this very computer by its text (RFC 6761 "localhost" names
 * included). Names that resolve here are caught when the check resolves them
 * (`net/checked-addresses.ts`).
 */
export function isLaptopLocal(host: string): boolean {
  const name = connectedName(host) ?? hostName(host).replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || reachesThisComputer(name);
}

/** A name without a dot (not an address): the node's resolver decides what it is. */
export function isSingleLabel(host: string): boolean {
  const name = connectedName(host) ?? hostName(host);
  return !name.includes('.') && !name.includes(':') && !isLaptopLocal(host);
}

/** Whether the automatic checks of `context` may send a credential for `host`, and why not. */
export function checkDecision(
  host: string,
  context: string,
  settings: CheckSettings,
): CheckDecision {
  const name = hostName(host);
  if (!settings.automatic)
    return { check: false, reason: 'not checked: automatic checks are off for this context' };
  if (isLaptopLocal(host)) {
    if (settings.localRegistries) return { check: true, scope: context };
    return {
      check: false,
      reason: `not checked from this computer: ${name} is the node's own loopback`,
    };
  }
  if (isSingleLabel(host))
    return {
      check: false,
      reason: `not checked from this computer: ${name} is a single-label name the node resolves itself`,
    };
  return { check: true, scope: settings.localRegistries ? context : '*' };
}
