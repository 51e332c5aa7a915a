/** `kiln-agent finish`: posts the final token (success or failure) to the local `serve`. */
import { RETRY_A_FEW_TIMES, withRetry } from '../client/retry';
import type { Logger } from '../logger';
import type { InstallResult } from '../protocol/events';
import { createLocalClient } from './local-client';

export interface FinishCommand {
  configPath: string;
  result: InstallResult;
  message?: string;
}

export async function finishCommand(command: FinishCommand, log: Logger): Promise<number> {
  const client = await createLocalClient(command.configPath, log);
  if (!client) return 1;
  try {
    const posted = await withRetry(
      () => client.postFinal({ result: command.result, exitCode: null, signal: null, message: command.message }),
      RETRY_A_FEW_TIMES,
    );
    if (!posted.ok) {
      const { message, remedy } = posted.error;
      log.error(remedy ? `${message}\n  ${remedy}` : message);
      return 1;
    }
    return 0;
  } finally {
    client.close();
  }
}
