/** Small choices Kiln remembers between runs (the last region per profile), in one JSON file in the data dir. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Preferences } from '../../common/models';

export interface PreferencesPatch {
  /** Remembers `region` as the last choice for `profileId`. */
  lastRegion?: { profileId: string; region: string };
}

export interface PreferencesStore {
  get(): Promise<Preferences>;
  set(patch: PreferencesPatch): Promise<Preferences>;
}

/** Applies a patch; pure, so the merge rules are tested without a disk. */
export function applyPreferencesPatch(current: Preferences, patch: PreferencesPatch): Preferences {
  if (!patch.lastRegion) return current;
  const { profileId, region } = patch.lastRegion;
  return { ...current, regionByProfile: { ...current.regionByProfile, [profileId]: region } };
}

export function createPreferencesStore(dataDir: string, onDamaged?: (file: string) => void): PreferencesStore {
  const file = path.join(dataDir, 'preferences.json');
  // Writes are chained: two quick region changes must land in the order they were made.
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<Preferences> {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return Preferences.parse({});
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = Preferences.safeParse(json);
    if (parsed.success) return parsed.data;
    // A damaged file only costs remembered choices; it is named and replaced on the next change.
    onDamaged?.(file);
    return Preferences.parse({});
  }

  return {
    get: () => queue.then(read, read),
    set(patch) {
      const write = async () => {
        const next = applyPreferencesPatch(await read(), patch);
        await mkdir(dataDir, { recursive: true, mode: 0o700 });
        const temp = `${file}.tmp`;
        await writeFile(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
        await rename(temp, file);
        return next;
      };
      const result = queue.then(write, write);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
