/** Whether a launch can be saved as an AMI now, and if not, why (shown on the disabled Save as AMI buttons). */
import type { BakePhase, LaunchRecord } from '../../../../electron/common/models';

export type BakeAvailability = { enabled: true } | { enabled: false; reason: string };

/** While a bake is in these phases the instance is being sealed, stopped or imaged: a second one would collide. */
const BUSY_PHASES: readonly BakePhase[] = ['sealing', 'stopping', 'creating-image'];

export function bakeAvailability(
  record: Pick<LaunchRecord, 'phase' | 'instanceId' | 'instanceState' | 'bakes'>,
): BakeAvailability {
  if (record.phase === 'terminating' || record.phase === 'terminated') {
    return { enabled: false, reason: 'The instance is terminated (or being terminated): there is nothing to image.' };
  }
  if (!record.instanceId) return { enabled: false, reason: 'The instance has not been launched yet.' };
  const state = record.instanceState;
  if (state !== 'running' && state !== 'stopped') {
    return {
      enabled: false,
      reason: `The instance is ${state ?? 'not reported yet'}; EC2 images running or stopped instances.`,
    };
  }
  if (record.bakes?.some((bake) => BUSY_PHASES.includes(bake.phase))) {
    return {
      enabled: false,
      reason: 'A Save as AMI of this launch is imaging the instance now; wait until it reaches the snapshots.',
    };
  }
  return { enabled: true };
}
