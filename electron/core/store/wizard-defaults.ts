/** Each profile's wizard defaults: the last spec launched with it, without secrets, in `wizard-defaults.json`. */
import path from 'node:path';
import type { LaunchSpec } from '../../common/models';
import { readSavedSpec, toSavedSpec, type SavedSpec } from '../../common/saved-spec';
import { createJsonDocument } from './saved-specs-file';

export interface WizardDefaultsStore {
  get(profileId: string): Promise<SavedSpec | null>;
  /** Keeps `spec` as the profile's defaults; returns what was kept. */
  save(profileId: string, spec: LaunchSpec, keyPairExists: (name: string) => boolean): Promise<SavedSpec>;
}

interface Entry {
  spec: SavedSpec;
  savedAt: string;
}
type Document = { version: 1; profiles: Record<string, Entry> };

export function createWizardDefaultsStore(dataDir: string, log: (message: string) => void, now = () => new Date()): WizardDefaultsStore {
  const file = path.join(dataDir, 'wizard-defaults.json');
  const document = createJsonDocument<Document>({
    file,
    empty: () => ({ version: 1, profiles: {} }),
    parse: (raw) => parseDocument(raw, (message) => log(`${file}: ${message}`)),
    log,
  });
  return {
    async get(profileId) {
      const { profiles } = await document.read();
      return Object.hasOwn(profiles, profileId) ? profiles[profileId]!.spec : null;
    },
    async save(profileId, spec, keyPairExists) {
      const saved = toSavedSpec(spec, keyPairExists);
      await document.update((current) => ({
        version: 1,
        profiles: { ...current.profiles, [profileId]: { spec: saved, savedAt: now().toISOString() } },
      }));
      return saved;
    },
  };
}

function parseDocument(raw: unknown, warn: (message: string) => void): Document | undefined {
  const profiles = (raw as { profiles?: unknown } | undefined)?.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return undefined;
  const result: Record<string, Entry> = {};
  for (const [profileId, entry] of Object.entries(profiles as Record<string, unknown>)) {
    const read = readSavedSpec((entry as { spec?: unknown } | null)?.spec);
    if (!read) {
      warn(`skipped the damaged defaults of profile ${profileId}`);
      continue;
    }
    if (read.dropped.length > 0) warn(`profile ${profileId}: ignored saved ${read.dropped.join(', ')} (no longer valid)`);
    const savedAt = (entry as { savedAt?: unknown }).savedAt;
    result[profileId] = { spec: read.spec, savedAt: typeof savedAt === 'string' ? savedAt : '' };
  }
  return { version: 1, profiles: result };
}
