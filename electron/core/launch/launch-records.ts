/** The launches this workstation knows, and the one path by which a known record changes: store, save, announce. */
import type { LaunchPhase, LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { LaunchStore } from '../store/launch-store';
import { advance } from './phases';

export interface LaunchRecordsDeps {
  store: LaunchStore;
  onRecord: (record: LaunchRecord) => void;
  /** Every changed record, before it is saved (the auto-terminate timers follow it). */
  onChange: (record: LaunchRecord) => void;
  now: () => Date;
}

export interface LaunchRecords {
  /** The record, or undefined for a launch this workstation does not know. */
  find(launchId: string): LaunchRecord | undefined;
  /** The record; an unknown id is the caller's mistake, reported as `UnknownLaunch`. */
  get(launchId: string): LaunchRecord;
  /** Holds a record without saving or announcing it (loaded, or about to be saved by the caller). */
  hold(record: LaunchRecord): void;
  ids(): IterableIterator<string>;
  values(): IterableIterator<LaunchRecord>;
  /** Applies a change to a known record; an unchanged record is neither saved nor announced. */
  update(launchId: string, change: (record: LaunchRecord) => LaunchRecord): Promise<LaunchRecord>;
  toPhase(launchId: string, phase: LaunchPhase): Promise<LaunchRecord>;
  /** Stops holding a record (the caller deletes its files); later changes to it are refused as `UnknownLaunch`. */
  drop(launchId: string): void;
}

function unknownLaunch(launchId: string): KilnFailure {
  return new KilnFailure({
    code: 'UnknownLaunch',
    message: `There is no launch ${launchId}.`,
    remedy: 'Pick a launch from the list.',
  });
}

export function createLaunchRecords(deps: LaunchRecordsDeps): LaunchRecords {
  const records = new Map<string, LaunchRecord>();

  async function update(id: string, change: (record: LaunchRecord) => LaunchRecord): Promise<LaunchRecord> {
    const current = records.get(id);
    if (!current) throw unknownLaunch(id);
    const next = change(current);
    if (next === current) return current;
    records.set(id, next);
    deps.onChange(next);
    await deps.store.save(next);
    deps.onRecord(next);
    return next;
  }

  return {
    find: (launchId) => records.get(launchId),
    get(launchId) {
      const record = records.get(launchId);
      if (!record) throw unknownLaunch(launchId);
      return record;
    },
    drop: (launchId) => void records.delete(launchId),
    hold: (record) => void records.set(record.id, record),
    ids: () => records.keys(),
    values: () => records.values(),
    update,
    toPhase: (id, phase) => update(id, (r) => advance(r, phase, deps.now())),
  };
}
