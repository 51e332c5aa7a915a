/** How a probe's state and a launch's health show: the status indicator type and its text. */
import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { LaunchHealth } from '../../../electron/common/models';

export const HEALTH_VIEW: Record<LaunchHealth, { type: StatusIndicatorProps.Type; text: string }> = {
  none: { type: 'stopped', text: 'No probes' },
  pending: { type: 'pending', text: 'Not checked yet' },
  up: { type: 'success', text: 'Up' },
  failing: { type: 'warning', text: 'Failing' },
  down: { type: 'error', text: 'Down' },
};
