/** Runs a seal command (no shell) and describes how it ended: exit code and the end of its output. */
import { execFile, type ExecFileException } from 'node:child_process';
import type { CommandOutcome, CommandRunner } from './seal-instance';
import type { SealCommand } from './seal-plan';

/** How much of a command's output the answer carries. */
const OUTPUT_TAIL_CHARS = 600;

export const processCommandRunner: CommandRunner = { run: runSealCommand };

export function runSealCommand(command: SealCommand): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    execFile(
      command.file,
      command.args,
      { timeout: command.timeoutMs, windowsHide: true, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const output = tail(`${stdout}${stderr}`);
        if (!error) {
          resolve(output ? { ok: true, detail: output } : { ok: true });
          return;
        }
        resolve({ ok: false, detail: describeFailure(command, error, output) });
      },
    );
  });
}

function describeFailure(command: SealCommand, error: ExecFileException, output: string): string {
  if (error.code === 'ENOENT') return `${command.file} is not installed here (not found).`;
  if (error.killed && error.signal) return `Timed out after ${Math.round(command.timeoutMs / 1000)} s and was stopped.`;
  const how =
    typeof error.code === 'number'
      ? `Exited with code ${error.code}`
      : error.signal
        ? `Ended by ${error.signal}`
        : error.message;
  return output ? `${how}: ${output}` : `${how}.`;
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > OUTPUT_TAIL_CHARS ? `…${trimmed.slice(-OUTPUT_TAIL_CHARS)}` : trimmed;
}
