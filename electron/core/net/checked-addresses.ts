/**
 * Where a name really leads from this computer. Any spelling of a host can reach this computer's
 * loopback ("127.1", "[::ffff:7f00:1]", a public name that resolves to 127.0.0.1), so the text
 * proves nothing: the addresses it resolves to decide, and a connection then goes to exactly the
 * addresses that were checked (a second resolution could answer differently).
 */
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export type ResolveAll = (name: string) => Promise<dns.LookupAddress[]>;

/** The system's resolver, every address of the name. */
export const systemResolve: ResolveAll = (name) => dns.promises.lookup(name, { all: true });

// Loopback and "unspecified" (0.0.0.0 and :: connect to this computer too), IPv4-mapped included.
const thisComputer = new BlockList();
thisComputer.addSubnet('127.0.0.0', 8, 'ipv4');
thisComputer.addSubnet('0.0.0.0', 8, 'ipv4');
thisComputer.addSubnet('::1', 128, 'ipv6');
thisComputer.addSubnet('::', 128, 'ipv6');
thisComputer.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
thisComputer.addSubnet('::ffff:0.0.0.0', 104, 'ipv6');

/** An IP address (v4 or v6, without brackets) that is this computer's loopback or unspecified. */
export function reachesThisComputer(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return thisComputer.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

/**
 * Resolves each name once, refuses it when an address is this computer's (unless `loopback` is
 * allowed), and gives node's connections, through `lookup`, only the addresses checked.
 * `refused` names the first name refused, for the caller to say why nothing was sent.
 */
export function checkedResolver(resolve: ResolveAll, { loopback }: { loopback: boolean }) {
  const checked = new Map<string, Promise<dns.LookupAddress[]>>();
  let refused: string | null = null;

  function addresses(name: string): Promise<dns.LookupAddress[]> {
    let answer = checked.get(name);
    if (!answer) {
      answer = resolve(name).then((list) => {
        if (list.length === 0) throw failure(`${name} has no address`, 'ENOTFOUND');
        if (!loopback && list.some((entry) => reachesThisComputer(entry.address))) {
          refused ??= name;
          throw failure(`${name} resolves to this computer's loopback`, 'ELOOPBACKNAME');
        }
        return list;
      });
      checked.set(name, answer);
    }
    return answer;
  }

  const lookup: LookupFunction = (hostname, options, callback) => {
    addresses(hostname).then(
      (list) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = wanted ? list.filter((entry) => entry.family === wanted) : list;
        const first = usable[0];
        if (!first)
          return callback(failure(`${hostname}: no IPv${wanted} address`, 'ENOTFOUND'), '');
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };

  return { addresses, lookup, refused: () => refused };
}
