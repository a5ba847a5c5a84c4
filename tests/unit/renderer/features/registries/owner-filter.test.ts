/** The registries list's filter by owner: all, kept by PullKey or nobody, by an engine, by one engine. */
import { describe, expect, it } from 'vitest';
import type { EngineOwner, RegistryGroup } from '@core/api/contract';
import { matchesOwner, ownerFilterOptions } from '@renderer/features/registries/logic/owners';

const keptBy = (engineName: string) => ({ engineName }) as EngineOwner;
/** A group of one copy per namespace given, each kept by the engine named (or nobody). */
const group = (id: string, owners: Array<string | null>) =>
  ({
    id,
    copies: owners.map((owner, index) => ({
      namespace: `ns${index}`,
      owner: owner ? keptBy(owner) : null,
    })),
  }) as unknown as RegistryGroup;

const plain = group('plain', [null]);
const kept = group('kept', ['External Secrets']);
const mixed = group('mixed', [null, 'Reflector']);
const all = [plain, kept, mixed];
const source = {
  ...group('source', [null]),
  keptSource: { registry: 'regcred', project: { kind: 'pullkey', id: 'p' }, feeds: 3 },
} as RegistryGroup;
const shown = (filter: Parameters<typeof matchesOwner>[1]) =>
  all.filter((each) => matchesOwner(each, filter)).map((each) => each.id);

describe('the filter by owner', () => {
  it('all; kept by PullKey or nobody; kept by an engine; one engine', () => {
    expect(shown(null)).toEqual(['plain', 'kept', 'mixed']);
    expect(shown('none')).toEqual(['plain']);
    expect(shown('engine')).toEqual(['kept', 'mixed']);
    expect(shown('engine:Reflector')).toEqual(['mixed']);
    expect(shown('engine:External Secrets')).toEqual(['kept']);
    expect(shown('engine:Helm')).toEqual([]);
  });

  it('offers the two kinds, then each engine keeping a copy in the list', () => {
    expect(ownerFilterOptions(all)).toEqual([
      { label: 'Kept by PullKey or nobody', value: 'none' },
      { label: 'Kept by an engine', value: 'engine' },
      { label: 'Kept by External Secrets', value: 'engine:External Secrets' },
      { label: 'Kept by Reflector', value: 'engine:Reflector' },
    ]);
    expect(ownerFilterOptions([plain]).map((option) => option.value)).toEqual(['none', 'engine']);
  });

  it('a source kept for External Secrets is neither "PullKey or nobody" nor an engine copy', () => {
    const withSource = [plain, source, kept];
    const only = (filter: Parameters<typeof matchesOwner>[1]) =>
      withSource.filter((each) => matchesOwner(each, filter)).map((each) => each.id);
    expect(only('none')).toEqual(['plain']);
    expect(only('source')).toEqual(['source']);
    expect(only('engine')).toEqual(['kept']);
    expect(only(null)).toEqual(['plain', 'source', 'kept']);
    expect(ownerFilterOptions(withSource).map((option) => option.label)).toEqual([
      'Kept by PullKey or nobody',
      'Source kept for External Secrets',
      'Kept by an engine',
      'Kept by External Secrets',
    ]);
  });
});
