import { describe, expect, it } from 'vitest';
import {
  groupProjects,
  projectsOf,
  pullkeyProjectPatch,
  type NamespaceMeta,
} from '@core/kube/projects';

const namespaces: NamespaceMeta[] = [
  {
    name: 'team1-staging',
    labels: { 'field.cattle.io/projectId': 'p-team1' },
    annotations: { 'field.cattle.io/projectId': 'c-alpha:p-team1' },
  },
  {
    name: 'team1-dev',
    labels: { 'field.cattle.io/projectId': 'p-team1', 'pullkey.dev/project': 'web' },
  },
  { name: 'team2-app', labels: { 'field.cattle.io/projectId': 'p-team2' } },
  { name: 'sandbox', labels: { 'pullkey.dev/project': 'web' } },
  { name: 'default' },
];

describe('projects', () => {
  it('reads both project labels of a namespace', () => {
    expect(projectsOf(namespaces[1]!)).toEqual({ rancher: 'p-team1', pullkey: 'web' });
    expect(projectsOf(namespaces[4]!)).toEqual({ rancher: null, pullkey: null });
  });

  it('groups namespaces into Rancher and PullKey projects', () => {
    expect(groupProjects(namespaces)).toEqual([
      {
        kind: 'rancher',
        id: 'p-team1',
        clusterId: 'c-alpha',
        namespaces: ['team1-dev', 'team1-staging'],
      },
      { kind: 'rancher', id: 'p-team2', clusterId: null, namespaces: ['team2-app'] },
      { kind: 'pullkey', id: 'web', clusterId: null, namespaces: ['sandbox', 'team1-dev'] },
    ]);
  });

  it('patches only PullKey’s label, removing it with null', () => {
    expect(pullkeyProjectPatch('web')).toEqual({
      metadata: { labels: { 'pullkey.dev/project': 'web' } },
    });
    expect(pullkeyProjectPatch(null)).toEqual({
      metadata: { labels: { 'pullkey.dev/project': null } },
    });
  });
});
