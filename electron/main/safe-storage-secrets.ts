/** Secrets at rest, encrypted with Electron safeStorage (the OS keychain), in one file readable only by the user. */
import { writeFile } from 'node:fs/promises';
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
  let cache: Record<string, string> | undefined;
  async function load(): Promise<Record<string, string>> {
    cache ??= JSON.parse(await fs.readFile(file, 'utf8').catch(() => '{}')) as Record<string, string>;
    return cache;
  }
  async function persist(entries: Record<string, string>): Promise<void> {
    await writeFile(file, JSON.stringify(entries), { mode: 0o600 });
  }
  return {
    async get(key) {
      const stored = (await load())[key];
      return stored === undefined ? undefined : safeStorage.decryptString(Buffer.from(stored, 'base64'));
    },
    async set(key, value) {
      const entries = await load();
      entries[key] = safeStorage.encryptString(value).toString('base64');
      await persist(entries);
    },
    async delete(key) {
      const entries = await load();
      delete entries[key];
      await persist(entries);
    },
  };
}
