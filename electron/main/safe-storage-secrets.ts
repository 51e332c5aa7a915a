/**
 * Secrets at rest in the desktop app: encrypted with Electron safeStorage (the OS keychain) in one file of the user
 * data folder, kept by core's file secret store (atomic writes; a damaged file is moved aside and reported, never
 * taken for empty and overwritten). safeStorage is refused where it does not really encrypt: on Linux without a
 * keyring it falls back to `basic_text`, a fixed key compiled into Chromium. Secrets then stay in memory for the run,
 * said once in the log and as a notice in the app, and launches read their agent token back from Parameter Store
 * after a restart.
 */
import type { AppNotice } from '../common/models';
import { createFileSecretStore } from '../core/store/secret-file-store';
import { createMemorySecretStore, type SecretStore } from '../core/store/secret-store';
import type { StorageProblems } from '../core/store/storage-problems';

/** What Kiln uses of Electron's safeStorage. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only (absent or throwing elsewhere). */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Why safeStorage must not keep secrets on this machine, or undefined when it may. Call after `app` is ready. */
export function safeStorageRefusal(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | undefined {
  if (!safeStorage.isEncryptionAvailable())
    return 'the operating system offers Electron no encryption (no keychain or keyring)';
  if (platform !== 'linux') return undefined;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text') {
    return 'no keyring was found (GNOME Keyring, KWallet or another Secret Service), so Electron would store them with its basic_text backend, which is not encryption';
  }
  if (backend === 'unknown') return 'Electron could not tell which keyring it uses';
  return undefined;
}

/** The notice the app shows while agent tokens are kept in memory only (`reason` as `memoryOnlyReason` has it). */
export function secretsInMemoryNotice(reason: string): AppNotice {
  return {
    code: 'SecretsInMemoryOnly',
    message: `Kiln keeps agent tokens in memory only: ${reason}.`,
    remedy:
      'Install and unlock a keyring (GNOME Keyring or KWallet): until then Kiln keeps agent tokens in memory and reads them back from Parameter Store after a restart.',
  };
}

export interface DesktopSecrets {
  store: SecretStore;
  /** Set when secrets are kept in memory only for this run: the reason, for the UI. */
  memoryOnlyReason?: string;
}

export function createDesktopSecretStore(deps: {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  file: string;
  problems: StorageProblems;
  log: (message: string, error?: unknown) => void;
  now?: () => Date;
}): DesktopSecrets {
  const refusal = safeStorageRefusal(deps.safeStorage, deps.platform);
  if (refusal) {
    deps.log(
      `agent tokens are kept in memory only: ${refusal}. After a restart each launch reads its token back from Parameter Store. ` +
        `Install and unlock a keyring to keep them on disk, encrypted.`,
    );
    return { store: createMemorySecretStore(), memoryOnlyReason: refusal };
  }
  const store = createFileSecretStore({
    file: deps.file,
    cipher: {
      encrypt: (plain) => deps.safeStorage.encryptString(plain),
      decrypt: (encrypted) => deps.safeStorage.decryptString(encrypted),
    },
    problems: deps.problems,
    log: deps.log,
    now: deps.now,
  });
  return { store };
}
