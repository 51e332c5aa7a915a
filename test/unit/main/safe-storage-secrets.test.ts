import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStorageProblems } from '../../../electron/core/store/storage-problems';
import {
  createDesktopSecretStore,
  safeStorageRefusal,
  secretsInMemoryNotice,
  type SafeStorageLike,
} from '../../../electron/main/safe-storage-secrets';

// Stands in for Electron's safeStorage (which cannot run here): reversible, visibly not plain text, with a backend.
function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
    decryptString: (enc) => Buffer.from(enc.toString().slice(4), 'hex').toString(),
  };
}
const AT = new Date('2026-05-01T09:30:00.000Z');

async function setup(safeStorage: SafeStorageLike, platform: NodeJS.Platform = 'linux') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-desktop-secrets-'));
  const file = path.join(dir, 'secrets.json');
  const problems = createStorageProblems();
  const logged: string[] = [];
  const open = () =>
    createDesktopSecretStore({ safeStorage, platform, file, problems, log: (m) => logged.push(m), now: () => AT });
  return { dir, file, problems, logged, open };
}

describe('desktop secrets (safeStorage)', () => {
  it('refuses the basic_text backend, an unknown one, and no encryption at all', () => {
    expect(safeStorageRefusal(fakeSafeStorage('basic_text'), 'linux')).toMatch(
      /basic_text backend, which is not encryption/,
    );
    expect(safeStorageRefusal(fakeSafeStorage('unknown'), 'linux')).toMatch(/could not tell which keyring/);
    expect(safeStorageRefusal(fakeSafeStorage('gnome_libsecret', false), 'linux')).toMatch(/no encryption/);
    expect(safeStorageRefusal(fakeSafeStorage('gnome_libsecret', false), 'darwin')).toMatch(/no encryption/);
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])
      expect(safeStorageRefusal(fakeSafeStorage(backend), 'linux')).toBeUndefined();
    // The backend question is Linux's only: the keychain (macOS) and DPAPI (Windows) always encrypt.
    const noBackendCall = {
      ...fakeSafeStorage('x'),
      getSelectedStorageBackend: () => {
        throw new Error('Linux only');
      },
    };
    expect(safeStorageRefusal(noBackendCall, 'darwin')).toBeUndefined();
    expect(safeStorageRefusal(noBackendCall, 'win32')).toBeUndefined();
  });

  it('with basic_text keeps secrets in memory only, writes nothing, and says so once with the reason', async () => {
    const { dir, logged, open } = await setup(fakeSafeStorage('basic_text'));
    const secrets = open();
    expect(secrets.memoryOnlyReason).toMatch(/basic_text/);
    await secrets.store.set('agent-token:l1', 'tok-1');
    expect(await secrets.store.get('agent-token:l1')).toBe('tok-1');
    expect(await readdir(dir)).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^agent tokens are kept in memory only: .*basic_text.*Parameter Store/);
  });

  it('turns the reason for memory only into the notice the app shows, with what to do', async () => {
    const { open } = await setup(fakeSafeStorage('basic_text'));
    const reason = open().memoryOnlyReason!;
    expect(secretsInMemoryNotice(reason)).toEqual({
      code: 'SecretsInMemoryOnly',
      message: `Kiln keeps agent tokens in memory only: ${reason}.`,
      remedy:
        'Install and unlock a keyring (GNOME Keyring or KWallet): until then Kiln keeps agent tokens in memory and reads them back from Parameter Store after a restart.',
    });
  });

  it('with a keyring keeps secrets encrypted in a 0600 file that survives a restart', async () => {
    const { file, open } = await setup(fakeSafeStorage('gnome_libsecret'));
    const secrets = open();
    expect(secrets.memoryOnlyReason).toBeUndefined();
    await secrets.store.set('agent-token:l1', 'super-secret-token');
    expect(await readFile(file, 'utf8')).not.toContain('super-secret-token');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await open().store.get('agent-token:l1')).toBe('super-secret-token');
  });

  it('backs up a damaged secrets file as <name>.unreadable-<timestamp> and never overwrites it', async () => {
    const { dir, file, problems, open } = await setup(fakeSafeStorage('kwallet5'));
    await writeFile(file, '{"version":1,"secrets":{"agent-token:l1":"ZW5j');
    const { store } = open();
    expect(await store.get('agent-token:l1')).toBeUndefined();
    await store.set('agent-token:l2', 'tok-2');
    const backup = `${file}.unreadable-2026-05-01T09-30-00.000Z`;
    expect(await readFile(backup, 'utf8')).toBe('{"version":1,"secrets":{"agent-token:l1":"ZW5j');
    expect((await readdir(dir)).sort()).toEqual(['secrets.json', path.basename(backup)].sort());
    expect(problems.list()).toEqual([expect.objectContaining({ kind: 'secrets', file, backupPath: backup })]);
    expect(await open().store.get('agent-token:l2')).toBe('tok-2');
  });

  it('fails, instead of starting empty, on a secrets file it cannot read, and leaves it as it is', async () => {
    const { file, open } = await setup(fakeSafeStorage('gnome_libsecret'));
    // A directory where the file should be: unreadable even for root (permissions would not stop root).
    await mkdir(file);
    await writeFile(path.join(file, 'keep'), 'x');
    const { store } = open();
    await expect(store.set('k', 'v')).rejects.toThrow(/cannot be read/);
    await expect(store.get('k')).rejects.toThrow(/cannot be read/);
    expect(await readFile(path.join(file, 'keep'), 'utf8')).toBe('x');
  });
});
