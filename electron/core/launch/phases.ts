/** Launch phase transitions: pure functions over the launch record. */
import { LaunchPhase, type LaunchRecord } from '../../common/models';

/** The order phases normally happen in is the order of the enum itself. */
const ORDER: readonly LaunchPhase[] = LaunchPhase.options;

/** Phases after which the install itself is over (the outcome is known or can no longer come). */
export function installOver(phase: LaunchPhase): boolean {
  return ['succeeded', 'failed', 'lost', 'terminating', 'terminated', 'error'].includes(phase);
}

/**
 * Moves a record to `phase` and stamps the timeline. Forward only: a late instance-state report never moves a
 * succeeded launch back to `running`, and terminated is final.
 */
export function advance(record: LaunchRecord, phase: LaunchPhase, at: Date): LaunchRecord {
  if (record.phase === phase) return record;
  if (!canAdvance(record.phase, phase)) return record;
  return { ...record, phase, timeline: [...record.timeline, { phase, at: at.toISOString() }] };
}

export function canAdvance(from: LaunchPhase, to: LaunchPhase): boolean {
  if (from === 'terminated' || from === 'error' || from === 'lost') return false;
  if (to === 'terminating' || to === 'terminated' || to === 'error' || to === 'lost') return true;
  if (from === 'succeeded' || from === 'failed' || from === 'terminating') return false;
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}
