import { describe, expect, it } from 'vitest';
import { INDEX_ACCOUNT, parseIndex, serializeIndex } from '@core/vault/account-index';

describe('the keychain account index', () => {
  it('has an account no login can have (a login account holds "|")', () => {
    expect(INDEX_ACCOUNT).not.toContain('|');
  });

  it('serialises the accounts once each, sorted, and reads them back', () => {
    const text = serializeIndex(['b.example|bob', 'a.example|alice', 'b.example|bob']);
    expect(JSON.parse(text)).toEqual({
      version: 1,
      accounts: ['a.example|alice', 'b.example|bob'],
    });
    expect(parseIndex(text)).toEqual({
      version: 1,
      accounts: ['a.example|alice', 'b.example|bob'],
    });
  });

  it('no item is no index; a null list is an index not built yet', () => {
    expect(parseIndex(null)).toBeNull();
    expect(parseIndex(serializeIndex(null))).toEqual({ version: 1, accounts: null });
  });

  it('an unreadable, unknown-version or malformed item is an index to build again', () => {
    for (const text of ['{not json', '{"version":2,"accounts":["a|b"]}', '{"version":1}'])
      expect(parseIndex(text)).toEqual({ version: 1, accounts: null });
  });

  it('keeps only the string accounts of a damaged list', () => {
    expect(parseIndex('{"version":1,"accounts":["a|b",3,null,"c|d"]}')).toEqual({
      version: 1,
      accounts: ['a|b', 'c|d'],
    });
  });
});
