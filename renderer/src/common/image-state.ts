/** An EC2 image state as a StatusIndicator type (the launch page's bake progress and the Images page). */
import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

export function imageStateType(state: string): StatusIndicatorProps.Type {
  switch (state) {
    case 'available':
      return 'success';
    case 'pending':
    case 'transient':
      return 'in-progress';
    case 'copy-requested':
      return 'pending';
    case 'failed':
    case 'error':
    case 'invalid':
      return 'error';
    case 'missing':
      return 'warning';
    default:
      // deregistered, disabled and states EC2 may add later
      return 'stopped';
  }
}
