/** Pure rules for the Fleets page's copy of the fleets: live updates, and how a fleet's parts read. */
import type { FleetRecord, FleetResource, FleetState } from '../../../electron/common/models';

/** A fleets.updated event: replaces the fleet with the same id, adds a new one first, drops a deleted one. */
export function applyFleetUpdate(fleets: readonly FleetRecord[], record: FleetRecord): FleetRecord[] {
  if (record.state === 'deleted') return fleets.filter((f) => f.id !== record.id);
  return fleets.some((f) => f.id === record.id)
    ? fleets.map((f) => (f.id === record.id ? record : f))
    : [record, ...fleets];
}

/** What Delete removes, in the order it removes it: the newest resource first. */
export function resourcesNewestFirst(record: FleetRecord): FleetResource[] {
  return [...record.resources].reverse();
}

/** The Auto Scaling group's sizes as "min / desired / max". */
export function capacityText(record: FleetRecord): string {
  const { min, desired, max } = record.spec.capacity;
  return `${min} / ${desired} / ${max}`;
}

/** How a fleet state shows in a StatusIndicator. */
export const FLEET_STATUS: Record<FleetState, { type: 'success' | 'in-progress' | 'error' | 'stopped'; text: string }> =
  {
    creating: { type: 'in-progress', text: 'Creating' },
    active: { type: 'success', text: 'Active' },
    failed: { type: 'error', text: 'Failed' },
    deleting: { type: 'in-progress', text: 'Deleting' },
    deleted: { type: 'stopped', text: 'Deleted' },
  };
