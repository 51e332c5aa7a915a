/**
 * One Kiln backend per data directory: the desktop app, web mode and the command line each hold this lock while
 * they read and write the directory, so two of them never race on its files. Whoever holds it is written inside the
 * lock (pid, which kind of Kiln), so the one that is refused can say what to close. A holder that died without
 * releasing (kill -9, a power cut) is recognised by its pid at once, or by the lock's age (proper-lockfile's stale
 * check) when it died before writing its name.
 */
import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';

export const LOCK_DIR_NAME = 'kiln.lock';
const OWNER_FILE = 'owner.json';

export const DataDirOwner = z.object({
  pid: z.number().int().positive(),
  /** Which Kiln holds the directory: the desktop app, web mode, or the command line running its own backend. */
  kind: z.enum(['desktop', 'web', 'cli']),
  startedAt: z.string(),
});
export type DataDirOwner = z.infer<typeof DataDirOwner>;

export interface DataDirLock {
  release(): Promise<void>;
}

export type LockAttempt = { ok: true; lock: DataDirLock } | { ok: false; holder: DataDirOwner | undefined };

export interface LockOptions {
  /** Whether a process with this pid exists (default: signal 0). */
  isAlive?: (pid: number) => boolean;
  /** Told when the lock was taken away while held (its directory removed or touched by another process). */
  onCompromised?: (error: Error) => void;
}

/** Takes the data directory's lock for `kind`, or says who holds it. */
export async function lockDataDir(
  dataDir: string,
  kind: DataDirOwner['kind'],
  options: LockOptions = {},
): Promise<LockAttempt> {
  const isAlive = options.isAlive ?? processExists;
  const lockDir = path.join(dataDir, LOCK_DIR_NAME);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const release = await lockfile.lock(dataDir, {
        lockfilePath: lockDir,
        realpath: false,
        stale: 10_000,
        update: 2_000,
        onCompromised: options.onCompromised ?? (() => undefined),
      });
      const owner: DataDirOwner = { pid: process.pid, kind, startedAt: new Date().toISOString() };
      // proper-lockfile keeps the lock alive by the directory's mtime and takes any other change for a rival:
      // put the mtime back after adding the owner's file.
      const before = await stat(lockDir);
      await writeFile(path.join(lockDir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
      await utimes(lockDir, before.atime, before.mtime);
      return {
        ok: true,
        lock: {
          async release() {
            // proper-lockfile marks the lock released, then its rmdir fails on the owner's file: remove both here.
            await release().catch(() => undefined);
            await rm(lockDir, { recursive: true, force: true });
          },
        },
      };
    } catch (error) {
      // ENOTEMPTY: proper-lockfile found the lock stale (not kept alive for 10 s) and could not rmdir it.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw error;
      const holder = await readDataDirOwner(dataDir);
      // The holder is gone without releasing: its lock is taken over now rather than after the stale period.
      if (holder && !isAlive(holder.pid) && attempt === 0) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      return { ok: false, holder };
    }
  }
  return { ok: false, holder: await readDataDirOwner(dataDir) };
}

/** Who holds the data directory's lock now, when it says so. */
export async function readDataDirOwner(dataDir: string): Promise<DataDirOwner | undefined> {
  try {
    const parsed = DataDirOwner.safeParse(
      JSON.parse(await readFile(path.join(dataDir, LOCK_DIR_NAME, OWNER_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** How a refused Kiln names the holder: "Kiln web mode (pid 4242)". */
export function describeOwner(owner: DataDirOwner | undefined): string {
  if (!owner) return 'Another Kiln process';
  const kind = { desktop: 'the Kiln desktop app', web: 'Kiln web mode', cli: 'a kiln command' }[owner.kind];
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} (pid ${owner.pid})`;
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
