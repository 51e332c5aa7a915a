/** Small choices Kiln remembers between runs (the last region per profile), in `preferences.json`. */
import { Preferences } from '../../common/models';
import { createSettingsDocument, type OpenSettingsFile } from './settings-document';
import type { StorageProblems } from './storage-problems';

export interface PreferencesPatch {
  /** Remembers `region` as the last choice for `profileId`. */
  lastRegion?: { profileId: string; region: string };
}

export interface PreferencesStore {
  get(): Promise<Preferences>;
  set(patch: PreferencesPatch): Promise<Preferences>;
}

export interface PreferencesStoreDeps {
  dataDir: string;
  problems: StorageProblems;
  openFile?: OpenSettingsFile;
  now?: () => Date;
}

/** Applies a patch; pure, so the merge rules are tested without a disk. */
export function applyPreferencesPatch(current: Preferences, patch: PreferencesPatch): Preferences {
  if (!patch.lastRegion) return current;
  const { profileId, region } = patch.lastRegion;
  return { ...current, regionByProfile: { ...current.regionByProfile, [profileId]: region } };
}

export function createPreferencesStore(deps: PreferencesStoreDeps): PreferencesStore {
  const document = createSettingsDocument<Preferences>({
    dataDir: deps.dataDir,
    name: 'preferences',
    kind: 'preferences',
    // 1 was Kiln's own JSON file, of the same shape.
    version: '2.0.0',
    empty: () => Preferences.parse({}),
    parse: (raw) => {
      const parsed = Preferences.safeParse(raw);
      return parsed.success ? { value: parsed.data, dropped: [] } : undefined;
    },
    problems: deps.problems,
    openFile: deps.openFile,
    now: deps.now,
  });
  return {
    get: () => document.read(),
    set: (patch) => document.update((current) => applyPreferencesPatch(current, patch)),
  };
}
