/**
 * The contract's validation errors (INVALID_INPUT, one issue per path) turned into plain words at
 * the form's fields, instead of the validator's raw text in a toast.
 */
import { ApiCallError } from '../errors';

interface Issue {
  path: string;
  message: string;
}

function issuesOf(error: unknown): Issue[] | null {
  if (!(error instanceof ApiCallError) || error.code !== 'INVALID_INPUT') return null;
  if (!Array.isArray(error.details)) return null;
  return error.details.filter(
    (issue): issue is Issue =>
      typeof issue === 'object' &&
      issue !== null &&
      typeof (issue as Issue).path === 'string' &&
      typeof (issue as Issue).message === 'string',
  );
}

const plainRules: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^Too small: expected string to have >=1 characters?/, () => 'is required'],
  [
    /^Too big: expected string to have <=(\d+) characters?/,
    (m) => `must be at most ${m[1]} characters`,
  ],
  [
    /^Too small: expected string to have >=(\d+) characters?/,
    (m) => `must be at least ${m[1]} characters`,
  ],
  [/^Too big: expected number to be <=(\d+)/, (m) => `must be at most ${m[1]}`],
  [/^Too small: expected number to be >=(\d+)/, (m) => `must be at least ${m[1]}`],
  [/^Too big: expected array to have <=(\d+) items?/, (m) => `can have at most ${m[1]} entries`],
  [/^Invalid string: must match pattern/, () => 'has characters that are not allowed here'],
  [/^Invalid input: expected \w+, received undefined/, () => 'is required'],
  [/^Invalid input/, () => 'is not valid'],
];

/** A validator message in plain words ("must be at most 63 characters"); custom ones kept. */
export function plainIssue(message: string): string {
  for (const [pattern, words] of plainRules) {
    const match = pattern.exec(message);
    if (match) return words(match);
  }
  return message.replace(/^✖\s*/, '');
}

/**
 * Field → "<Label> <problem>" for a failed call that was refused for its input, or null for any
 * other failure (an outcome, for a toast). `fieldOf` maps an issue's path ("workload.name") to a
 * field of the form, or null when the form has no such field (then it is reported on `fallback`).
 */
export function fieldErrors<Field extends string>(
  error: unknown,
  fieldOf: (path: string) => Field | null,
  labels: Record<Field, string>,
  fallback: Field,
): Partial<Record<Field, string>> | null {
  const issues = issuesOf(error);
  if (!issues?.length) return null;
  const result: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path) ?? fallback;
    result[field] ??= `${labels[field]} ${plainIssue(issue.message)}`;
  }
  return result;
}
