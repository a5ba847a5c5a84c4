/**
 * Required fields, shared by every form: "Name is required" shows at the field once the user has
 * left it (blur) or tried to submit, never before. Use with `FieldHint.vue` for the message.
 */
import { reactive } from 'vue';

export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

/** `${label} is required` when the field is empty and touched; null otherwise. */
export function requiredError(label: string, value: unknown, touched: boolean): string | null {
  return touched && isEmpty(value) ? `${label} is required` : null;
}

/** Which fields were touched; `touchAll` on a submit attempt, `reset` when the form reopens. */
export function useTouched<Field extends string = string>() {
  const touched = reactive(new Set<Field>()) as Set<Field>;
  return {
    has: (field: Field) => touched.has(field),
    touch: (field: Field) => void touched.add(field),
    touchAll: (fields: readonly Field[]) => fields.forEach((field) => touched.add(field)),
    reset: () => touched.clear(),
  };
}
