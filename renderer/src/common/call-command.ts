/** Calls one contract command and always resolves to a Result, even when the transport itself throws. */
import type { CommandInput, CommandName, CommandOutput, KilnApi } from '../../../electron/common/contract';
import type { Result } from '../../../electron/common/result';

export async function callCommand<K extends CommandName>(
  api: KilnApi,
  name: K,
  input: CommandInput<K>,
): Promise<Result<CommandOutput<K>>> {
  // Indexing the mapped KilnApi type with a generic key loses the per-command signature; this restores it.
  const command = api[name] as unknown as (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>>;
  try {
    return await command(input);
  } catch (error) {
    // Transports return failures as values; a throw is a bug, but the operator still deserves an answer.
    return {
      ok: false,
      error: {
        code: 'UnexpectedError',
        message: `Kiln could not run ${name}: ${error instanceof Error ? error.message : String(error)}.`,
        remedy: 'Try again; if it keeps happening, restart Kiln and report it with the app log.',
      },
    };
  }
}
