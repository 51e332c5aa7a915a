/**
 * The launch's Health tab, while the instance lives: Kiln's own probes of what it serves (with their 24 h history),
 * and the recovery alarms AWS runs on it.
 */
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { LaunchRecord } from '../../../electron/common/models';
import { ProbesPanel } from './probes-panel';
import { RecoveryAlarmsPanel } from './recovery-alarms-panel';

/** Health needs an instance: none yet, or one that is gone, has nothing to watch. */
export function healthAvailability(record: LaunchRecord): { enabled: true } | { enabled: false; reason: string } {
  if (record.phase === 'terminating' || record.phase === 'terminated') {
    return { enabled: false, reason: 'The instance is terminated: there is nothing left to watch.' };
  }
  if (!record.instanceId) return { enabled: false, reason: 'The instance does not exist yet.' };
  return { enabled: true };
}

export function HealthTab({ record, onRecord }: { record: LaunchRecord; onRecord: (record: LaunchRecord) => void }) {
  if (!healthAvailability(record).enabled) return null;
  return (
    <SpaceBetween size="l">
      <ProbesPanel record={record} onRecord={onRecord} />
      <RecoveryAlarmsPanel record={record} onRecord={onRecord} />
    </SpaceBetween>
  );
}
