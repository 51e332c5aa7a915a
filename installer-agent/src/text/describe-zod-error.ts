/** Turns zod issues into one readable sentence that names the offending fields. */
import type { z } from 'zod';

/** Formats a path like `lines[3].text`; the root is called `(body)` unless another name is given. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>, root = '(root)'): string {
  if (path.length === 0) return root;
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** `field: problem; other.field: problem` for up to `max` issues. */
export function describeZodError(error: z.ZodError, options: { root?: string; max?: number } = {}): string {
  const max = options.max ?? 5;
  const parts = error.issues
    .slice(0, max)
    .map((issue) => `${formatIssuePath(issue.path, options.root)}: ${issue.message}`);
  const more = error.issues.length - max;
  return more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ');
}
