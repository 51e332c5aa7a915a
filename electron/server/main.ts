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
import { createKilnBackend } from '../core/kiln-backend';
import { SANDBOX_REGIONS } from '../core/profiles/sandbox-profile';
import { createWorkstationProfiles } from '../core/profiles/workstation-profiles';
import { startSandbox, type Sandbox } from '../core/sandbox/sandbox';
import { defaultDataDir } from '../core/store/data-dir';
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

  let sandbox: Sandbox | undefined;
  let sandboxEndpoint = values['sandbox-endpoint'] ?? (process.env.KILN_SANDBOX_ENDPOINT || undefined);
  let sandboxReason = 'disabled with --no-sandbox';
  if (sandboxEndpoint) {
    // A sandbox started on its own (`npm run sandbox`) outlives this process: its instances are still there after a
    // restart of Kiln.
    if (!/^https?:\/\/[^/]+\/?$/.test(sandboxEndpoint))
      throw new Error(`--sandbox-endpoint must be the sandbox's http://host:port, not "${sandboxEndpoint}".`);
    sandboxEndpoint = sandboxEndpoint.replace(/\/$/, '');
    console.log(`Local sandbox: moto at ${sandboxEndpoint} (a sandbox running on its own)`);
  } else if (!values['no-sandbox']) {
    try {
      // A new, empty sandbox each time; the record lets the next start end what this run leaves behind if killed.
      sandbox = await startSandbox({
        pendingSeconds: Number(values['pending-seconds']),
        regions: [...SANDBOX_REGIONS],
        runRecordFile: path.join(dataDir, 'sandbox-run.json'),
        log: (m) => log(`sandbox: ${m}`),
      });
      sandboxEndpoint = sandbox.endpoint;
      console.log(`Local sandbox: moto at ${sandbox.endpoint}, instances under ${sandbox.rootDir}`);
    } catch (error) {
      sandboxReason = error instanceof Error ? error.message : String(error);
      console.log(`Local sandbox unavailable: ${sandboxReason}`);
    }
  }

  const backend = await createKilnBackend({
    dataDir,
    assetsDir: path.join(ROOT, 'assets'),
    agentBundlePath: path.join(ROOT, 'dist', 'agent', 'kiln-agent.cjs'),
    secrets: createMemorySecretStore(),
    artifactBaseUrl: process.env.KILN_ARTIFACT_BASE_URL || undefined,
    nodeDistUrl: process.env.KILN_NODE_DIST_URL || undefined,
    log,
    loadProfiles: createWorkstationProfiles({
      env: process.env,
      homeDir: os.homedir(),
      sandbox: sandboxEndpoint ? { endpoint: sandboxEndpoint } : { unavailableReason: sandboxReason },
    }),
  });

  const server = createWebServer({
    handlers: backend.handlers,
    events: backend.events,
    staticDir: path.join(ROOT, 'dist', 'renderer'),
    token: randomBytes(24).toString('base64url'),
    log,
  });
  const { url } = await server.listen(Number(values.port));
  console.log(`Kiln (web mode) is running. Open:\n\n  ${url}\n`);
  console.log('KILN-WEB-READY ' + url);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Kiln…');
    setTimeout(() => process.exit(1), 10_000).unref();
    await server.close();
    backend.dispose();
    await sandbox?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Kiln could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
