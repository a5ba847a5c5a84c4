/**
 * "Name is required"-style messages: a required field says so once the user has left it (or
 * tried to submit), never before. Generic on purpose: any form can use it.
 */
import { reactive } from 'vue';

/** `<Label> is required` when the value is empty (blank text, null, empty list), else null. */
export function requiredError(label: string, value: unknown): string | null {
  const empty =
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0);
  return empty ? `${label} is required` : null;
}

/** Which fields the user has left (blur) or the form tried to submit. */
export function useTouched<Field extends string>() {
  const touched = reactive(new Set<Field>()) as Set<Field>;
  return {
    touch: (field: Field) => void touched.add(field),
    touchAll: (fields: readonly Field[]) => fields.forEach((field) => touched.add(field)),
    isTouched: (field: Field) => touched.has(field),
    reset: () => touched.clear(),
  };
}
