/**
 * The deploy form's fields and the one message each shows: required once touched, then the
 * draft's own checks, then what the back end refused (in plain words, never as a toast).
 */
import { requiredError } from '../../../forms/required';
import type { DeployDraft, interpretDraft } from './draft';

export const deployFields = [
  'name',
  'namespace',
  'image',
  'replicas',
  'ports',
  'env',
  'pullSecrets',
  'form',
] as const;
export type DeployField = (typeof deployFields)[number];

export const requiredDeployFields = ['name', 'namespace', 'image'] as const;

export const deployLabels: Record<DeployField, string> = {
  name: 'Name',
  namespace: 'Namespace',
  image: 'Image',
  replicas: 'Replicas',
  ports: 'Container ports',
  env: 'Environment variables',
  pullSecrets: 'Pull secrets',
  form: 'This deploy',
};

/** "workload.ports.0.containerPort" → ports; "context" and others → null. */
export function deployFieldOf(path: string): DeployField | null {
  const first = path.replace(/^workload\./, '').split('.')[0] ?? '';
  return (deployFields as readonly string[]).includes(first) && first !== 'form'
    ? (first as DeployField)
    : null;
}

type Meaning = ReturnType<typeof interpretDraft>;

export function deployMessages(
  draft: DeployDraft,
  meaning: Meaning,
  isTouched: (field: DeployField) => boolean,
  refused: Partial<Record<DeployField, string>>,
): Partial<Record<DeployField, string>> {
  const own: Partial<Record<DeployField, string | null>> = {
    name: meaning.nameError ? `Name ${meaning.nameError}` : null,
    image: meaning.image.error,
    ports: meaning.ports.error,
    env: meaning.env.error,
  };
  const messages: Partial<Record<DeployField, string>> = {};
  for (const field of deployFields) {
    const required = (requiredDeployFields as readonly string[]).includes(field)
      ? requiredError(
          deployLabels[field],
          draft[field as 'name' | 'namespace' | 'image'],
          isTouched(field),
        )
      : null;
    const message = required ?? own[field] ?? refused[field];
    if (message) messages[field] = message;
  }
  return messages;
}
