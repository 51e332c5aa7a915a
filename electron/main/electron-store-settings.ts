/**
 * The desktop app's settings files (presets, wizard defaults, preferences) as electron-store stores. electron-store
 * is conf with Electron's defaults and passes conf's options through, so core's settings document works on it as it
 * does on conf in web mode: the same parsers, migrations, atomic fsynced writes, and unreadable files moved aside.
 */
import type { OpenSettingsFile, SettingsFile, SettingsFileOptions } from '../core/store/settings-document';

/** electron-store's constructor, as Kiln calls it (conf's options, with the file's name as `name`). */
export type ElectronStoreClass = new (
  options: Omit<SettingsFileOptions, 'configName'> & { name: string },
) => SettingsFile;

/** The IPC channel electron-store opens so that a renderer could build stores of its own. */
export const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

export interface ElectronStoreSettingsDeps {
  /** Loads electron-store (ESM-only: a dynamic import, which esbuild bundles into the CommonJS main bundle). */
  load?: () => Promise<ElectronStoreClass>;
  /** Where electron-store registers its channel; Kiln's renderer never uses it, so it is removed again. */
  ipcMain: { removeAllListeners(channel: string): unknown };
}

const loadElectronStore = async (): Promise<ElectronStoreClass> =>
  (await import('electron-store')).default as unknown as ElectronStoreClass;

/** An `OpenSettingsFile` that opens each settings document as an electron-store store. */
export function createElectronStoreOpener(deps: ElectronStoreSettingsDeps): OpenSettingsFile {
  const load = deps.load ?? loadElectronStore;
  return async ({ configName, ...options }) => {
    const ElectronStore = await load();
    try {
      return new ElectronStore({ ...options, name: configName });
    } finally {
      // The only IPC channels of Kiln's window are the contract's: the renderer has no use for the user data path
      // and app version electron-store would answer there.
      deps.ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
    }
  };
}
