/** Expected failures travel as values: `{ ok: false, error }` says what happened and what to do. */
import { z } from 'zod';

export const KilnError = z.object({
  /** Stable machine code, e.g. `InvalidAMIID.NotFound`, `UserDataTooLarge`, `SandboxNotRunning`. */
  code: z.string(),
  /** What happened, in words an operator understands. */
  message: z.string(),
  /** What to do about it. */
  remedy: z.string().optional(),
  /** The wizard field the error is about, when there is one. */
  field: z.string().optional(),
});
export type KilnError = z.infer<typeof KilnError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: KilnError };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: KilnError }),
  ]);
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: KilnError): { ok: false; error: KilnError } => ({ ok: false, error });

/** Thrown inside the backend for an expected failure; the command boundary turns it into `{ ok: false }`. */
export class KilnFailure extends Error {
  constructor(readonly error: KilnError) {
    super(error.message);
    this.name = 'KilnFailure';
  }
}

/** For exhaustive switches: the compiler proves this is unreachable. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
