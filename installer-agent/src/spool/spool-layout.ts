/**
 * Where spools live: `<dataDir>/spool/<name>-<pid>/`, holding segment files named so that sorting them by name
 * gives the order their batches were captured in, across runs. A directory whose process is gone is an orphan (its
 * `run` crashed); the next `run` claims it by renaming it into its own directory and resends what it holds first.
 */
import { readdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Subdirectory of the config's dataDir. */
export const SPOOL_ROOT_NAME = 'spool';

const CLAIM_PREFIX = 'claim-';
const SEGMENT_NAME = /^\d{15}-\d{10}-\d{9}\.jsonl$/;

/** `<safe name>-<pid>`, e.g. `install-4242`. Pure. */
export function spoolDirName(name: string | undefined, pid: number): string {
  const safe = (name ?? '').replace(/[^A-Za-z0-9._]+/g, '_').slice(0, 40) || 'run';
  return `${safe}-${pid}`;
}

/** The pid at the end of a spool directory name, or null for anything else. Pure. */
export function ownerPid(dirName: string): number | null {
  const match = /-(\d{1,10})$/.exec(dirName);
  return match ? Number(match[1]) : null;
}

/** Fixed-width start time, pid and counter: name order is capture order, and names never collide. Pure. */
export function segmentFileName(startedAtMs: number, pid: number, seq: number): string {
  return `${String(startedAtMs).padStart(15, '0')}-${String(pid).padStart(10, '0')}-${String(seq).padStart(9, '0')}.jsonl`;
}

/** Whether a process with this pid exists (EPERM: it does, as another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the spool directories of processes that are gone into `ownDir` (as `claim-<name>`), so their batches are
 * resent before ours. A rename is atomic: when two runs race for an orphan, one gets it and the other skips it.
 * Resolves with the names claimed.
 */
export async function claimOrphans(
  root: string,
  ownDir: string,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<string[]> {
  const own = basename(ownDir);
  const claimed: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const pid = ownerPid(entry.name);
    if (!entry.isDirectory() || entry.name === own || pid === null || isAlive(pid)) continue;
    try {
      await rename(join(root, entry.name), join(ownDir, `${CLAIM_PREFIX}${entry.name}`));
      claimed.push(entry.name);
    } catch {
      // Claimed by another run in the meantime, or not movable: leave it.
    }
  }
  return claimed;
}

/** Every segment file under `dir` (including claimed directories, at any depth), in capture order. */
export async function listSegments(dir: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name.startsWith(CLAIM_PREFIX)) await visit(join(current, entry.name));
      else if (entry.isFile() && SEGMENT_NAME.test(entry.name)) found.push(join(current, entry.name));
    }
  };
  await visit(dir);
  return found.sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0));
}
