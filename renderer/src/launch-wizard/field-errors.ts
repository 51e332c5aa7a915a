/** Field error messages keyed by the spec path they are about, and how backend errors map onto them. */
import { specFieldOf, type SpecField } from './step-definitions';

/** Keyed by the schema path: a field ("name") or a part of one ("keyPair.name", "tags.2.key"). */
export type FieldPath = SpecField | `${SpecField}.${string}`;
export type FieldErrors = Partial<Record<FieldPath, string>>;

/** The error key a backend error's `field` ("spec.keyPair.name") belongs to. */
export function fieldPathOf(field: string | undefined): FieldPath | undefined {
  if (!specFieldOf(field)) return undefined;
  return field!.replace(/^spec\./, '') as FieldPath;
}

/** The first error about a field or any part of it. */
export function errorUnder(errors: FieldErrors, prefix: FieldPath): string | undefined {
  for (const [key, message] of Object.entries(errors)) {
    if (message !== undefined && (key === prefix || key.startsWith(`${prefix}.`))) return message;
  }
  return undefined;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
