/** Entry of the `kiln-agent` bundle: parses the command line and runs one command (the agent's composition root). */
// First, before any other module allocates: the heap settings that keep the agent small (see the module).
import './memory-tuning';
import { parseCli } from './cli/parse-cli';
import { USAGE } from './cli/usage';
import { createStreamLogger, type Logger } from './logger';
import { assertNever } from './result';
import { AGENT_VERSION } from './version';

/** Exit status for a command line that could not be understood. */
export const USAGE_EXIT_CODE = 2;

async function main(argv: string[], log: Logger): Promise<number> {
  const parsed = parseCli(argv);
  if (!parsed.ok) {
    process.stderr.write(`kiln-agent: ${parsed.error.message}\n\n${USAGE}`);
    return USAGE_EXIT_CODE;
  }
  const command = parsed.value;
  switch (command.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`${AGENT_VERSION}\n`);
      return 0;
    // Commands load on demand: `run`, `log` and `finish` never evaluate the HTTP server (express), which keeps
    // them smaller and quicker to start.
    case 'serve':
      return (await import('./cli/serve')).serveCommand(command.configPath, log);
    case 'run':
      return (await import('./cli/run')).runCliCommand(command, log);
    case 'log':
      return (await import('./cli/log')).logCommand(command, process.stdin, log);
    case 'finish':
      return (await import('./cli/finish')).finishCommand(command, log);
    default:
      return assertNever(command);
  }
}

/** Exits once stdout and stderr have taken everything written to them. */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

const log = createStreamLogger();
main(process.argv.slice(2), log).then(exitAfterFlush, (error: unknown) => {
  log.error(`unexpected failure: ${(error as Error)?.stack ?? String(error)}`);
  exitAfterFlush(1);
});
