/**
 * Which columns of the launches table show: the operator's choice (table preferences), else a default that fits the
 * window, so that at 1024 px the row actions are not pushed off-screen. Pure.
 */
import type { CollectionPreferencesProps } from '@cloudscape-design/components/collection-preferences';
import type { LaunchRecord } from '../../../electron/common/models';

export const LAUNCH_COLUMNS: readonly { id: string; label: string; alwaysVisible?: boolean }[] = [
  { id: 'name', label: 'Name', alwaysVisible: true },
  { id: 'instanceId', label: 'Instance ID' },
  { id: 'phase', label: 'Phase' },
  { id: 'instanceState', label: 'Instance state' },
  { id: 'statusChecks', label: 'Status checks' },
  { id: 'health', label: 'Health' },
  { id: 'ami', label: 'AMI' },
  { id: 'region', label: 'Region' },
  { id: 'createdAt', label: 'Created' },
  { id: 'actions', label: 'Actions', alwaysVisible: true },
];

/** Below this window width the columns that repeat what the launch page shows start hidden. */
export const NARROW_WINDOW_PX = 1280;
// The bake status (AMI) stays: it is what the operator waits for after an install.
const HIDDEN_WHEN_NARROW = new Set(['instanceState', 'region', 'createdAt', 'health']);

/** The columns shown before the operator chooses: all of them in a wide window, the essential ones in a narrow one. */
export function defaultLaunchColumns(windowWidth: number): CollectionPreferencesProps.ContentDisplayItem[] {
  const narrow = windowWidth < NARROW_WINDOW_PX;
  return LAUNCH_COLUMNS.map(({ id }) => ({ id, visible: !(narrow && HIDDEN_WHEN_NARROW.has(id)) }));
}

/** The phases after which the instance is gone: such launches can be hidden, and terminated ones removed. */
export function isFinished(record: LaunchRecord): boolean {
  return record.phase === 'terminated' || record.phase === 'lost';
}

/** Whether the instance may still run, so Terminate applies. */
export function canTerminate(record: LaunchRecord): boolean {
  return !isFinished(record) && record.phase !== 'terminating' && record.instanceId !== undefined;
}
