/** What one monitor observation changes in a launch record (pure). */
import type { LaunchRecord } from '../../common/models';
import type { InstanceObservation } from '../monitor/instance-monitor';

/**
 * The record with the observed state, public address and status checks; the same object when nothing changed, so
 * a steady instance costs no store write and no event per tick. Status checks count as changed only when a value
 * changes: `checkedAt` is when the check that changed them ran.
 */
export function withObservation(record: LaunchRecord, observation: InstanceObservation, at: Date): LaunchRecord {
  const checks = observation.statusChecks;
  const checksChanged =
    checks !== undefined &&
    (checks.system !== record.statusChecks?.system || checks.instance !== record.statusChecks?.instance);
  if (
    !checksChanged &&
    record.instanceState === observation.state &&
    record.publicIp === observation.publicIp &&
    record.publicDnsName === observation.publicDnsName
  ) {
    return record;
  }
  return {
    ...record,
    instanceState: observation.state,
    publicIp: observation.publicIp,
    publicDnsName: observation.publicDnsName,
    statusChecks: checksChanged
      ? { system: checks.system, instance: checks.instance, checkedAt: at.toISOString() }
      : record.statusChecks,
  };
}
