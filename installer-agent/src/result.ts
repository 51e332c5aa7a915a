/** Expected failures travel as values: `{ ok: false, error }` says what happened and what to do. */

/** An expected failure: a stable code, what happened, and (when useful) what to do about it. */
export interface AgentFailure<C extends string = string> {
  code: C;
  message: string;
  remedy?: string;
}

export type Result<T, C extends string = string> = { ok: true; value: T } | { ok: false; error: AgentFailure<C> };

/** Wraps a success value. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Wraps an expected failure. */
export const fail = <C extends string>(error: AgentFailure<C>): { ok: false; error: AgentFailure<C> } => ({
  ok: false,
  error,
});

/** For exhaustive switches: the compiler proves this is unreachable. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
