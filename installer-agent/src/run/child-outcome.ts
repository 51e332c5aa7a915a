/** How a finished install command maps to the final token and to `run`'s own exit code. Pure. */
import type { IngestFinalRequest } from '../protocol/events';

export type ChildOutcome =
  { kind: 'exited'; code: number } | { kind: 'signalled'; signal: string } | { kind: 'spawn-failed'; message: string };

/** Exit 0 → success; any other code, a signal, or a command that could not start → failure. */
export function finalFor(outcome: ChildOutcome, name: string): IngestFinalRequest {
  switch (outcome.kind) {
    case 'exited':
      return outcome.code === 0
        ? { result: 'success', exitCode: 0, signal: null, message: `${name} exited with code 0` }
        : {
            result: 'failure',
            exitCode: outcome.code,
            signal: null,
            message: `${name} exited with code ${outcome.code}`,
          };
    case 'signalled':
      return {
        result: 'failure',
        exitCode: null,
        signal: outcome.signal,
        message: `${name} was killed by ${outcome.signal}`,
      };
    case 'spawn-failed':
      return { result: 'failure', exitCode: SPAWN_FAILED_EXIT_CODE, signal: null, message: outcome.message };
  }
}

/** Like a shell: 127 when the command could not be started. */
export const SPAWN_FAILED_EXIT_CODE = 127;

/** `run` exits with the child's code; 1 when it was killed by a signal. */
export function exitCodeFor(outcome: ChildOutcome): number {
  switch (outcome.kind) {
    case 'exited':
      return outcome.code;
    case 'signalled':
      return 1;
    case 'spawn-failed':
      return SPAWN_FAILED_EXIT_CODE;
  }
}
