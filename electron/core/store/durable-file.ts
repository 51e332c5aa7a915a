/**
 * The file operations every store of Kiln's data directory uses, so that a crash or a power cut at any moment
 * leaves either the old or the new content behind, never a torn file, and a file Kiln cannot read is kept aside
 * for the operator instead of being overwritten.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, constants as fsConstants, link, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * Writes `data` to `file` atomically and durably: a temporary file in the same directory, fsync, rename over the
 * file, then fsync of the directory so the rename itself survives a power cut.
 */
export async function writeFileDurably(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const tmp = `${file}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(tmp, 'w', FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Appends `text` to `file` and fsyncs it before resolving (one call per batch of lines, not per line). */
export async function appendDurably(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: DIR_MODE });
  const handle = await open(file, 'a', FILE_MODE);
  try {
    await handle.appendFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes a directory entry change (a rename, a new file) durable. Not possible on Windows, where opening a directory
 * fails and NTFS journals the rename itself: ignored there.
 */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (network mounts, some FUSE) refuse fsync on a directory: nothing more can be done there.
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/** Marks the temporary files of `writeFileDurably`, so a store can remove those a crash left behind. */
export const TEMP_MARK = '.tmp-';

/**
 * Removes temporary files a crash left in `dir` (never the files themselves): all of them, or only those of `file`
 * (`<file>.tmp-…`, which is also how conf's atomic writes name theirs).
 */
export async function removeStaleTempFiles(dir: string, file?: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = (name: string) =>
    file ? name.startsWith(`${path.basename(file)}${TEMP_MARK}`) : name.includes(TEMP_MARK);
  await Promise.all(names.filter(stale).map((name) => unlink(path.join(dir, name)).catch(() => undefined)));
}

/** The infix of a backup of an unreadable file: `<name>.unreadable-<timestamp>`. */
export const UNREADABLE_MARK = '.unreadable-';

/**
 * The name a backup of `file` gets at `at`: the ISO 8601 time with `:` as `-`, since Windows file names cannot hold
 * a colon (`presets.json.unreadable-2026-05-01T09-30-00.123Z`).
 */
export function backupName(file: string, at: Date): string {
  return `${file}${UNREADABLE_MARK}${at.toISOString().replaceAll(':', '-')}`;
}

/**
 * Moves an unreadable `file` aside as `<file>.unreadable-<timestamp>` and returns the backup's path. Never overwrites
 * anything: a backup of the same name (two in one millisecond) gets a counter. `link` + `unlink` instead of `rename`,
 * because `link` refuses an existing target where `rename` would silently replace it.
 */
export async function moveAside(file: string, at: Date): Promise<string> {
  const base = backupName(file, at);
  for (let attempt = 0; ; attempt += 1) {
    const target = attempt === 0 ? base : `${base}-${attempt}`;
    try {
      await link(file, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // File systems without hard links (FAT, some network mounts): a copy that refuses to overwrite, then unlink.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
        try {
          await copyFile(file, target, fsConstants.COPYFILE_EXCL);
        } catch (copyError) {
          if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw copyError;
        }
      } else {
        throw error;
      }
    }
    await unlink(file);
    await syncDirectory(path.dirname(file));
    return target;
  }
}

/**
 * Writes `content` (what `file` held when it was read) beside it as `<file>.unreadable-<timestamp>`, never
 * overwriting: for a file read only in part (some entries damaged, or not the document expected) whose next write
 * will drop what could not be read.
 */
export async function keepCopy(file: string, content: Uint8Array | string, at: Date): Promise<string> {
  const base = backupName(file, at);
  for (let attempt = 0; ; attempt += 1) {
    const target = attempt === 0 ? base : `${base}-${attempt}`;
    let handle;
    try {
      handle = await open(target, 'wx', FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDirectory(path.dirname(file));
    return target;
  }
}
