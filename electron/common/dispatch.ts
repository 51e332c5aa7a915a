/** One choke point for running a command from any transport: parse input, run the handler, never throw. */
import { commands, isCommandName, type CommandHandlers, type CommandName } from './contract';
import { KilnFailure, type Result } from './result';

export async function dispatchCommand(
  handlers: CommandHandlers,
  name: string,
  rawInput: unknown,
  onBug: (error: unknown, name: string) => void,
): Promise<Result<unknown>> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'UnknownCommand', message: `There is no command named "${name}".` } };
  }
  const parsed = commands[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    return {
      ok: false,
      error: {
        code: 'InvalidInput',
        message: issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'The request is malformed.',
        remedy: 'Correct the highlighted field and try again.',
        field,
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    if (error instanceof KilnFailure) return { ok: false, error: error.error };
    onBug(error, name);
    return {
      ok: false,
      error: {
        code: 'InternalError',
        message: `Kiln hit an unexpected error while running ${name satisfies CommandName}.`,
        remedy: 'Try again; if it keeps happening, report it with the app log.',
      },
    };
  }
}
