import { describe, expect, it } from 'vitest';
import {
  accessQuestions,
  answersFromRules,
  namespacesNamedByRules,
  rulesAllow,
  type ResourceRule,
} from '@core/kube/access';

// What a SelfSubjectRulesReview returns for the built-in `edit` role (abridged) and `view`.
const editRules: ResourceRule[] = [
  {
    verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
    apiGroups: [''],
    resources: ['configmaps', 'secrets', 'services'],
  },
  {
    verbs: ['get', 'list', 'watch'],
    apiGroups: [''],
    resources: ['configmaps', 'secrets', 'pods'],
  },
  {
    verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
    apiGroups: ['apps'],
    resources: ['deployments', 'replicasets'],
  },
];
const viewRules: ResourceRule[] = [
  { verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments'] },
];

describe('rulesAllow', () => {
  it('answers the edit role yes to everything PullKey needs', () => {
    expect(answersFromRules(editRules)).toEqual({
      'secrets.list': true,
      'secrets.create': true,
      'secrets.update': true,
      'deployments.create': true,
      'deployments.update': true,
    });
  });

  it('answers the view role no to writes and to reading secrets', () => {
    expect(Object.values(answersFromRules(viewRules)).some(Boolean)).toBe(false);
  });

  it('honours wildcards and ignores rules limited to named objects', () => {
    const star: ResourceRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
    expect(accessQuestions.every((question) => rulesAllow(star, question))).toBe(true);
    const named: ResourceRule[] = [
      { verbs: ['update'], apiGroups: [''], resources: ['secrets'], resourceNames: ['only-this'] },
    ];
    expect(rulesAllow(named, accessQuestions[2]!)).toBe(false);
  });

  it('does not confuse API groups', () => {
    const coreDeployments: ResourceRule[] = [
      { verbs: ['create'], apiGroups: [''], resources: ['deployments'] },
    ];
    expect(answersFromRules(coreDeployments)['deployments.create']).toBe(false);
  });
});

describe('namespacesNamedByRules', () => {
  it('finds namespaces granted by name (how Rancher grants project members)', () => {
    expect(
      namespacesNamedByRules([
        {
          verbs: ['get'],
          apiGroups: [''],
          resources: ['namespaces'],
          resourceNames: ['team1-staging', 'team1-dev'],
        },
        { verbs: ['delete'], apiGroups: [''], resources: ['namespaces'], resourceNames: ['x'] },
        { verbs: ['get'], apiGroups: ['apps'], resources: ['namespaces'], resourceNames: ['y'] },
      ]),
    ).toEqual(['team1-dev', 'team1-staging']);
  });
});
