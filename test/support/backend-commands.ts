/**
 * Calls contract commands the way the transports do (parsed input, result envelope), on a backend's handlers or over
 * web mode's HTTP API. The one `call`/`must` of the tests: every answer is also checked against the command's result
 * schema, so a backend that answers outside the contract fails the test that saw it.
 */
import {
  commandResultSchema,
  type CommandHandlers,
  type CommandInput,
  type CommandName,
  type CommandOutput,
} from '../../electron/common/contract';
import { dispatchCommand } from '../../electron/common/dispatch';
import type { Result } from '../../electron/common/result';

export interface Commands {
  /** The result envelope, ok or not. */
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>>;
  /** The value, or a throw with the error's code and message. */
  must<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
}

/** `call` and `must` over any way of sending a command and reading its answer. */
export function commandsOver(send: (name: CommandName, input: unknown) => Promise<unknown>): Commands {
  async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
    const answer = await send(name, input);
    const checked = commandResultSchema(name).safeParse(answer);
    if (!checked.success) {
      throw new Error(`${name} answered outside the contract: ${checked.error.message}\n${JSON.stringify(answer)}`);
    }
    return answer as Result<CommandOutput<K>>;
  }
  async function must<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  return { call, must };
}

/**
 * Commands on the handlers `handlers()` answers (read at each call: a restarted backend has new ones). A handler's
 * unexpected error is printed, unless `onBug` says otherwise (a test that provokes one on purpose).
 */
export function backendCommands(
  handlers: () => CommandHandlers,
  onBug: (error: unknown) => void = (error) => console.error(error),
): Commands {
  return commandsOver((name, input) => dispatchCommand(handlers(), name, input, onBug));
}

/** Commands over web mode's HTTP API (`POST <origin>/api/commands/<name>` with the session token). */
export function httpCommands(origin: string, token: string, timeoutMs = 30_000): Commands {
  return commandsOver(async (name, input) => {
    const response = await fetch(`${origin}/api/commands/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return (await response.json()) as unknown;
  });
}
