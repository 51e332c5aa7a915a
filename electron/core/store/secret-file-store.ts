/**
 * Secrets at rest in one file, each value encrypted by a cipher the composition root provides (Electron safeStorage
 * in the desktop app). The file is never lost to a read problem: a file that cannot be parsed is moved aside and
 * reported (the secrets it held are read back from Parameter Store when a launch needs them); a file that cannot be
 * read at all (permissions, I/O) fails the call instead of being taken for empty and overwritten; a value the cipher
 * cannot decrypt (the OS keychain changed) reads as absent and stays in the file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StorageProblems } from './storage-problems';
import { moveAside, removeStaleTempFiles, writeFileDurably } from './durable-file';
import type { SecretStore } from './secret-store';

export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

export interface FileSecretStoreDeps {
  file: string;
  cipher: SecretCipher;
  problems: StorageProblems;
  log: (message: string, error?: unknown) => void;
  now?: () => Date;
}

/** `{ version: 1, secrets: { key: base64 } }`; the flat `{ key: base64 }` of earlier versions is read too. */
const FILE_VERSION = 1;

export function createFileSecretStore(deps: FileSecretStoreDeps): SecretStore {
  const now = deps.now ?? (() => new Date());
  let entries: Promise<Record<string, string>> | undefined;
  let writes: Promise<void> = Promise.resolve();

  async function load(): Promise<Record<string, string>> {
    await removeStaleTempFiles(path.dirname(deps.file), deps.file);
    let text: string;
    try {
      text = await readFile(deps.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(
        `The secrets file ${deps.file} cannot be read (${(error as Error).message}); it was left as it is.`,
        { cause: error },
      );
    }
    const parsed = parseSecretsFile(text);
    if (parsed) return parsed;
    const backupPath = await moveAside(deps.file, now());
    deps.problems.report({
      kind: 'secrets',
      file: deps.file,
      backupPath,
      detectedAt: now().toISOString(),
      message: `The secrets file ${deps.file} could not be read; Kiln starts a new one.`,
      remedy: `Agent tokens it held are read back from Parameter Store when a launch needs them. The unreadable file is kept in ${backupPath}.`,
    });
    return {};
  }
  // A failed load is tried again on the next call rather than remembered as empty.
  const loaded = () =>
    (entries ??= load().catch((error: unknown) => {
      entries = undefined;
      throw error;
    }));

  function persist(current: Record<string, string>): Promise<void> {
    const snapshot = JSON.stringify({ version: FILE_VERSION, secrets: current });
    const next = writes.then(() => writeFileDurably(deps.file, snapshot));
    writes = next.catch(() => undefined);
    return next;
  }

  return {
    async get(key) {
      const stored = (await loaded())[key];
      if (stored === undefined) return undefined;
      try {
        return deps.cipher.decrypt(Buffer.from(stored, 'base64'));
      } catch (error) {
        deps.log(`could not decrypt the secret ${key}; it is left in ${deps.file}`, error);
        return undefined;
      }
    },
    async set(key, value) {
      const current = await loaded();
      current[key] = deps.cipher.encrypt(value).toString('base64');
      await persist(current);
    },
    async delete(key) {
      const current = await loaded();
      if (!Object.hasOwn(current, key)) return;
      delete current[key];
      await persist(current);
    },
  };
}

/** The entries of a secrets file, or undefined when it is not one. */
export function parseSecretsFile(text: string): Record<string, string> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const versioned = (raw as { version?: unknown }).version === FILE_VERSION;
  const secrets = versioned ? (raw as { secrets?: unknown }).secrets : raw;
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) return undefined;
  const entries = Object.entries(secrets as Record<string, unknown>);
  if (entries.some(([, value]) => typeof value !== 'string')) return undefined;
  return Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(entries));
}
