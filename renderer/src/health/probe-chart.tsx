/** A probe's last 24 h: average latency as a line, failed checks as bars, per time bucket (Cloudscape's chart). */
import Box from '@cloudscape-design/components/box';
import MixedLineBarChart from '@cloudscape-design/components/mixed-line-bar-chart';
import type { ProbePoint } from '../../../electron/common/models';
import { bucketHistory, upShare } from './probe-chart-data';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function ProbeChart({ points, label }: { points: readonly ProbePoint[]; label: string }) {
  const buckets = bucketHistory(points);
  const share = upShare(points);
  const maxLatency = Math.max(1, ...buckets.map((b) => b.latencyMs ?? 0));
  const maxDown = Math.max(1, ...buckets.map((b) => b.down));
  return (
    <div data-testid="probe-chart" data-points={points.length}>
      <Box variant="small" color="text-body-secondary">
        {share === null ? 'No checks yet.' : `Up in ${share}% of ${points.length} checks over the last 24 hours.`}
      </Box>
      <MixedLineBarChart
        ariaLabel={`${label}: latency and failed checks over the last 24 hours`}
        height={140}
        hideFilter
        xScaleType="categorical"
        xTitle="Time"
        yTitle="Latency (ms) / failed checks"
        xTickFormatter={(start: number) => timeFormat.format(start)}
        yDomain={[0, Math.max(maxLatency, maxDown)]}
        series={[
          {
            title: 'Failed checks',
            type: 'bar',
            data: buckets.map((b) => ({ x: b.start, y: b.down })),
          },
          {
            title: 'Latency (ms)',
            type: 'line',
            // Buckets without a successful check have no latency: drawn as 0 would read as fast.
            data: buckets.filter((b) => b.latencyMs !== null).map((b) => ({ x: b.start, y: b.latencyMs ?? 0 })),
            valueFormatter: (ms: number) => `${ms} ms`,
          },
        ]}
        xDomain={buckets.map((b) => b.start)}
        empty={<Box color="text-body-secondary">No checks yet.</Box>}
      />
    </div>
  );
}
