// The desktop app's settings files as electron-store stores, with Electron replaced by a fake (its binary cannot run
// here): the real electron-store and conf underneath core's setting stores, so the schema check, the migrations,
// the durable writes and the backups of unreadable files are the ones web mode has.
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LaunchSpec } from '../../../electron/common/models';
import { createPreferencesStore } from '../../../electron/core/store/preferences';
import { createPresetStore } from '../../../electron/core/store/presets';
import { createStorageProblems } from '../../../electron/core/store/storage-problems';
import { ELECTRON_STORE_CHANNEL, createElectronStoreOpener } from '../../../electron/main/electron-store-settings';

const fake = vi.hoisted(() => ({
  userData: '',
  getPath: [] as string[],
  ipcMain: undefined as unknown as import('node:events').EventEmitter,
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  fake.ipcMain = new EventEmitter();
  const app = {
    getPath: (name: string) => (fake.getPath.push(name), fake.userData),
    getVersion: () => '0.1.0',
  };
  const electron = { app, ipcMain: fake.ipcMain, shell: { openPath: async () => '' } };
  // electron-store reads Electron through its default export.
  return { ...electron, default: electron };
});

const AT = new Date('2026-05-01T09:30:00.000Z');
const spec: LaunchSpec = {
  profileId: 'sandbox',
  region: 'us-east-1',
  name: 'build-box',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript: 'make install',
  agentPort: 8443,
  keepAgentOpen: false,
};

function stores() {
  const problems = createStorageProblems();
  const openFile = createElectronStoreOpener({ ipcMain: fake.ipcMain });
  const settings = { dataDir: fake.userData, problems, openFile, now: () => AT };
  return {
    problems,
    openFile,
    presets: createPresetStore({ ...settings, log: () => undefined }),
    preferences: createPreferencesStore(settings),
  };
}

beforeEach(async () => {
  fake.userData = await mkdtemp(path.join(os.tmpdir(), 'kiln-electron-store-'));
  fake.getPath.length = 0;
});
afterEach(() => fake.ipcMain.removeAllListeners());

describe('settings files through electron-store', () => {
  it('opens an electron-store store in the data directory, under the document name, and keeps no IPC channel open', async () => {
    const { default: ElectronStore } = await import('electron-store');
    const file = await stores().openFile({
      cwd: fake.userData,
      configName: 'presets',
      projectVersion: '2.0.0',
      migrations: {},
      configFileMode: 0o600,
      clearInvalidConfig: false,
    });
    expect(file).toBeInstanceOf(ElectronStore);
    expect(file.path).toBe(path.join(fake.userData, 'presets.json'));
    // It asked Electron for userData (then took the directory it was given), and its channel was removed.
    expect(fake.getPath).toContain('userData');
    expect(fake.ipcMain.listenerCount(ELECTRON_STORE_CHANNEL)).toBe(0);
  });

  it('saves presets durably: one 0600 file holding the schema version, read again after a restart', async () => {
    await stores().presets.save({ name: 'web', spec, replace: false }, () => false);
    expect(await readdir(fake.userData)).toEqual(['presets.json']);
    const file = path.join(fake.userData, 'presets.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      presets: [{ name: 'web' }],
      __internal__: { migrations: { version: '2.0.0' } },
    });
    expect((await stores().presets.list()).map((p) => p.name)).toEqual(['web']);
  });

  it('runs the migrations of an older file', async () => {
    const file = path.join(fake.userData, 'presets.json');
    await writeFile(
      file,
      JSON.stringify({ version: 1, presets: [{ name: 'old', spec: { instanceType: 't3.micro' }, savedAt: 'then' }] }),
    );
    expect((await stores().presets.list()).map((p) => p.name)).toEqual(['old']);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { __internal__: { migrations: { version: string } } };
    expect(onDisk).not.toHaveProperty('version');
    expect(onDisk.__internal__.migrations.version).toBe('2.0.0');
  });

  it('moves a damaged file aside and reports it, and the next save leaves the backup as it was', async () => {
    const file = path.join(fake.userData, 'preferences.json');
    const damaged = '{"regionByProfile": {"sandbox": "us-ea';
    await writeFile(file, damaged);
    const { preferences, problems } = stores();
    await preferences.get();
    await preferences.set({ lastRegion: { profileId: 'sandbox', region: 'eu-west-1' } });
    const backupPath = `${file}.unreadable-2026-05-01T09-30-00.000Z`;
    expect(problems.list()).toEqual([expect.objectContaining({ kind: 'preferences', file, backupPath })]);
    expect(await readFile(backupPath, 'utf8')).toBe(damaged);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ regionByProfile: { sandbox: 'eu-west-1' } });
  });
});
