/**
 * One small settings document in the data directory (presets, wizard defaults, preferences), kept by `conf` (the
 * store `electron-store` is built on, so the desktop app can hand in electron-store through `openFile`): its
 * versioned migrations and atomic, fsynced writes, plus what conf lacks:
 * - the directory is fsynced after each write, so the rename survives a power cut;
 * - a file that is not a JSON object (cut short by a crash, edited by hand) is moved aside as
 *   `<name>.json.unreadable-<timestamp>` and reported through `storage.problems` instead of being read as empty and
 *   overwritten by the next save (conf's `clearInvalidConfig` would delete it);
 * - the content is checked by the store's own parser (zod), which may keep the readable entries of a partly damaged
 *   file: the whole file is then copied aside first, so the next save, which drops the damaged entries, loses nothing.
 *
 * conf reads and writes synchronously; these documents are a few kilobytes and change on a click, so that costs
 * nothing noticeable. Launch records, which change with every log batch, do not go through conf (launch-store.ts).
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StorageProblem, StoredFileKind } from '../../common/models';
import { keepCopy, moveAside, removeStaleTempFiles, syncDirectory } from './durable-file';
import type { StorageProblems } from './storage-problems';

export interface SettingsDocument<T> {
  read(): Promise<T>;
  /** Reads, changes and writes the document; changes never interleave. A change that throws writes nothing. */
  update(change: (current: T) => T): Promise<T>;
}

/** The part of conf's (and electron-store's) instance a settings document uses. */
export interface SettingsFile {
  readonly path: string;
  store: Record<string, unknown>;
}

/** What a migration step may do to the file (a subset of conf's instance). */
export interface MigrationStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface SettingsFileOptions {
  cwd: string;
  configName: string;
  /** The document's schema version (semver); conf records it in the file and runs the migrations up to it. */
  projectVersion: string;
  migrations: Record<string, (store: MigrationStore) => void>;
  configFileMode: number;
  clearInvalidConfig: false;
}

/** Opens a settings file; the default is conf. electron-store takes the same options (`configName` as `name`). */
export type OpenSettingsFile = (options: SettingsFileOptions) => Promise<SettingsFile>;

/** conf 16 is ESM-only: a dynamic import loads it from this CommonJS build (and esbuild bundles it the same way). */
export const openConfFile: OpenSettingsFile = async (options) => {
  const { default: Conf } = await import('conf');
  return new Conf(options as ConstructorParameters<typeof Conf>[0]);
};

/** What the store's parser made of the file: the document, and the entries it had to leave out (none normally). */
export interface ParsedDocument<T> {
  value: T;
  dropped: string[];
}

export interface SettingsDocumentOptions<T> {
  dataDir: string;
  /** The file is `<dataDir>/<name>.json`. */
  name: string;
  kind: StoredFileKind;
  /** Semver of the document's shape; raise it with a migration when the shape changes. */
  version: string;
  migrations?: Record<string, (store: MigrationStore) => void>;
  empty: () => T;
  /** Reads the document; undefined when the content is not this document at all (then the file is moved aside). */
  parse: (raw: Record<string, unknown>) => ParsedDocument<T> | undefined;
  problems: StorageProblems;
  openFile?: OpenSettingsFile;
  now?: () => Date;
}

export function createSettingsDocument<T extends object>(options: SettingsDocumentOptions<T>): SettingsDocument<T> {
  const file = path.join(options.dataDir, `${options.name}.json`);
  const now = options.now ?? (() => new Date());
  const openFile = options.openFile ?? openConfFile;
  let opened: Promise<{ settings: SettingsFile; current: T }> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  function report(backupPath: string, message: string, remedy: string): void {
    const problem: StorageProblem = {
      kind: options.kind,
      file,
      backupPath,
      detectedAt: now().toISOString(),
      message,
      remedy,
    };
    options.problems.report(problem);
  }

  /** The file's bytes as found (undefined when there is none); a file that is not a JSON object is moved aside. */
  async function readOrSetAside(): Promise<Buffer | undefined> {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (bytes === undefined || isJsonObject(bytes.toString('utf8'))) return bytes;
    const backupPath = await moveAside(file, now());
    const what = bytes.toString('utf8').trim() ? 'not valid JSON' : 'empty';
    report(backupPath, `Kiln could not read ${file} (${what}), so it starts without it.`, remedy(backupPath));
    return undefined;
  }

  async function open(): Promise<{ settings: SettingsFile; current: T }> {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    await removeStaleTempFiles(options.dataDir, file);
    const original = await readOrSetAside();
    const fileOptions: SettingsFileOptions = {
      cwd: options.dataDir,
      configName: options.name,
      projectVersion: options.version,
      migrations: options.migrations ?? {},
      configFileMode: 0o600,
      clearInvalidConfig: false,
    };
    let settings: SettingsFile;
    try {
      settings = await openFile(fileOptions);
    } catch (error) {
      // Damaged between the check above and conf's read (another process writing it): moved aside all the same.
      if ((error as Error).name !== 'SyntaxError') throw error;
      const backupPath = await moveAside(file, now());
      report(backupPath, `Kiln could not read ${file} (not valid JSON), so it starts without it.`, remedy(backupPath));
      settings = await openFile(fileOptions);
    }
    const parsed = options.parse(settings.store);
    // The backup holds the bytes as found, before conf's migrations touched them.
    if (!parsed) {
      const backupPath = await keepCopy(file, original ?? '', now());
      report(backupPath, `${file} does not hold what Kiln keeps there, so Kiln starts without it.`, remedy(backupPath));
      const current = options.empty();
      settings.store = current as Record<string, unknown>;
      await syncDirectory(options.dataDir);
      return { settings, current };
    }
    if (parsed.dropped.length > 0) {
      const backupPath = await keepCopy(file, original ?? '', now());
      report(backupPath, `Kiln could not read part of ${file}: ${parsed.dropped.join('; ')}.`, remedy(backupPath));
    }
    return { settings, current: parsed.value };
  }

  function serialized<R>(work: () => Promise<R>): Promise<R> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }
  // A failed open (a permission error, not a damaged file) is tried again on the next call.
  const ready = () =>
    (opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));

  return {
    read: () => serialized(async () => (await ready()).current),
    update: (change) =>
      serialized(async () => {
        const state = await ready();
        const next = change(state.current);
        state.settings.store = next as Record<string, unknown>;
        await syncDirectory(path.dirname(state.settings.path));
        state.current = next;
        return next;
      }),
  };
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

const remedy = (backupPath: string) =>
  `The content is kept in ${backupPath}; nothing was overwritten. Copy what you need from it, then delete it.`;
