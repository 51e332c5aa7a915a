/**
 * After the seal has answered, the agent stops for good. Under systemd that takes systemd itself (Restart=always
 * would start it again), so the stop job is queued with `systemctl stop --no-block`, in a detached process; otherwise
 * (pid file, the Windows task's supervisor loop, which ends once the config is gone) the process simply exits.
 */
import { spawn } from 'node:child_process';
import type { Logger } from '../logger';
import { formatCommand, type AgentStop } from './seal-plan';

export interface StopDeps {
  log: Logger;
  spawn?: typeof spawn;
  /** How long to wait for systemctl before exiting anyway. */
  waitMs?: number;
}

/** Queues systemd's stop job (waiting at most `waitMs` for systemctl), or does nothing when exiting is enough. */
export async function stopAfterSeal(stop: AgentStop, deps: StopDeps): Promise<void> {
  if (stop.kind === 'exit') return;
  const start = deps.spawn ?? spawn;
  const line = formatCommand(stop.command);
  deps.log.info(`sealed: ${line}`);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      deps.log.warn(`${line} did not return within ${(deps.waitMs ?? 5_000) / 1000} s; exiting anyway`);
      resolve();
    }, deps.waitMs ?? 5_000);
    timer.unref();
    const done = (message?: string): void => {
      clearTimeout(timer);
      if (message) deps.log.warn(message);
      resolve();
    };
    try {
      const child = start(stop.command.file, stop.command.args, { detached: true, stdio: 'ignore', windowsHide: true });
      child.once('error', (error) => done(`${line} could not run: ${error.message}`));
      child.once('exit', (code, signal) =>
        done(code === 0 ? undefined : `${line} ended with ${signal ?? `code ${code}`}`),
      );
    } catch (error) {
      done(`${line} could not run: ${(error as Error).message}`);
    }
  });
}
