/** Calls contract commands on a backend's handlers the way the transports do (parsed input, result envelope). */
import type { CommandHandlers, CommandInput, CommandName, CommandOutput } from '../../electron/common/contract';
import { dispatchCommand } from '../../electron/common/dispatch';
import type { Result } from '../../electron/common/result';

/** `call` returns the result envelope; `must` returns the value or throws with the error's code and message. */
export function backendCommands(handlers: () => CommandHandlers) {
  async function call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
    return (await dispatchCommand(handlers(), name, input, (e) => console.error(e))) as Result<CommandOutput<K>>;
  }
  async function must<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  return { call, must };
}
