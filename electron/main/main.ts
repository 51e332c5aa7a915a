/**
 * Desktop composition root: the window, the custom app:// protocol that serves the renderer, the IPC adapter,
 * and the security defaults (no navigation, no new windows, no permissions, external links only to AWS over https or
 * to a launch's own endpoints).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { isLaunchEndpointUrl } from '../common/endpoints';
import { createKilnBackend } from '../core/kiln-backend';
import { SANDBOX_REGIONS } from '../core/profiles/sandbox-profile';
import { createWorkstationProfiles } from '../core/profiles/workstation-profiles';
import { startSandbox, type Sandbox } from '../core/sandbox/sandbox';
import { createMemorySecretStore } from '../core/store/secret-store';
import { forwardEvents, registerCommandHandlers } from './ipc-adapter';
import { createSafeStorageSecretStore } from './safe-storage-secrets';
import { APP_ORIGIN, createMainWindow, isKilnExternalLink } from './window-options';

const ROOT = path.resolve(__dirname, '..', '..');
const log = (message: string, error?: unknown) => console.error(`[kiln] ${message}`, error ?? '');

protocol.registerSchemesAsPrivileged([{ scheme: 'kiln', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

async function start(): Promise<void> {
  await app.whenReady();
  const rendererDir = path.join(ROOT, 'dist', 'renderer');
  protocol.handle('kiln', async (request) => {
    const url = new URL(request.url);
    const file = path.resolve(rendererDir, url.pathname === '/' ? 'index.html' : `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404 });
    return net.fetch(`file://${file}`);
  });
  // Every permission is refused except desktop notifications (install outcomes while the window is in the back).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));

  let sandbox: Sandbox | undefined;
  let sandboxReason = '';
  try {
    sandbox = await startSandbox({ regions: [...SANDBOX_REGIONS], log: (m) => log(`sandbox: ${m}`) });
  } catch (error) {
    sandboxReason = error instanceof Error ? error.message : String(error);
  }
  const backend = await createKilnBackend({
    dataDir: app.getPath('userData'),
    assetsDir: path.join(ROOT, 'assets'),
    agentBundlePath: path.join(ROOT, 'dist', 'agent', 'kiln-agent.cjs'),
    secrets: safeStorage.isEncryptionAvailable()
      ? createSafeStorageSecretStore(safeStorage, path.join(app.getPath('userData'), 'secrets.json'), { readFile })
      : createMemorySecretStore(),
    artifactBaseUrl: process.env.KILN_ARTIFACT_BASE_URL || undefined,
    nodeDistUrl: process.env.KILN_NODE_DIST_URL || undefined,
    log,
    loadProfiles: createWorkstationProfiles({
      env: process.env,
      homeDir: os.homedir(),
      sandbox: sandbox ? { endpoint: sandbox.endpoint } : { unavailableReason: sandboxReason },
    }),
  });
  registerCommandHandlers(ipcMain, backend.handlers, log);

  const window = createMainWindow(path.join(ROOT, 'dist', 'electron', 'preload.cjs'));
  window.webContents.setWindowOpenHandler(({ url }) => {
    // AWS's own pages, and the http/https endpoints Kiln built for a launch whose instance still holds the address
    // (never a URL from log text). http stays: web installs often serve only http on the operator's own live instance.
    if (isKilnExternalLink(url) || isLaunchEndpointUrl(url, backend.launches.list())) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  forwardEvents(backend.events, window.webContents);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html?session=${randomUUID()}`);

  app.on('window-all-closed', () => {
    backend.dispose();
    void (sandbox?.stop() ?? Promise.resolve()).finally(() => app.quit());
  });
}

start().catch((error: unknown) => {
  dialog.showErrorBox('Kiln could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
