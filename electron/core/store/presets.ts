/** Named launch presets, without secrets, in `presets.json`. The one module that writes them. */
import path from 'node:path';
import type { LaunchSpec } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { PresetName, readSavedSpec, toSavedSpec, type Preset } from '../../common/saved-spec';
import { createJsonDocument } from './saved-specs-file';

export interface PresetStore {
  /** Sorted by name. */
  list(): Promise<Preset[]>;
  /** Saves under `name`; an existing preset of that name is replaced only when `replace` is set. */
  save(input: { name: string; spec: LaunchSpec; replace: boolean }, keyPairExists: (name: string) => boolean): Promise<Preset>;
  /** True when a preset of that name existed. */
  delete(name: string): Promise<boolean>;
}

type Document = { version: 1; presets: Preset[] };

export function createPresetStore(dataDir: string, log: (message: string) => void, now = () => new Date()): PresetStore {
  const file = path.join(dataDir, 'presets.json');
  const document = createJsonDocument<Document>({
    file,
    empty: () => ({ version: 1, presets: [] }),
    parse: (raw) => parseDocument(raw, (message) => log(`${file}: ${message}`)),
    log,
  });
  const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  return {
    async list() {
      return sortByName((await document.read()).presets);
    },
    async save({ name, spec, replace }, keyPairExists) {
      const preset: Preset = { name: PresetName.parse(name), spec: toSavedSpec(spec, keyPairExists), savedAt: now().toISOString() };
      await document.update((current) => {
        if (!replace && current.presets.some((p) => sameName(p.name, preset.name))) {
          throw new KilnFailure({
            code: 'PresetExists',
            message: `A preset named "${preset.name}" already exists.`,
            remedy: 'Choose another name, or confirm that the preset is replaced.',
            field: 'name',
          });
        }
        return { version: 1, presets: [...current.presets.filter((p) => !sameName(p.name, preset.name)), preset] };
      });
      return preset;
    },
    async delete(name) {
      let existed = false;
      await document.update((current) => {
        existed = current.presets.some((p) => sameName(p.name, name));
        return { version: 1, presets: current.presets.filter((p) => !sameName(p.name, name)) };
      });
      return existed;
    },
  };
}

function sortByName(presets: readonly Preset[]): Preset[] {
  return [...presets].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

function parseDocument(raw: unknown, warn: (message: string) => void): Document | undefined {
  const presets = (raw as { presets?: unknown } | undefined)?.presets;
  if (!Array.isArray(presets)) return undefined;
  const result: Preset[] = [];
  for (const entry of presets as unknown[]) {
    const name = PresetName.safeParse((entry as { name?: unknown } | null)?.name);
    const read = readSavedSpec((entry as { spec?: unknown } | null)?.spec);
    if (!name.success || !read) {
      warn('skipped a damaged preset');
      continue;
    }
    if (read.dropped.length > 0) warn(`preset "${name.data}": ignored saved ${read.dropped.join(', ')} (no longer valid)`);
    const savedAt = (entry as { savedAt?: unknown }).savedAt;
    result.push({ name: name.data, spec: read.spec, savedAt: typeof savedAt === 'string' ? savedAt : '' });
  }
  return { version: 1, presets: result };
}
