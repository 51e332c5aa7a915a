import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeOwner, lockDataDir, readDataDirOwner } from '../../../../electron/core/store/data-dir-lock';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'kiln-lock-'));

describe('the data directory lock', () => {
  it('lets one Kiln hold the directory and names it to the next', async () => {
    const dir = await tempDir();
    const first = await lockDataDir(dir, 'web');
    expect(first.ok).toBe(true);
    const second = await lockDataDir(dir, 'cli');
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.holder).toMatchObject({ pid: process.pid, kind: 'web' });
    if (!second.ok) expect(describeOwner(second.holder)).toBe(`Kiln web mode (pid ${process.pid})`);
    if (first.ok) await first.lock.release();
    expect(await readdir(dir)).toEqual([]);
    const third = await lockDataDir(dir, 'cli');
    expect(third.ok).toBe(true);
    if (third.ok) await third.lock.release();
  });

  it('stays held while its owner keeps it (writing the owner does not look like a rival)', async () => {
    const dir = await tempDir();
    const compromised: Error[] = [];
    const held = await lockDataDir(dir, 'desktop', { onCompromised: (error) => compromised.push(error) });
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(compromised).toEqual([]);
    expect((await lockDataDir(dir, 'cli')).ok).toBe(false);
    if (held.ok) await held.lock.release();
  }, 10_000);

  it('takes over at once from a holder whose process is gone', async () => {
    const dir = await tempDir();
    const dead = await lockDataDir(dir, 'web');
    expect(dead.ok).toBe(true);
    // As a `kill -9` leaves it: the lock directory with the owner's pid, nobody releasing it.
    const taken = await lockDataDir(dir, 'cli', { isAlive: () => false });
    expect(taken.ok).toBe(true);
    expect(await readDataDirOwner(dir)).toMatchObject({ kind: 'cli' });
    if (taken.ok) await taken.lock.release();
  });

  it('names no one when the owner file is unreadable', async () => {
    const dir = await tempDir();
    const held = await lockDataDir(dir, 'web');
    await writeFile(path.join(dir, 'kiln.lock', 'owner.json'), 'not json');
    const refused = await lockDataDir(dir, 'cli');
    expect(refused).toEqual({ ok: false, holder: undefined });
    expect(describeOwner(undefined)).toBe('Another Kiln process');
    if (held.ok) await held.lock.release();
  });
});
