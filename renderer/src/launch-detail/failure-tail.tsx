/** The last lines of a failed install, under the failure: usually where the error is, without scrolling the log. */
import Box from '@cloudscape-design/components/box';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { LaunchRecord } from '../../../electron/common/models';
import { useQuery } from '../common/use-command';
import { toDisplayText } from './console/format-line';

/** How many lines the failure shows. */
export const FAILURE_TAIL_LINES = 10;

export function FailureTail({ record }: { record: Pick<LaunchRecord, 'id' | 'agentCursor'> }) {
  // Sequence numbers are dense up to the cursor (the final token included), so a little more than the tail is enough.
  const after = Math.max(0, record.agentCursor - FAILURE_TAIL_LINES - 1);
  const log = useQuery('launch.log', { launchId: record.id, after });
  if (log.loading) return <StatusIndicator type="loading">Loading the last lines</StatusIndicator>;
  if (log.error) return <Box color="text-status-error">The last lines could not be loaded: {log.error.message}</Box>;
  const lines = (log.value ?? []).slice(-FAILURE_TAIL_LINES);
  if (lines.length === 0) return <Box color="text-body-secondary">The install printed nothing before it failed.</Box>;
  return (
    <div>
      <Box variant="small">The last {lines.length === 1 ? 'line' : `${lines.length} lines`}:</Box>
      <pre className="kiln-failure-tail" data-testid="failure-tail">
        {lines.map((line) => (
          <div
            key={line.seq}
            data-testid="failure-tail-line"
            data-stream={line.stream}
            className={line.stream === 'stderr' ? 'kiln-failure-tail-stderr' : undefined}
          >
            {toDisplayText(line)}
          </div>
        ))}
      </pre>
    </div>
  );
}
