import { describe, expect, it } from 'vitest';
import {
  checkDecision,
  DEFAULT_CHECK_SETTINGS,
  isLaptopLocal,
  isSingleLabel,
} from '@core/pulls/checks/check-policy';
import { realmUrl } from '@core/oci/origin-policy';

describe('hosts the node and this computer do not see alike', () => {
  it('knows every spelling of this computer’s loopback', () => {
    for (const host of [
      'localhost',
      'localhost:5000',
      'LOCALHOST:80',
      'kind-registry.localhost:5000',
      '127.0.0.1:5001',
      '127.1.2.3',
      '[::1]:5000',
      '0.0.0.0:5000',
      '[::ffff:127.0.0.1]:5000',
      '[0:0:0:0:0:0:0:1]:5000',
      // Other spellings a connection reads as loopback or "unspecified" (inet_aton, IPv6 forms).
      '127.1',
      '127.1:5000',
      '0177.0.0.1:5000',
      '0x7f.0.0.1',
      '0x7f000001:5000',
      '2130706433',
      '[0::1]:5000',
      '[::ffff:7f00:1]:5000',
      '[::ffff:0:0]',
      '[::]:5000',
      '0:5000',
      '127.0.0.1.:5000',
    ])
      expect(isLaptopLocal(host), host).toBe(true);
    for (const host of [
      'registry.example.com',
      'docker.io',
      '10.0.0.5:5000',
      'localhost.example.com',
      '128.0.0.1',
      '0x80.0.0.1',
      '[fd00::5]:5000',
      '[::ffff:a00:5]:5000',
      '[::2]',
    ])
      expect(isLaptopLocal(host), host).toBe(false);
  });

  it('takes a name without a dot for the node’s own resolver', () => {
    expect(isSingleLabel('registry:5000')).toBe(true);
    expect(isSingleLabel('harbor')).toBe(true);
    expect(isSingleLabel('localhost:5000')).toBe(false);
    expect(isSingleLabel('10.0.0.5:5000')).toBe(false);
    expect(isSingleLabel('[fd00::5]:5000')).toBe(false);
    expect(isSingleLabel('harbor.corp.example')).toBe(false);
    // An address spelled without dots is still an address.
    expect(isSingleLabel('2130706433')).toBe(false);
    expect(isSingleLabel('167772165:5000')).toBe(false);
  });
});

describe('what the automatic checks of a context may contact', () => {
  it('checks real registry hosts for every context alike, by default', () => {
    expect(checkDecision('harbor.corp.example', 'alpha', DEFAULT_CHECK_SETTINGS)).toEqual({
      check: true,
      scope: '*',
    });
  });

  it('leaves loopback out unless the user said the nodes share it; then for that context only', () => {
    expect(checkDecision('localhost:5000', 'kind', DEFAULT_CHECK_SETTINGS)).toEqual({
      check: false,
      reason: "not checked from this computer: localhost is the node's own loopback",
    });
    const shared = { automatic: true, localRegistries: true };
    expect(checkDecision('localhost:5000', 'kind', shared)).toEqual({ check: true, scope: 'kind' });
    // A single-label name stays out even then: its resolver is the node's.
    expect(checkDecision('registry:5000', 'kind', shared)).toMatchObject({ check: false });
    expect(checkDecision('0x7f.0.0.1:5000', 'kind', DEFAULT_CHECK_SETTINGS)).toEqual({
      check: false,
      reason: "not checked from this computer: 0x7f.0.0.1 is the node's own loopback",
    });
  });

  it('keeps the answers of a context whose nodes share this computer to that context', () => {
    // Any name may lead to this computer's loopback for it: its answers say nothing for others.
    const shared = { automatic: true, localRegistries: true };
    expect(checkDecision('registry.example.com', 'kind', shared)).toEqual({
      check: true,
      scope: 'kind',
    });
  });

  it('checks nothing when the user turned the context’s checks off', () => {
    expect(
      checkDecision('harbor.corp.example', 'alpha', { automatic: false, localRegistries: true }),
    ).toEqual({ check: false, reason: 'not checked: automatic checks are off for this context' });
  });
});

describe('a token realm for https-only credentials', () => {
  it('is refused over plain http even between loopback registry and realm', () => {
    expect(realmUrl('localhost:5000', 'http://localhost:5001/token').host).toBe('localhost:5001');
    expect(() =>
      realmUrl('localhost:5000', 'http://localhost:5001/token', { plainLoopback: false }),
    ).toThrow(/not https/);
  });
});
