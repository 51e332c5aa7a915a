/**
 * The backend in this process, built as web mode builds it (same data directory, same profiles, the sandbox only
 * when one runs on its own: `--sandbox-endpoint` or KILN_SANDBOX_ENDPOINT), while no Kiln runs on the directory.
 * It holds the data directory's lock for as long as it lives, so the app cannot start beside it and race it.
 */
import os from 'node:os';
import { dispatchCommand } from '../common/dispatch';
import { createKilnRuntime } from '../core/kiln-runtime';
import { lockDataDir, type DataDirOwner } from '../core/store/data-dir-lock';
import { createMemorySecretStore } from '../core/store/secret-store';
import type { CliBackend } from './cli-backend';

export interface InProcessOptions {
  dataDir: string;
  /** The repository (or installed app) root: assets/ and dist/agent/ are under it. */
  rootDir: string;
  sandboxEndpoint?: string;
  env: NodeJS.ProcessEnv;
  log: (message: string, error?: unknown) => void;
}

export type InProcessAttempt = { ok: true; backend: CliBackend } | { ok: false; holder: DataDirOwner | undefined };

export async function openInProcessBackend(options: InProcessOptions): Promise<InProcessAttempt> {
  const locked = await lockDataDir(options.dataDir, 'cli', {
    onCompromised: (error) => options.log('the data directory lock was lost', error),
  });
  if (!locked.ok) return locked;
  try {
    const { backend } = await createKilnRuntime({
      appRoot: options.rootDir,
      dataDir: options.dataDir,
      env: options.env,
      homeDir: os.homedir(),
      // As in web mode: agent tokens live in memory; a later run reads each launch's back from Parameter Store.
      secrets: createMemorySecretStore(),
      log: options.log,
      sandbox: options.sandboxEndpoint
        ? { endpoint: options.sandboxEndpoint }
        : {
            unavailableReason:
              'No sandbox is running for the command line: start one with `npm run sandbox` and pass its endpoint with --sandbox-endpoint.',
          },
    });
    return {
      ok: true,
      backend: {
        mode: 'in-process',
        description: `this process on ${options.dataDir}`,
        call: (name, input) =>
          dispatchCommand(backend.handlers, name, input, (error) =>
            options.log(`command ${name} failed`, error),
          ) as never,
        subscribe: (listener) => backend.events.subscribe(listener),
        async close() {
          backend.dispose();
          await locked.lock.release();
        },
      },
    };
  } catch (error) {
    await locked.lock.release();
    throw error;
  }
}
