/** EC2 status checks of a running instance as the EC2 console words them ("2/2 checks passed"…). */
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { LaunchRecord, StatusChecks } from '../../../electron/common/models';

export interface StatusChecksSummary {
  type: StatusIndicatorProps.Type;
  text: string;
}

/** One line for both checks: impaired wins over initializing, which wins over missing data. */
export function summarizeStatusChecks(checks: Pick<StatusChecks, 'system' | 'instance'>): StatusChecksSummary {
  const values = [checks.system, checks.instance];
  const passed = values.filter((v) => v === 'ok').length;
  if (values.includes('impaired')) return { type: 'error', text: `impaired (${passed}/2 checks passed)` };
  if (values.includes('initializing')) return { type: 'pending', text: 'initializing' };
  if (passed === 2) return { type: 'success', text: '2/2 checks passed' };
  if (values.includes('insufficient-data'))
    return { type: 'info', text: `insufficient data (${passed}/2 checks passed)` };
  return { type: 'stopped', text: 'not applicable' };
}

/** The status checks of a launch, shown only while its instance runs (they mean nothing otherwise). */
export function StatusChecksIndicator({ record }: { record: Pick<LaunchRecord, 'instanceState' | 'statusChecks'> }) {
  const checks = record.instanceState === 'running' ? record.statusChecks : undefined;
  if (!checks)
    return (
      <span data-testid="status-checks" data-state="none">
        –
      </span>
    );
  const summary = summarizeStatusChecks(checks);
  return (
    <span data-testid="status-checks" data-state={`${checks.system}/${checks.instance}`}>
      <StatusIndicator type={summary.type}>{summary.text}</StatusIndicator>
    </span>
  );
}
