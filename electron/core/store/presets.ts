/** Named launch presets, without secrets, in `presets.json`. The one module that writes them. */
import type { LaunchSpec } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { PresetName, readSavedSpec, toSavedSpec, type Preset } from '../../common/saved-spec';
import { createSettingsDocument, type OpenSettingsFile, type ParsedDocument } from './settings-document';
import type { StorageProblems } from './storage-problems';

export interface PresetStore {
  /** Sorted by name. */
  list(): Promise<Preset[]>;
  /** Saves under `name`; an existing preset of that name is replaced only when `replace` is set. */
  save(
    input: { name: string; spec: LaunchSpec; replace: boolean },
    keyPairExists: (name: string) => boolean,
  ): Promise<Preset>;
  /** True when a preset of that name existed. */
  delete(name: string): Promise<boolean>;
}

export interface PresetStoreDeps {
  dataDir: string;
  problems: StorageProblems;
  log: (message: string) => void;
  openFile?: OpenSettingsFile;
  now?: () => Date;
}

type Document = { presets: Preset[] };

/** Version 1 was Kiln's own JSON file (`{ version: 1, presets }`); 2 is the same list kept by conf. */
const VERSION = '2.0.0';
const MIGRATIONS = { '2.0.0': (store: { delete(key: string): void }) => store.delete('version') };

export function createPresetStore(deps: PresetStoreDeps): PresetStore {
  const now = deps.now ?? (() => new Date());
  const document = createSettingsDocument<Document>({
    dataDir: deps.dataDir,
    name: 'presets',
    kind: 'presets',
    version: VERSION,
    migrations: MIGRATIONS,
    empty: () => ({ presets: [] }),
    parse: (raw) => parseDocument(raw, (message) => deps.log(`presets.json: ${message}`)),
    problems: deps.problems,
    openFile: deps.openFile,
    now,
  });
  const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  return {
    async list() {
      return sortByName((await document.read()).presets);
    },
    async save({ name, spec, replace }, keyPairExists) {
      const preset: Preset = {
        name: PresetName.parse(name),
        spec: toSavedSpec(spec, keyPairExists),
        savedAt: now().toISOString(),
      };
      await document.update((current) => {
        if (!replace && current.presets.some((p) => sameName(p.name, preset.name))) {
          throw new KilnFailure({
            code: 'PresetExists',
            message: `A preset named "${preset.name}" already exists.`,
            remedy: 'Choose another name, or confirm that the preset is replaced.',
            field: 'name',
          });
        }
        return { presets: [...current.presets.filter((p) => !sameName(p.name, preset.name)), preset] };
      });
      return preset;
    },
    async delete(name) {
      let existed = false;
      await document.update((current) => {
        existed = current.presets.some((p) => sameName(p.name, name));
        return existed ? { presets: current.presets.filter((p) => !sameName(p.name, name)) } : current;
      });
      return existed;
    },
  };
}

function sortByName(presets: readonly Preset[]): Preset[] {
  return [...presets].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

/**
 * Every readable preset; a damaged one is left out and named (the file is then copied aside before the next save).
 * A saved field that is no longer valid is dropped with a log line only: the rest of the preset still loads.
 */
function parseDocument(
  raw: Record<string, unknown>,
  warn: (message: string) => void,
): ParsedDocument<Document> | undefined {
  const presets = raw.presets ?? [];
  if (!Array.isArray(presets)) return undefined;
  const result: Preset[] = [];
  const dropped: string[] = [];
  presets.forEach((entry: unknown, index) => {
    const name = PresetName.safeParse((entry as { name?: unknown } | null)?.name);
    const read = readSavedSpec((entry as { spec?: unknown } | null)?.spec);
    if (!name.success || !read) {
      dropped.push(`preset ${name.success ? `"${name.data}"` : `#${index + 1}`} is damaged`);
      return;
    }
    if (read.dropped.length > 0)
      warn(`preset "${name.data}": ignored saved ${read.dropped.join(', ')} (no longer valid)`);
    const savedAt = (entry as { savedAt?: unknown }).savedAt;
    result.push({ name: name.data, spec: read.spec, savedAt: typeof savedAt === 'string' ? savedAt : '' });
  });
  return { value: { presets: result }, dropped };
}
