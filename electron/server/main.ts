/**
 * Web mode composition root: the Kiln backend in plain Node, serving the built renderer and the contract on
 * 127.0.0.1 with a session token. Keeps its data in the platform's per-user config directory (`--data-dir` or
 * KILN_DATA_DIR elsewhere). Starts the local sandbox when moto_server is installed, or uses one running on its own
 * (`--sandbox-endpoint` or KILN_SANDBOX_ENDPOINT). Agent tokens are kept in memory only: after a restart each
 * launch reads its own back from Parameter Store.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKilnRuntime, type RuntimeSandbox } from '../core/kiln-runtime';
import { publishApiEndpoint } from '../core/store/api-endpoint-file';
import { defaultDataDir } from '../core/store/data-dir';
import { describeOwner, lockDataDir } from '../core/store/data-dir-lock';
import { createMemorySecretStore } from '../core/store/secret-store';
import { createWebServer } from './web-server';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.KILN_PORT ?? '0' },
      'no-sandbox': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'sandbox-endpoint': { type: 'string' },
      'pending-seconds': { type: 'string', default: '3' },
    },
  });
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const log = (message: string, error?: unknown) =>
    console.error(`[kiln] ${message}${error === undefined ? '' : `: ${describe(error)}`}`);

  // The same per-user directory as the desktop app, so launches, presets and preferences survive a restart.
  const dataDir = path.resolve(
    values['data-dir'] ?? (process.env.KILN_DATA_DIR || defaultDataDir(process.platform, process.env, os.homedir())),
  );
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  console.log(`Data directory: ${dataDir}`);
  // One backend per data directory: the desktop app or a `kiln` command may hold it already.
  const locked = await lockDataDir(dataDir, 'web', { onCompromised: (error) => log('data directory lock', error) });
  if (!locked.ok)
    throw new Error(`${describeOwner(locked.holder)} holds ${dataDir}; close it, or give web mode another --data-dir.`);

  let sandboxChoice: RuntimeSandbox = { unavailableReason: 'disabled with --no-sandbox' };
  const sandboxEndpoint = values['sandbox-endpoint'] ?? (process.env.KILN_SANDBOX_ENDPOINT || undefined);
  if (sandboxEndpoint) {
    // A sandbox started on its own (`npm run sandbox`) outlives this process: its instances are still there after a
    // restart of Kiln.
    if (!/^https?:\/\/[^/]+\/?$/.test(sandboxEndpoint))
      throw new Error(`--sandbox-endpoint must be the sandbox's http://host:port, not "${sandboxEndpoint}".`);
    sandboxChoice = { endpoint: sandboxEndpoint.replace(/\/$/, '') };
  } else if (!values['no-sandbox']) {
    sandboxChoice = { start: { pendingSeconds: Number(values['pending-seconds']) } };
  }

  const { backend, sandbox, sandboxState } = await createKilnRuntime({
    appRoot: ROOT,
    dataDir,
    env: process.env,
    homeDir: os.homedir(),
    sandbox: sandboxChoice,
    secrets: createMemorySecretStore(),
    log,
  });
  if (sandbox) console.log(`Local sandbox: moto at ${sandbox.endpoint}, instances under ${sandbox.rootDir}`);
  else if ('endpoint' in sandboxState)
    console.log(`Local sandbox: moto at ${sandboxState.endpoint} (a sandbox running on its own)`);
  else console.log(`Local sandbox unavailable: ${sandboxState.unavailableReason}`);

  const token = randomBytes(24).toString('base64url');
  const server = createWebServer({
    handlers: backend.handlers,
    events: backend.events,
    staticDir: path.join(ROOT, 'dist', 'renderer'),
    token,
    log,
  });
  const { url, port } = await server.listen(Number(values.port));
  // The `kiln` command line finds this backend here and uses it instead of opening the data directory itself.
  const unpublish = await publishApiEndpoint(dataDir, { url: `http://127.0.0.1:${port}`, token, pid: process.pid });
  console.log(`Kiln (web mode) is running. Open:\n\n  ${url}\n`);
  console.log('KILN-WEB-READY ' + url);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Kiln…');
    setTimeout(() => process.exit(1), 10_000).unref();
    await unpublish().catch(() => undefined);
    await server.close();
    backend.dispose();
    await sandbox?.stop();
    await locked.lock.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Kiln could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
