/**
 * A name is judged by the addresses it resolves to, and a connection gets exactly those. The
 * resolver is injected: nothing here asks DNS or contacts an address.
 */
import type { LookupAddress } from 'node:dns';
import type { LookupOptions } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { checkedResolver, reachesThisComputer } from '@core/net/checked-addresses';

const zone: Record<string, LookupAddress[]> = {
  'evil.nip.io': [{ address: '127.0.0.1', family: 4 }],
  'app.localtest.me': [
    { address: '93.184.216.34', family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'mapped.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'any.example': [{ address: '::', family: 6 }],
  'registry.example.com': [
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1::', family: 6 },
  ],
};

function resolving() {
  const asked: string[] = [];
  const resolve = (name: string) => {
    asked.push(name);
    return Promise.resolve(zone[name] ?? []);
  };
  return { asked, resolve };
}

/** What node's connection gets from the lookup for `name`. */
function connectTo(
  lookup: ReturnType<typeof checkedResolver>['lookup'],
  name: string,
  options: LookupOptions,
) {
  return new Promise<{ address: string | LookupAddress[]; family?: number | undefined }>(
    (resolve, reject) =>
      lookup(name, options, (error, address, family) =>
        error ? reject(error) : resolve({ address, family }),
      ),
  );
}

describe('addresses of this computer', () => {
  it('are loopback and unspecified, in either family and IPv4-mapped', () => {
    for (const address of ['127.0.0.1', '127.255.0.9', '0.0.0.0', '::1', '::', '::ffff:7f00:1'])
      expect(reachesThisComputer(address), address).toBe(true);
    for (const address of [
      '93.184.216.34',
      '10.0.0.5',
      '128.0.0.1',
      'fd00::5',
      '::2',
      'evil.nip.io',
    ])
      expect(reachesThisComputer(address), address).toBe(false);
  });
});

describe('a name checked before a connection', () => {
  it('is refused when any of its addresses is this computer’s, and never connected', async () => {
    for (const name of ['evil.nip.io', 'app.localtest.me', 'mapped.example', 'any.example']) {
      const { resolve } = resolving();
      const resolver = checkedResolver(resolve, { loopback: false });
      await expect(connectTo(resolver.lookup, name, { all: true }), name).rejects.toMatchObject({
        code: 'ELOOPBACKNAME',
        message: `${name} resolves to this computer's loopback`,
      });
      expect(resolver.refused()).toBe(name);
    }
  });

  it('is allowed to this computer when the context’s nodes share it', async () => {
    const { resolve } = resolving();
    const resolver = checkedResolver(resolve, { loopback: true });
    expect(await connectTo(resolver.lookup, 'evil.nip.io', {})).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    expect(resolver.refused()).toBeNull();
  });

  it('connects to exactly the addresses checked, resolved once for every connection', async () => {
    const { asked, resolve } = resolving();
    const resolver = checkedResolver(resolve, { loopback: false });
    expect(await resolver.addresses('registry.example.com')).toEqual(zone['registry.example.com']);
    expect(await connectTo(resolver.lookup, 'registry.example.com', { all: true })).toEqual({
      address: zone['registry.example.com'],
    });
    expect(await connectTo(resolver.lookup, 'registry.example.com', {})).toEqual({
      address: '93.184.216.34',
      family: 4,
    });
    expect(await connectTo(resolver.lookup, 'registry.example.com', { family: 6 })).toEqual({
      address: '2606:2800:220:1::',
      family: 6,
    });
    expect(asked).toEqual(['registry.example.com']);
    await expect(connectTo(resolver.lookup, 'unknown.example', {})).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    expect(resolver.refused()).toBeNull();
  });
});
