/** `kiln-agent run`: wires the install command to the local `serve` through a durable spool in the dataDir. */
import { join } from 'node:path';
import type { Logger } from '../logger';
import { createMemorySpool, type BatchSpool } from '../run/batch-spool';
import { runCommand } from '../run/run-command';
import { openDiskSpool } from '../spool/disk-spool';
import { SPOOL_ROOT_NAME, spoolDirName } from '../spool/spool-layout';
import { createClientForConfig, loadConfigOrExplain } from './local-client';

export interface RunCliCommand {
  configPath: string;
  name?: string;
  quiet: boolean;
  program: string;
  args: string[];
}

export async function runCliCommand(command: RunCliCommand, log: Logger): Promise<number> {
  const config = await loadConfigOrExplain(command.configPath, log);
  if (!config) return 1;
  const client = await createClientForConfig(config, log);
  if (!client) return 1;
  // Keep relaying even if our own stdout goes away (e.g. the terminal closed).
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const spool = await openSpool(join(config.dataDir, SPOOL_ROOT_NAME, spoolDirName(command.name, process.pid)), log);
  try {
    return await runCommand({
      command: command.program,
      args: command.args,
      name: command.name,
      client,
      log,
      spool,
      echo: command.quiet ? undefined : { stdout: process.stdout, stderr: process.stderr },
    });
  } finally {
    client.close();
    const closed = await spool.close();
    if (closed.pendingBatches > 0 && closed.path) {
      log.error(
        `${closed.pendingBatches} batch(es) of output were not delivered; they stay in ${closed.path} for the next run`,
      );
    }
  }
}

/** The disk spool; the memory spool (with a warning) when the dataDir cannot be used, so the install still runs. */
async function openSpool(dir: string, log: Logger): Promise<BatchSpool> {
  try {
    return await openDiskSpool({ dir, log });
  } catch (error) {
    log.warn(
      `cannot use the spool directory ${dir} (${(error as Error).message}); undelivered lines are kept in memory only`,
    );
    return createMemorySpool();
  }
}
