/**
 * The fleet's average CPU of the last 3 hours, with its scaling target as a threshold line, and the latest reading in
 * words (a young fleet has a reading or two: a line of one point is a dot on a 3-hour axis). Presentational.
 */
import Box from '@cloudscape-design/components/box';
import LineChart, { type LineChartProps } from '@cloudscape-design/components/line-chart';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { FleetStatus } from '../../../electron/common/models';
import { formatDateTime } from '../common/format';

const WINDOW_MS = 3 * 60 * 60 * 1000;

export interface FleetCpuChartProps {
  cpu: FleetStatus['cpu'];
  /** The policy's CPU target (%), or null when the fleet has no scaling policy. */
  target: number | null;
  /** Now, so the chart's window ends where the reading was made. */
  now: number;
}

export function FleetCpuChart({ cpu, target, now }: FleetCpuChartProps) {
  const series: LineChartProps<Date>['series'] = [
    { title: 'Average CPU', type: 'line', data: cpu.map((point) => ({ x: new Date(point.at), y: point.value })) },
    ...(target === null ? [] : [{ title: `Target ${target} %`, type: 'threshold' as const, y: target }]),
  ];
  const latest = cpu.reduce<FleetStatus['cpu'][number] | undefined>(
    (last, point) => (last === undefined || point.at > last.at ? point : last),
    undefined,
  );
  return (
    <SpaceBetween size="xs">
      {latest && (
        <Box variant="small" data-testid="fleet-cpu-latest">
          Latest: {Math.round(latest.value)} % at {formatDateTime(latest.at)}
          {target === null ? '' : ` (target ${target} %)`}
        </Box>
      )}
      <div data-testid="fleet-cpu-chart" data-points={cpu.length}>
        <LineChart
          series={cpu.length === 0 ? [] : series}
          xScaleType="time"
          xDomain={[new Date(now - WINDOW_MS), new Date(now)]}
          yDomain={[0, 100]}
          xTitle="Time"
          yTitle="CPU (%)"
          height={200}
          hideFilter
          ariaLabel="Average CPU of the fleet over the last 3 hours"
          i18nStrings={{
            xTickFormatter: (date) =>
              date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false }),
            yTickFormatter: (value) => `${value} %`,
          }}
          empty={
            <Box textAlign="center" color="inherit" data-testid="fleet-cpu-empty">
              <b>No CPU data</b>
              <Box variant="p" color="inherit">
                CloudWatch has no CPU readings for this fleet in the last 3 hours.
              </Box>
            </Box>
          }
        />
      </div>
    </SpaceBetween>
  );
}
