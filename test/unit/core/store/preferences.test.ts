// Remembered choices: the last region per profile survives a restart, concurrent changes keep their order, and a
// damaged file is kept aside and reported, costing only the remembered choices.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPreferencesPatch, createPreferencesStore } from '../../../../electron/core/store/preferences';
import { createStorageProblems } from '../../../../electron/core/store/storage-problems';

const open = (dataDir: string, problems = createStorageProblems()) => createPreferencesStore({ dataDir, problems });

describe('applyPreferencesPatch', () => {
  it('sets one profile region and keeps the others', () => {
    const current = { regionByProfile: { a: 'us-east-1', b: 'eu-west-1' } };
    expect(applyPreferencesPatch(current, { lastRegion: { profileId: 'a', region: 'ap-south-1' } })).toEqual({
      regionByProfile: { a: 'ap-south-1', b: 'eu-west-1' },
    });
    expect(applyPreferencesPatch(current, {})).toBe(current);
  });
});

describe('createPreferencesStore', () => {
  it('starts empty, persists changes in the data dir, and reads them back after a restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-prefs-'));
    const store = open(dir);
    expect(await store.get()).toEqual({ regionByProfile: {} });
    await Promise.all([
      store.set({ lastRegion: { profileId: 'aws:dev', region: 'us-west-2' } }),
      store.set({ lastRegion: { profileId: 'local-sandbox', region: 'eu-west-1' } }),
      store.set({ lastRegion: { profileId: 'aws:dev', region: 'eu-central-1' } }),
    ]);
    const restarted = open(dir);
    expect(await restarted.get()).toEqual({
      regionByProfile: { 'aws:dev': 'eu-central-1', 'local-sandbox': 'eu-west-1' },
    });
    expect((await stat(path.join(dir, 'preferences.json'))).mode & 0o777).toBe(0o600);
  });

  it('moves a damaged file aside, reports it, answers defaults, and keeps the backup through the next change', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-prefs-'));
    const file = path.join(dir, 'preferences.json');
    await writeFile(file, '{"regionByProfile": [');
    const problems = createStorageProblems();
    const store = open(dir, problems);
    expect(await store.get()).toEqual({ regionByProfile: {} });
    expect(problems.list()).toEqual([expect.objectContaining({ kind: 'preferences', file })]);
    await store.set({ lastRegion: { profileId: 'p', region: 'us-east-2' } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ regionByProfile: { p: 'us-east-2' } });
    expect(await readFile(problems.list()[0].backupPath, 'utf8')).toBe('{"regionByProfile": [');
  });
});
