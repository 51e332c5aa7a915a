/**
 * Desktop composition root: one instance per user, the application menu, the window (its size and position
 * remembered, reloaded after a renderer crash), the kiln:// protocol that serves the renderer with its CSP header,
 * the IPC adapter, the settings files as electron-store stores, and the security defaults: no navigation, no new
 * windows, permissions refused (but notifications and clipboard writes for Kiln's own page), downloads only of the
 * page's own files and through the save dialog, external links only to AWS over https or to a launch's own endpoints.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import { isLaunchEndpointUrl } from '../common/endpoints';
import type { KilnBackend } from '../core/kiln-backend';
import { createKilnRuntime } from '../core/kiln-runtime';
import { writeFileDurably } from '../core/store/durable-file';
import { createStorageProblems } from '../core/store/storage-problems';
import { createMenuTemplate } from './app-menu';
import { createDownloadHandler } from './downloads';
import { createElectronStoreOpener } from './electron-store-settings';
import { forwardEvents, registerCommandHandlers } from './ipc-adapter';
import { installPermissionHandlers } from './permissions';
import { createRendererCrashHandler } from './renderer-crash';
import { createRendererProtocolHandler } from './renderer-protocol';
import { createDesktopSecretStore, secretsInMemoryNotice } from './safe-storage-secrets';
import { claimSingleInstance } from './single-instance';
import { APP_ORIGIN, createMainWindow, isKilnExternalLink } from './window-options';
import { keepWindowState, loadWindowState, type WindowStateFiles } from './window-state';

const ROOT = path.resolve(__dirname, '..', '..');
// Packaged, ROOT is …/resources/app.asar: a file another program reads (Python runs the sandbox's launcher) is
// unpacked beside the archive (electron-builder.yml, asarUnpack).
const UNPACKED_ROOT = path.extname(ROOT) === '.asar' ? `${ROOT}.unpacked` : ROOT;
const log = (message: string, error?: unknown) => console.error(`[kiln] ${message}`, error ?? '');
const windowStateFiles: WindowStateFiles = {
  read: (file) => readFile(file, 'utf8'),
  write: (file, text) => writeFileDurably(file, text),
};

protocol.registerSchemesAsPrivileged([
  { scheme: 'kiln', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | undefined;

// A second instance quits here, before it reads or writes anything in the data directory.
if (claimSingleInstance(app, () => mainWindow)) {
  start().catch((error: unknown) => {
    dialog.showErrorBox('Kiln could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const developerTools = !app.isPackaged;
  const userData = app.getPath('userData');
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      createMenuTemplate({
        platform: process.platform,
        appName: app.name,
        developerTools,
        showDataFolder: () => void shell.openPath(userData),
      }),
    ),
  );
  protocol.handle(
    'kiln',
    createRendererProtocolHandler({
      rendererDir: path.join(ROOT, 'dist', 'renderer'),
      host: new URL(APP_ORIGIN).host,
      fetchFile: (url) => net.fetch(url),
    }),
  );
  installPermissionHandlers(session.defaultSession, log);
  session.defaultSession.on(
    'will-download',
    createDownloadHandler({ downloadsDir: () => app.getPath('downloads'), log }),
  );

  const storageProblems = createStorageProblems((message) => log(message));
  const secrets = createDesktopSecretStore({
    safeStorage,
    platform: process.platform,
    file: path.join(userData, 'secrets.json'),
    problems: storageProblems,
    log,
  });
  const { backend, sandbox } = await createKilnRuntime({
    appRoot: ROOT,
    dataDir: userData,
    env: process.env,
    homeDir: os.homedir(),
    sandbox: {
      start: { moto: { launcherPath: path.join(UNPACKED_ROOT, 'assets', 'sandbox', 'moto_launcher.py') } },
    },
    secrets: secrets.store,
    storageProblems,
    // Presets, wizard defaults and preferences: electron-store files in userData (the dataDir above).
    openSettingsFile: createElectronStoreOpener({ ipcMain }),
    notices: secrets.memoryOnlyReason ? [secretsInMemoryNotice(secrets.memoryOnlyReason)] : [],
    log,
  });
  registerCommandHandlers(ipcMain, backend.handlers, log);
  const windowStateSaved = await openMainWindow(backend, developerTools);

  app.on('window-all-closed', () => {
    backend.dispose();
    void Promise.allSettled([windowStateSaved(), sandbox?.stop()]).finally(() => app.quit());
  });
}

/** Opens the window; returns a function that resolves once its position is saved (await it before quitting). */
async function openMainWindow(backend: KilnBackend, developerTools: boolean): Promise<() => Promise<void>> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)];
  const state = await loadWindowState(
    stateFile,
    windowStateFiles,
    displays.map((display) => display.workArea),
  );
  const window = createMainWindow({
    preloadPath: path.join(ROOT, 'dist', 'electron', 'preload.cjs'),
    state,
    developerTools,
    icon: process.platform === 'linux' ? path.join(ROOT, 'assets', 'icons', 'png', '512x512.png') : undefined,
  });
  mainWindow = window;
  if (state.maximized) window.maximize();
  const saveWindowState = keepWindowState({ window, file: stateFile, files: windowStateFiles, log });

  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    // AWS's own pages, and the http/https endpoints Kiln built for a launch whose instance still holds the address
    // (never a URL from log text). http stays: web installs often serve only http on the operator's own live instance.
    if (isKilnExternalLink(url) || isLaunchEndpointUrl(url, backend.launches.list())) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // Saving a file (`<a download>` on a blob: URL) is a download, not a navigation: every navigation is refused.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  const onRendererGone = createRendererCrashHandler({
    reload: () => contents.reload(),
    report: (message, detail) =>
      void dialog.showMessageBox(window, { type: 'error', message, detail, buttons: ['OK'] }),
    log,
  });
  contents.on('render-process-gone', (_event, details) => onRendererGone(details));
  forwardEvents(backend.events, contents);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html?session=${randomUUID()}`);
  return saveWindowState;
}
