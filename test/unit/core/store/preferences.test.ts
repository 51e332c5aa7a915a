// Remembered choices: the last region per profile survives a restart, concurrent changes keep their order, and a
// damaged file costs only the remembered choices.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPreferencesPatch, createPreferencesStore } from '../../../../electron/core/store/preferences';

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
    const store = createPreferencesStore(dir, () => undefined);
    expect(await store.get()).toEqual({ regionByProfile: {} });
    await Promise.all([
      store.set({ lastRegion: { profileId: 'aws:dev', region: 'us-west-2' } }),
      store.set({ lastRegion: { profileId: 'local-sandbox', region: 'eu-west-1' } }),
      store.set({ lastRegion: { profileId: 'aws:dev', region: 'eu-central-1' } }),
    ]);
    const restarted = createPreferencesStore(dir, () => undefined);
    expect(await restarted.get()).toEqual({ regionByProfile: { 'aws:dev': 'eu-central-1', 'local-sandbox': 'eu-west-1' } });
    expect((await stat(path.join(dir, 'preferences.json'))).mode & 0o777).toBe(0o600);
  });

  it('names a damaged file, answers defaults, and replaces it on the next change', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-prefs-'));
    const file = path.join(dir, 'preferences.json');
    await writeFile(file, '{"regionByProfile": [');
    const logged: string[] = [];
    const store = createPreferencesStore(dir, (message) => logged.push(message));
    expect(await store.get()).toEqual({ regionByProfile: {} });
    expect(logged).toEqual([expect.stringContaining(file)]);
    await store.set({ lastRegion: { profileId: 'p', region: 'us-east-2' } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ regionByProfile: { p: 'us-east-2' } });
  });
});
