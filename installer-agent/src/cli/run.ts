/** `kiln-agent run`: wires the install command to the local `serve`. */
import type { Logger } from '../logger';
import { runCommand } from '../run/run-command';
import { createLocalClient } from './local-client';

export interface RunCliCommand {
  configPath: string;
  name?: string;
  quiet: boolean;
  program: string;
  args: string[];
}

export async function runCliCommand(command: RunCliCommand, log: Logger): Promise<number> {
  const client = await createLocalClient(command.configPath, log);
  if (!client) return 1;
  // Keep relaying even if our own stdout goes away (e.g. the terminal closed).
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  try {
    return await runCommand({
      command: command.program,
      args: command.args,
      name: command.name,
      client,
      log,
      echo: command.quiet ? undefined : { stdout: process.stdout, stderr: process.stderr },
    });
  } finally {
    client.close();
  }
}
