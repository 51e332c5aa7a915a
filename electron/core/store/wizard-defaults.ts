/** Each profile's wizard defaults: the last spec launched with it, without secrets, in `wizard-defaults.json`. */
import type { LaunchSpec } from '../../common/models';
import { readSavedSpec, toSavedSpec, type SavedSpec } from '../../common/saved-spec';
import { createSettingsDocument, type OpenSettingsFile, type ParsedDocument } from './settings-document';
import type { StorageProblems } from './storage-problems';

export interface WizardDefaultsStore {
  get(profileId: string): Promise<SavedSpec | null>;
  /** Keeps `spec` as the profile's defaults; returns what was kept. */
  save(profileId: string, spec: LaunchSpec, keyPairExists: (name: string) => boolean): Promise<SavedSpec>;
}

export interface WizardDefaultsStoreDeps {
  dataDir: string;
  problems: StorageProblems;
  log: (message: string) => void;
  openFile?: OpenSettingsFile;
  now?: () => Date;
}

interface Entry {
  spec: SavedSpec;
  savedAt: string;
}
type Document = { profiles: Record<string, Entry> };

/** Version 1 was Kiln's own JSON file (`{ version: 1, profiles }`); 2 is the same map kept by conf. */
const VERSION = '2.0.0';
const MIGRATIONS = { '2.0.0': (store: { delete(key: string): void }) => store.delete('version') };

export function createWizardDefaultsStore(deps: WizardDefaultsStoreDeps): WizardDefaultsStore {
  const now = deps.now ?? (() => new Date());
  const document = createSettingsDocument<Document>({
    dataDir: deps.dataDir,
    name: 'wizard-defaults',
    kind: 'wizard-defaults',
    version: VERSION,
    migrations: MIGRATIONS,
    empty: () => ({ profiles: {} }),
    parse: (raw) => parseDocument(raw, (message) => deps.log(`wizard-defaults.json: ${message}`)),
    problems: deps.problems,
    openFile: deps.openFile,
    now,
  });
  return {
    async get(profileId) {
      const { profiles } = await document.read();
      return Object.hasOwn(profiles, profileId) ? (profiles[profileId]?.spec ?? null) : null;
    },
    async save(profileId, spec, keyPairExists) {
      const saved = toSavedSpec(spec, keyPairExists);
      await document.update((current) => ({
        profiles: { ...current.profiles, [profileId]: { spec: saved, savedAt: now().toISOString() } },
      }));
      return saved;
    },
  };
}

function parseDocument(
  raw: Record<string, unknown>,
  warn: (message: string) => void,
): ParsedDocument<Document> | undefined {
  const profiles = raw.profiles ?? {};
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return undefined;
  const result: Record<string, Entry> = {};
  const dropped: string[] = [];
  for (const [profileId, entry] of Object.entries(profiles as Record<string, unknown>)) {
    const read = readSavedSpec((entry as { spec?: unknown } | null)?.spec);
    if (!read) {
      dropped.push(`the defaults of profile ${profileId} are damaged`);
      continue;
    }
    if (read.dropped.length > 0)
      warn(`profile ${profileId}: ignored saved ${read.dropped.join(', ')} (no longer valid)`);
    const savedAt = (entry as { savedAt?: unknown }).savedAt;
    result[profileId] = { spec: read.spec, savedAt: typeof savedAt === 'string' ? savedAt : '' };
  }
  return { value: { profiles: result }, dropped };
}
