import { describe, expect, it } from 'vitest';
import type { NamespaceSummary } from '@core/api/contract';
import { projectNamespaces } from '@core/registries/model';
import { namespacesToCreate } from '@core/registries/project-members';

const namespace = (
  name: string,
  rancher: string | null,
  pullkey: string | null,
): NamespaceSummary =>
  ({ name, phase: 'Active', projects: { rancher, pullkey } }) as unknown as NamespaceSummary;

describe('which namespaces a project write targets (pure)', () => {
  const namespaces = [
    namespace('team-b', 'p-1', null),
    namespace('team-a', 'p-1', 'web'),
    namespace('other', 'p-2', 'web'),
    namespace('loose', null, null),
  ];

  it('takes the members of the project of that kind only, sorted', () => {
    expect(projectNamespaces(namespaces, 'p-1', 'rancher')).toEqual(['team-a', 'team-b']);
    expect(projectNamespaces(namespaces, 'web', 'pullkey')).toEqual(['other', 'team-a']);
    // The same id under the other kind is another project.
    expect(projectNamespaces(namespaces, 'p-1', 'pullkey')).toEqual([]);
  });

  it('a sync creates missing copies, but a namespace that joined since only when confirmed', () => {
    expect(namespacesToCreate(['a', 'b', 'joined'], ['joined'])).toEqual(['a', 'b']);
    expect(namespacesToCreate(['a', 'joined'], ['joined'], ['joined'])).toEqual(['a', 'joined']);
    expect(namespacesToCreate([], ['joined'], ['joined'])).toEqual([]);
  });
});
