/**
 * How a followed launch reaches the terminal: the script's stdout lines on stdout and its stderr lines on stderr,
 * exactly as written; the agent's own messages on stderr marked `[agent]`; phase changes on stderr. With `--json`,
 * `kiln logs` prints every line as one JSON LogLine on stdout; `launch` and `bake` keep stdout for their one JSON
 * document and print the log on stderr. `bake` always does, so that stdout holds only the AMI ids.
 */
import type { LaunchRecord } from '../common/models';
import type { CliContext } from './cli-context';
import type { FollowSink } from './launch-follow';

export function createLogPrinter(
  context: CliContext,
  options: { prefix?: string; progress?: boolean; jsonLines?: boolean; logToStderr?: boolean } = {},
): FollowSink {
  const prefix = options.prefix ? `${options.prefix} | ` : '';
  return {
    line(line) {
      if (context.json && options.jsonLines) return context.out(`${JSON.stringify(line)}\n`);
      if (line.stream === 'stdout' && !context.json && !options.logToStderr) context.out(`${prefix}${line.text}\n`);
      else if (line.stream === 'stdout') context.note(`${prefix}${line.text}`);
      else if (line.stream === 'stderr') context.note(`${prefix}${line.text}`);
      else context.note(`${prefix}[agent] ${line.text}`);
    },
    progress(record) {
      if (options.progress !== false) context.note(`kiln: ${describeProgress(record)}`);
    },
  };
}

export function describeProgress(record: LaunchRecord): string {
  const parts = [`${record.spec.name} (${record.id})`, record.phase];
  if (record.instanceId) parts.push(record.instanceId);
  if (record.phase === 'waiting-for-agent' && record.agentLink?.detail) parts.push(record.agentLink.detail);
  if (record.outcome)
    parts.push(
      `${record.outcome.result}${record.outcome.exitCode !== null ? `, exit code ${record.outcome.exitCode}` : ''}`,
    );
  if (record.error) parts.push(record.error.message);
  return parts.join(' · ');
}

/** Colour for a phase on a terminal (nothing when colour is off). */
export function paintPhase(context: Pick<CliContext, 'color'>, phase: string): string {
  if (!context.color) return phase;
  const code =
    phase === 'succeeded'
      ? 32
      : phase === 'failed' || phase === 'error' || phase === 'lost'
        ? 31
        : phase === 'terminated'
          ? 90
          : 33;
  return `\u001b[${code}m${phase}\u001b[39m`;
}
