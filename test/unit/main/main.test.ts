// The desktop composition root with Electron replaced by recording fakes (its binary cannot run here): what a start
// wires up — the single-instance lock, the menu, the protocol handler's CSP header, both permission handlers,
// downloads, the secret store's backend check and its notice, the settings files (electron-store), the window and its
// crash handling. The backend and the sandbox are stubbed: their own tests cover them.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KilnBackendConfig } from '../../../electron/core/kiln-backend';
import { createPresetStore } from '../../../electron/core/store/presets';
import type { OpenSettingsFile, SettingsFile } from '../../../electron/core/store/settings-document';
import { createStorageProblems } from '../../../electron/core/store/storage-problems';

const fake = vi.hoisted(() => {
  const state = {
    gotLock: true,
    isPackaged: true,
    backend: 'basic_text',
    userData: '',
    calls: [] as string[],
    app: undefined as unknown as import('node:events').EventEmitter,
    menu: [] as unknown[],
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    requestHandler: undefined as
      | undefined
      | ((
          wc: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details: { requestingUrl?: string },
        ) => void),
    checkHandler: undefined as undefined | ((wc: unknown, permission: string, origin: string) => boolean),
    sessionEvents: new Map<string, (...args: unknown[]) => void>(),
    windows: [] as Array<
      import('node:events').EventEmitter & {
        options: Record<string, unknown>;
        contents: import('node:events').EventEmitter & Record<string, unknown>;
      }
    >,
    dialogs: [] as unknown[],
    backendConfig: undefined as undefined | Record<string, unknown>,
    loaded: undefined as undefined | (() => void),
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => (fake.calls.push('lock'), fake.gotLock),
    quit: () => void fake.calls.push('quit'),
    exit: (code: number) => void fake.calls.push(`exit ${code}`),
    whenReady: async () => void fake.calls.push('ready'),
    name: 'Kiln',
    getPath: (name: string) => (name === 'userData' ? fake.userData : path.join(fake.userData, name)),
    getVersion: () => '0.1.0',
  });
  Object.defineProperty(app, 'isPackaged', { get: () => fake.isPackaged });
  fake.app = app;
  class BrowserWindow extends EventEmitter {
    contents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: vi.fn(),
      reload: () => void fake.calls.push('reload'),
      send: vi.fn(),
      isDestroyed: () => false,
    });
    webContents = this.contents;
    constructor(readonly options: Record<string, unknown>) {
      super();
      fake.windows.push(this as never);
    }
    maximize = () => void fake.calls.push('maximize');
    show = () => void fake.calls.push('show');
    focus = () => void fake.calls.push('focus');
    restore = () => void fake.calls.push('restore');
    isDestroyed = () => false;
    isMinimized = () => false;
    isMaximized = () => false;
    isFullScreen = () => false;
    getNormalBounds = () => ({ x: 10, y: 10, width: 1200, height: 800 });
    loadURL = async (url: string) => {
      fake.calls.push(`load ${url.replace(/session=[\w-]+/, 'session=…')}`);
      fake.loaded?.();
    };
  }
  const ipcMain = Object.assign(new EventEmitter(), { handle: vi.fn(), removeHandler: vi.fn() });
  const shell = { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') };
  return {
    // electron-store reads Electron through its default export.
    default: { app, ipcMain, shell },
    app,
    BrowserWindow,
    Menu: {
      buildFromTemplate: (template: unknown[]) => ((fake.menu = template), { template }),
      setApplicationMenu: () => void fake.calls.push('menu'),
    },
    protocol: {
      registerSchemesAsPrivileged: () => void fake.calls.push('scheme'),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        fake.calls.push(`protocol ${scheme}`);
        fake.protocolHandler = handler;
      },
    },
    net: {
      fetch: async () =>
        new Response('<!doctype html><title>Kiln</title>', { headers: { 'content-type': 'text/html' } }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof fake.requestHandler) => void (fake.requestHandler = handler),
        setPermissionCheckHandler: (handler: typeof fake.checkHandler) => void (fake.checkHandler = handler),
        setDevicePermissionHandler: () => void fake.calls.push('device handler'),
        on: (event: string, listener: (...args: unknown[]) => void) => void fake.sessionEvents.set(event, listener),
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => fake.backend,
      encryptString: (plain: string) => Buffer.from(`enc:${plain}`),
      decryptString: (data: Buffer) => data.toString().slice(4),
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
    },
    dialog: {
      showErrorBox: (title: string, message: string) => void fake.dialogs.push({ title, message }),
      showMessageBox: async (_window: unknown, options: unknown) => (fake.dialogs.push(options), { response: 0 }),
    },
    ipcMain,
    shell,
  };
});
vi.mock('../../../electron/core/sandbox/sandbox', () => ({
  startSandbox: async () => Promise.reject(new Error('moto_server is not installed')),
}));
vi.mock('../../../electron/core/kiln-backend', () => ({
  createKilnBackend: async (config: Record<string, unknown>) => {
    fake.backendConfig = config;
    return {
      handlers: {},
      events: { subscribe: () => () => undefined },
      launches: { list: () => [] },
      dispose: () => undefined,
    };
  },
}));

async function startMain() {
  const loaded = new Promise<void>((resolve) => (fake.loaded = resolve));
  await import('../../../electron/main/main');
  return loaded;
}

beforeEach(async () => {
  vi.resetModules();
  Object.assign(fake, {
    gotLock: true,
    isPackaged: true,
    backend: 'basic_text',
    calls: [],
    menu: [],
    windows: [],
    dialogs: [],
    backendConfig: undefined,
  });
  fake.sessionEvents.clear();
  fake.app?.removeAllListeners();
  fake.userData = await mkdtemp(path.join(os.tmpdir(), 'kiln-userdata-'));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('desktop main process', () => {
  it('quits a second instance before it starts anything', async () => {
    fake.gotLock = false;
    await import('../../../electron/main/main');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls).toEqual(['scheme', 'lock', 'quit']);
    expect(fake.windows).toHaveLength(0);
  });

  it('wires the menu, the protocol, permissions, downloads, the secrets check and the window', async () => {
    await startMain();
    expect(fake.calls.slice(0, 6)).toEqual(['scheme', 'lock', 'ready', 'menu', 'protocol kiln', 'device handler']);
    expect(fake.calls.at(-1)).toBe('load kiln://app/index.html?session=…');

    // A packaged build: no developer tools, in the menu or the window.
    const roles = (fake.menu as MenuItemConstructorOptions[]).flatMap((m) =>
      (m.submenu as MenuItemConstructorOptions[]).map((i) => i.role),
    );
    expect(roles).toContain('quit');
    expect(roles).not.toContain('toggleDevTools');
    const [window] = fake.windows;
    expect((window.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    expect(window.options).toMatchObject({ width: 1360, height: 900 });

    const page = await fake.protocolHandler!(new Request('kiln://app/index.html'));
    expect(page.headers.get('content-security-policy')).toMatch(/form-action 'none'/);

    const granted = (permission: string) =>
      new Promise((resolve) =>
        fake.requestHandler!({}, permission, resolve, { requestingUrl: 'kiln://app/index.html' }),
      );
    expect(await granted('media')).toBe(false);
    expect(await granted('notifications')).toBe(true);
    expect(fake.checkHandler!({}, 'geolocation', 'kiln://app')).toBe(false);
    expect(fake.sessionEvents.has('will-download')).toBe(true);

    // basic_text: the backend gets a memory store, and nothing is written to disk.
    const secrets = fake.backendConfig!.secrets as import('../../../electron/core/store/secret-store').SecretStore;
    await secrets.set('agent-token:l1', 'tok');
    expect(await readdir(fake.userData)).not.toContain('secrets.json');
    expect(vi.mocked(console.error).mock.calls.map((c) => String(c[0]))).toContainEqual(
      expect.stringMatching(/agent tokens are kept in memory only: .*basic_text/),
    );
    // …and the app shows it as a notice, with what to do.
    expect(fake.backendConfig!.notices).toEqual([
      {
        code: 'SecretsInMemoryOnly',
        message: expect.stringMatching(/^Kiln keeps agent tokens in memory only: no keyring was found .*basic_text/),
        remedy: expect.stringMatching(
          /^Install and unlock a keyring \(GNOME Keyring or KWallet\).*Parameter Store after a restart\.$/,
        ),
      },
    ]);
  });

  it('keeps secrets in the encrypted file with a keyring', async () => {
    fake.backend = 'gnome_libsecret';
    await startMain();
    const secrets = fake.backendConfig!.secrets as import('../../../electron/core/store/secret-store').SecretStore;
    await secrets.set('agent-token:l1', 'tok');
    expect(await readdir(fake.userData)).toContain('secrets.json');
    expect(fake.backendConfig!.notices).toEqual([]);
  });

  it('opens the settings files through electron-store in userData, and backs up a damaged one', async () => {
    await startMain();
    const { default: ElectronStore } = await import('electron-store');
    const config = fake.backendConfig as unknown as KilnBackendConfig;
    expect(config.dataDir).toBe(fake.userData);
    const file = path.join(fake.userData, 'presets.json');
    const damaged = '{"presets": [{"name": "web", "spec": {"instanceType": "t3.mi';
    await writeFile(file, damaged);

    const opened: unknown[] = [];
    const openFile: OpenSettingsFile = async (options) => {
      const settings = await config.openSettingsFile!(options);
      opened.push(settings);
      return settings;
    };
    const problems = createStorageProblems();
    const presets = createPresetStore({ dataDir: config.dataDir, problems, openFile, log: () => undefined });
    expect(await presets.list()).toEqual([]);
    expect(opened).toEqual([expect.any(ElectronStore)]);
    expect((opened[0] as SettingsFile).path).toBe(file);

    const [problem] = problems.list();
    expect(problem).toMatchObject({
      kind: 'presets',
      file,
      backupPath: expect.stringMatching(/presets\.json\.unreadable-/),
    });
    expect(await readFile(problem.backupPath, 'utf8')).toBe(damaged);
    // The file itself starts anew (conf records the schema version); the damaged content lives on only in the backup.
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ __internal__: { migrations: { version: '2.0.0' } } });
  });

  it('refuses navigation, reloads after a renderer crash and says so, and focuses on a second start', async () => {
    fake.isPackaged = false;
    await startMain();
    const [window] = fake.windows;
    expect((window.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
    expect(
      (fake.menu as MenuItemConstructorOptions[]).flatMap((m) =>
        (m.submenu as MenuItemConstructorOptions[]).map((i) => i.role),
      ),
    ).toContain('toggleDevTools');

    const navigation = { preventDefault: vi.fn() };
    window.contents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();

    window.contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(fake.calls).toContain('reload');
    expect(fake.dialogs.at(-1)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/window stopped unexpectedly \(it crashed\)/),
    });

    fake.calls.length = 0;
    fake.app.emit('second-instance');
    expect(fake.calls).toEqual(['show', 'focus']);
  });

  it('saves the window position before quitting', async () => {
    await startMain();
    await vi.waitFor(() => expect(fake.app.listenerCount('window-all-closed')).toBe(1));
    fake.windows[0].emit('close');
    fake.app.emit('window-all-closed');
    await vi.waitFor(() => expect(fake.calls).toContain('quit'));
    expect(JSON.parse(await readFile(path.join(fake.userData, 'window-state.json'), 'utf8'))).toEqual({
      x: 10,
      y: 10,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });
});
