/**
 * What every `kiln` command talks to: the contract's commands and events, either of a Kiln already running on the
 * data directory (over its loopback API) or of a backend this process builds for itself. The commands are the
 * renderer's own; nothing is implemented twice.
 */
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from '../common/contract';
import type { Result } from '../common/result';

export type CliEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface CliBackend {
  readonly mode: 'in-process' | 'remote';
  /** For messages: "Kiln web mode (pid 4242) at http://127.0.0.1:41234", or "this process on <dir>". */
  readonly description: string;
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>>;
  /** Every event of the backend; returns a disposer. */
  subscribe(listener: CliEventListener): () => void;
  close(): Promise<void>;
}
