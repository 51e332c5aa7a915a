/** Secrets at rest, encrypted with Electron safeStorage (the OS keychain), in one file readable only by the user. */
import { rename, writeFile } from 'node:fs/promises';
import type { SecretStore } from '../core/store/secret-store';

export interface SafeStorageLike {
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function createSafeStorageSecretStore(
  safeStorage: SafeStorageLike,
  file: string,
  fs: { readFile: (file: string, encoding: 'utf8') => Promise<string> },
): SecretStore {
  // The load is cached as a promise so concurrent first calls share one read; writes are chained and atomic
  // (temp file + rename) so two quick `set`s or a crash mid-write never leave broken JSON behind.
  let entries: Promise<Record<string, string>> | undefined;
  let writes: Promise<void> = Promise.resolve();

  function load(): Promise<Record<string, string>> {
    entries ??= fs.readFile(file, 'utf8').then(
      (text) => {
        try {
          return JSON.parse(text) as Record<string, string>;
        } catch {
          throw new Error(`The secrets file ${file} is damaged: move it away; launches it held need their tokens again (Import from AWS).`);
        }
      },
      () => ({}),
    );
    return entries;
  }
  function persist(current: Record<string, string>): Promise<void> {
    const snapshot = JSON.stringify(current);
    writes = writes.then(async () => {
      await writeFile(`${file}.tmp`, snapshot, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    });
    return writes;
  }
  return {
    async get(key) {
      const stored = (await load())[key];
      return stored === undefined ? undefined : safeStorage.decryptString(Buffer.from(stored, 'base64'));
    },
    async set(key, value) {
      const current = await load();
      current[key] = safeStorage.encryptString(value).toString('base64');
      await persist(current);
    },
    async delete(key) {
      const current = await load();
      delete current[key];
      await persist(current);
    },
  };
}
