import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeOwner,
  lockDataDir,
  readDataDirOwner,
  type DataDirLock,
  type LockAttempt,
} from '../../../../electron/core/store/data-dir-lock';

/** The lock of an attempt that must have succeeded. */
function held(attempt: LockAttempt): DataDirLock {
  expect(attempt.ok).toBe(true);
  return (attempt as { lock: DataDirLock }).lock;
}
const holderOf = (attempt: LockAttempt) => (attempt as { holder?: unknown }).holder;

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'kiln-lock-'));

describe('the data directory lock', () => {
  it('lets one Kiln hold the directory and names it to the next', async () => {
    const dir = await tempDir();
    const first = held(await lockDataDir(dir, 'web'));
    const second = await lockDataDir(dir, 'cli');
    expect(second.ok).toBe(false);
    expect(holderOf(second)).toMatchObject({ pid: process.pid, kind: 'web' });
    expect(describeOwner(await readDataDirOwner(dir))).toBe(`Kiln web mode (pid ${process.pid})`);
    await first.release();
    expect(await readdir(dir)).toEqual([]);
    await held(await lockDataDir(dir, 'cli')).release();
  });

  it('stays held while its owner keeps it (writing the owner does not look like a rival)', async () => {
    const dir = await tempDir();
    const compromised: Error[] = [];
    const lock = held(await lockDataDir(dir, 'desktop', { onCompromised: (error) => compromised.push(error) }));
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(compromised).toEqual([]);
    expect((await lockDataDir(dir, 'cli')).ok).toBe(false);
    await lock.release();
  }, 10_000);

  it('takes over at once from a holder whose process is gone', async () => {
    const dir = await tempDir();
    held(await lockDataDir(dir, 'web'));
    // As a `kill -9` leaves it: the lock directory with the owner's pid, nobody releasing it.
    const taken = held(await lockDataDir(dir, 'cli', { isAlive: () => false }));
    expect(await readDataDirOwner(dir)).toMatchObject({ kind: 'cli' });
    await taken.release();
  });

  it('names no one when the owner file is unreadable', async () => {
    const dir = await tempDir();
    const lock = held(await lockDataDir(dir, 'web'));
    await writeFile(path.join(dir, 'kiln.lock', 'owner.json'), 'not json');
    const refused = await lockDataDir(dir, 'cli');
    expect(refused).toEqual({ ok: false, holder: undefined });
    expect(describeOwner(undefined)).toBe('Another Kiln process');
    await lock.release();
  });
});
