/** Parses `kiln-agent` arguments into a command, or a usage error. Pure. */
import { parseArgs } from 'node:util';
import { InstallResult, LineStream } from '../protocol/events';

export type CliCommand =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'serve'; configPath: string }
  | { command: 'run'; configPath: string; name?: string; quiet: boolean; program: string; args: string[] }
  | { command: 'log'; configPath: string; stream: LineStream; text: string[] }
  | { command: 'finish'; configPath: string; result: InstallResult; message?: string };

export type ParsedCli = { ok: true; value: CliCommand } | { ok: false; error: { code: 'usage'; message: string } };

const usage = (message: string): ParsedCli => ({ ok: false, error: { code: 'usage', message } });

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(
  args: string[],
  options: OptionSpec,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  return { values: values, positionals };
}

export function parseCli(argv: string[]): ParsedCli {
  const [command, ...rest] = argv;
  if (command === undefined) return usage('missing command');
  if (command === '-h' || command === '--help' || command === 'help') return { ok: true, value: { command: 'help' } };
  if (command === '--version' || command === 'version') return { ok: true, value: { command: 'version' } };
  try {
    switch (command) {
      case 'serve':
        return parseServe(rest);
      case 'run':
        return parseRun(rest);
      case 'log':
        return parseLog(rest);
      case 'finish':
        return parseFinish(rest);
      default:
        return usage(`unknown command "${command}"`);
    }
  } catch (error) {
    return usage((error as Error).message);
  }
}

function requireConfig(values: Record<string, unknown>, command: string): string {
  const path = values.config;
  if (typeof path !== 'string' || path === '') throw new Error(`${command}: --config FILE is required`);
  return path;
}

function parseServe(args: string[]): ParsedCli {
  const { values, positionals } = parse(args, { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return { ok: true, value: { command: 'help' } };
  if (positionals.length > 0) return usage(`serve: unexpected argument "${positionals[0]}"`);
  return { ok: true, value: { command: 'serve', configPath: requireConfig(values, 'serve') } };
}

function parseRun(args: string[]): ParsedCli {
  // Everything after `--` is the command line, untouched (its own options must not be read as ours).
  const separator = args.indexOf('--');
  const own = separator === -1 ? args : args.slice(0, separator);
  const commandLine = separator === -1 ? [] : args.slice(separator + 1);
  const { values, positionals } = parse(own, {
    config: { type: 'string' },
    name: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { ok: true, value: { command: 'help' } };
  if (positionals.length > 0)
    return usage(`run: put the command after "--", e.g. kiln-agent run --config FILE -- ${positionals.join(' ')}`);
  const [program, ...programArgs] = commandLine;
  if (program === undefined || program === '') return usage('run: missing the command to run after "--"');
  const configPath = requireConfig(values, 'run');
  const name = typeof values.name === 'string' ? values.name : undefined;
  return {
    ok: true,
    value: { command: 'run', configPath, name, quiet: values.quiet === true, program, args: programArgs },
  };
}

function parseLog(args: string[]): ParsedCli {
  const { values, positionals } = parse(args, {
    config: { type: 'string' },
    stream: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { ok: true, value: { command: 'help' } };
  const stream = LineStream.safeParse(values.stream ?? 'log');
  if (!stream.success) return usage(`log: --stream must be stdout, stderr or log, not "${String(values.stream)}"`);
  return {
    ok: true,
    value: { command: 'log', configPath: requireConfig(values, 'log'), stream: stream.data, text: positionals },
  };
}

function parseFinish(args: string[]): ParsedCli {
  const { values, positionals } = parse(args, { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return { ok: true, value: { command: 'help' } };
  const [resultText, ...messageWords] = positionals;
  const result = InstallResult.safeParse(resultText);
  if (!result.success) {
    return usage(
      resultText === undefined
        ? 'finish: say success or failure'
        : `finish: expected success or failure, not "${resultText}"`,
    );
  }
  const message = messageWords.length > 0 ? messageWords.join(' ') : undefined;
  return {
    ok: true,
    value: { command: 'finish', configPath: requireConfig(values, 'finish'), result: result.data, message },
  };
}
