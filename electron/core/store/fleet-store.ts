/**
 * The fleets this workstation made, in `fleets.json`: each fleet's spec, state and the resources that exist. Written
 * after every resource a creation makes, so a crash mid-way leaves a record that names what to delete. The one module
 * that writes it.
 */
import { FleetRecord } from '../../common/models';
import { createSettingsDocument, type OpenSettingsFile, type ParsedDocument } from './settings-document';
import type { StorageProblems } from './storage-problems';

export interface FleetStore {
  list(): Promise<FleetRecord[]>;
  /** Adds or replaces the fleet with this id. */
  save(record: FleetRecord): Promise<FleetRecord>;
  remove(fleetId: string): Promise<void>;
}

export interface FleetStoreDeps {
  dataDir: string;
  problems: StorageProblems;
  openFile?: OpenSettingsFile;
  now?: () => Date;
}

type Document = { fleets: FleetRecord[] };

export function createFleetStore(deps: FleetStoreDeps): FleetStore {
  const document = createSettingsDocument<Document>({
    dataDir: deps.dataDir,
    name: 'fleets',
    kind: 'fleets',
    version: '1.0.0',
    migrations: {},
    empty: () => ({ fleets: [] }),
    parse: parseDocument,
    problems: deps.problems,
    openFile: deps.openFile,
    now: deps.now,
  });
  return {
    async list() {
      return (await document.read()).fleets;
    },
    async save(record) {
      await document.update((current) => ({
        fleets: [...current.fleets.filter((f) => f.id !== record.id), record],
      }));
      return record;
    },
    async remove(fleetId) {
      await document.update((current) => ({ fleets: current.fleets.filter((f) => f.id !== fleetId) }));
    },
  };
}

function parseDocument(raw: Record<string, unknown>): ParsedDocument<Document> | undefined {
  const fleets = raw.fleets ?? [];
  if (!Array.isArray(fleets)) return undefined;
  const value: FleetRecord[] = [];
  const dropped: string[] = [];
  fleets.forEach((entry: unknown, index) => {
    const parsed = FleetRecord.safeParse(entry);
    if (parsed.success) value.push(parsed.data);
    else dropped.push(`fleet #${index + 1} is damaged`);
  });
  return { value: { fleets: value }, dropped };
}
