/**
 * RBAC questions PullKey asks per namespace, and the pure evaluation of a
 * SelfSubjectRulesReview's rules against them (one review per namespace instead of one
 * SelfSubjectAccessReview per question).
 */
import type { NamespaceAccess } from '../api/contract';

export interface AccessQuestion {
  key: AccessKey;
  verb: string;
  group: string;
  resource: string;
}

export type AccessKey =
  | 'secrets.list'
  | 'secrets.create'
  | 'secrets.update'
  | 'deployments.create'
  | 'deployments.update';

export const accessQuestions: AccessQuestion[] = [
  { key: 'secrets.list', verb: 'list', group: '', resource: 'secrets' },
  { key: 'secrets.create', verb: 'create', group: '', resource: 'secrets' },
  { key: 'secrets.update', verb: 'update', group: '', resource: 'secrets' },
  { key: 'deployments.create', verb: 'create', group: 'apps', resource: 'deployments' },
  { key: 'deployments.update', verb: 'update', group: 'apps', resource: 'deployments' },
];

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[] | undefined;
  resources?: string[] | undefined;
  resourceNames?: string[] | undefined;
}

const matches = (values: string[] | undefined, wanted: string) =>
  (values ?? []).some((value) => value === '*' || value === wanted);

/** True when some rule grants the verb on every object of the resource (no resourceNames). */
export function rulesAllow(rules: ResourceRule[], question: AccessQuestion): boolean {
  return rules.some(
    (rule) =>
      !(rule.resourceNames && rule.resourceNames.length > 0) &&
      matches(rule.verbs, question.verb) &&
      matches(rule.apiGroups, question.group) &&
      matches(rule.resources, question.resource),
  );
}

/** Namespace names a user's rules name explicitly (Rancher grants project members this way). */
export function namespacesNamedByRules(rules: ResourceRule[]): string[] {
  const names = new Set<string>();
  for (const rule of rules) {
    if (!matches(rule.apiGroups, '') || !matches(rule.resources, 'namespaces')) continue;
    if (!rule.verbs.some((verb) => verb === 'get' || verb === 'list' || verb === '*')) continue;
    for (const name of rule.resourceNames ?? []) names.add(name);
  }
  return [...names].sort();
}

export type AccessAnswers = Record<AccessKey, boolean>;

export function toNamespaceAccess(answers: AccessAnswers): NamespaceAccess {
  return {
    secrets: {
      list: answers['secrets.list'],
      create: answers['secrets.create'],
      update: answers['secrets.update'],
    },
    deployments: {
      create: answers['deployments.create'],
      update: answers['deployments.update'],
    },
  };
}

export function answersFromRules(rules: ResourceRule[]): AccessAnswers {
  return Object.fromEntries(
    accessQuestions.map((question) => [question.key, rulesAllow(rules, question)]),
  ) as AccessAnswers;
}
