/** A launch phase as a StatusIndicator; the text is the phase id so it reads the same everywhere. */
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { LaunchPhase } from '../../../electron/common/models';
import { assertNever } from '../../../electron/common/result';

export function phaseStatusType(phase: LaunchPhase): StatusIndicatorProps.Type {
  switch (phase) {
    case 'requested':
      return 'pending';
    case 'creating-resources':
    case 'pending':
    case 'running':
    case 'waiting-for-agent':
    case 'installing':
    case 'terminating':
      return 'in-progress';
    case 'succeeded':
      return 'success';
    case 'failed':
    case 'error':
      return 'error';
    case 'terminated':
      return 'stopped';
    case 'lost':
      return 'warning';
    default:
      return assertNever(phase);
  }
}

export function PhaseStatus({ phase }: { phase: LaunchPhase }) {
  return <StatusIndicator type={phaseStatusType(phase)}>{phase}</StatusIndicator>;
}
