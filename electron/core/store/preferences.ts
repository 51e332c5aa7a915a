/** Small choices Kiln remembers between runs (the last region per profile), in one JSON file in the data dir. */
import path from 'node:path';
import { Preferences } from '../../common/models';
import { createJsonDocument } from './saved-specs-file';

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

export function createPreferencesStore(dataDir: string, log: (message: string) => void): PreferencesStore {
  // A damaged file only costs remembered choices: it reads as the defaults, is logged, and is replaced on the next change.
  const document = createJsonDocument<Preferences>({
    file: path.join(dataDir, 'preferences.json'),
    empty: () => Preferences.parse({}),
    parse: (raw) => {
      const parsed = Preferences.safeParse(raw);
      return parsed.success ? parsed.data : undefined;
    },
    log,
  });
  return {
    get: () => document.read(),
    set: (patch) => document.update((current) => applyPreferencesPatch(current, patch)),
  };
}
