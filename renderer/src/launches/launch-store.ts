/** Pure merge rules for the client-side copy of launch records (the list, live events, command results). */
import type { LaunchRecord } from '../../../electron/common/models';

export type LaunchesById = Readonly<Record<string, LaunchRecord>>;

/**
 * Applies a record returned by a command (launch.start, launch.terminate, bake.start). Events travel on their own
 * channel and may overtake the command's reply, so the reply replaces a known record only when it has seen more
 * phases, of the launch or of its bakes.
 */
export function applyCommandRecord(byId: LaunchesById, record: LaunchRecord): LaunchesById {
  const known = byId[record.id];
  if (known && stepsSeen(known) >= stepsSeen(record)) return byId;
  return { ...byId, [record.id]: record };
}

/** How far a record has come: its phases, plus each bake and the phases it went through. */
function stepsSeen(record: LaunchRecord): number {
  return record.timeline.length + (record.bakes ?? []).reduce((sum, bake) => sum + 1 + bake.timeline.length, 0);
}

/** Applies `launch.list`; records that changed by event while the list was in flight keep their newer copy. */
export function applyList(
  byId: LaunchesById,
  list: readonly LaunchRecord[],
  updatedMeanwhile: ReadonlySet<string>,
): LaunchesById {
  const next: Record<string, LaunchRecord> = {};
  for (const record of list) next[record.id] = record;
  for (const id of updatedMeanwhile) {
    const known = byId[id];
    if (known) next[id] = known;
  }
  return next;
}

/** Newest first. */
export function sortByCreated(byId: LaunchesById): LaunchRecord[] {
  return Object.values(byId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
