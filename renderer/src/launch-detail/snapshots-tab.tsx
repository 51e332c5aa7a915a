/**
 * The launch's Snapshots tab: the snapshot schedule AWS runs (while the instance lives) and the launch's snapshots
 * with Take snapshot now and Restore. Snapshots outlive the instance, so the list stays once it is terminated.
 */
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../electron/common/models';
import { SnapshotSchedulePanel } from './snapshot-schedule-panel';
import { SnapshotsPanel } from './snapshots-panel';

/** Snapshots need an instance that existed: before that there are no volumes. */
export function snapshotsAvailability(record: LaunchRecord): { enabled: true } | { enabled: false; reason: string } {
  return record.instanceId ? { enabled: true } : { enabled: false, reason: 'The instance does not exist yet.' };
}

export function SnapshotsTab({ record, onRecord }: { record: LaunchRecord; onRecord: (record: LaunchRecord) => void }) {
  if (!record.instanceId) return null;
  const gone = record.phase === 'terminating' || record.phase === 'terminated';
  return (
    <SpaceBetween size="l">
      {!gone && <SnapshotSchedulePanel record={record} onRecord={onRecord} />}
      <SnapshotsPanel record={record} />
    </SpaceBetween>
  );
}
