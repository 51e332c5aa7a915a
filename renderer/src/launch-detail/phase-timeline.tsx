/** The phases a launch went through, each with its time. Presentational. */
import Box from '@cloudscape-design/components/box';
import Steps from '@cloudscape-design/components/steps';
import type { LaunchRecord } from '../../../electron/common/models';
import { formatDateTime } from '../common/format';
import { phaseStatusType } from '../common/phase-status';

export function PhaseTimeline({ timeline }: { timeline: LaunchRecord['timeline'] }) {
  if (timeline.length === 0) return <Box color="text-status-inactive">No phases recorded yet.</Box>;
  return (
    <div data-testid="phase-timeline">
      <Steps
        ariaLabel="Phase timeline"
        steps={timeline.map((entry, index) => {
          const type = phaseStatusType(entry.phase);
          const isLast = index === timeline.length - 1;
          return {
            // Phases left behind are done; only failures keep their colour.
            status: isLast || type === 'error' ? type : 'success',
            header: entry.phase,
            details: <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>,
          };
        })}
      />
    </div>
  );
}
