/** Whether a launch has an instance to connect to, and if not, why (shown on the disabled Connect tab). */
import type { LaunchRecord } from '../../../../electron/common/models';

export type ConnectAvailability = { enabled: true } | { enabled: false; reason: string };

const GONE_STATES = new Set(['shutting-down', 'terminated']);

export function connectAvailability(
  record: Pick<LaunchRecord, 'phase' | 'instanceId' | 'instanceState'>,
): ConnectAvailability {
  if (record.phase === 'terminating') return { enabled: false, reason: 'The instance is being terminated.' };
  if (record.phase === 'terminated' || GONE_STATES.has(record.instanceState ?? '')) {
    return { enabled: false, reason: 'The instance is terminated: there is nothing to connect to.' };
  }
  if (record.phase === 'lost') return { enabled: false, reason: 'The instance is gone from AWS.' };
  if (!record.instanceId) return { enabled: false, reason: 'The instance has not been launched yet.' };
  return { enabled: true };
}
