/**
 * A probe's 24 h history as a chart takes it: at most 48 time buckets (up to 8,640 points would be unreadable and
 * slow), each with the average latency of its successful checks and the number of failed ones. Pure.
 */
import type { ProbePoint } from '../../../electron/common/models';

export interface ProbeBucket {
  /** Epoch ms of the bucket's start. */
  start: number;
  /** Average latency of the checks that were up, null when none was. */
  latencyMs: number | null;
  up: number;
  down: number;
}

export const MAX_BUCKETS = 48;
const MIN_BUCKET_MS = 1_000;

export function bucketHistory(points: readonly ProbePoint[], maxBuckets = MAX_BUCKETS): ProbeBucket[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return [];
  const span = last[0] - first[0] + 1;
  const width = Math.max(MIN_BUCKET_MS, Math.ceil(span / maxBuckets));
  const buckets = new Map<number, ProbeBucket & { latencySum: number }>();
  for (const [at, ok, latency] of points) {
    const start = first[0] + Math.floor((at - first[0]) / width) * width;
    let bucket = buckets.get(start);
    if (!bucket) buckets.set(start, (bucket = { start, latencyMs: null, up: 0, down: 0, latencySum: 0 }));
    if (ok) {
      bucket.up += 1;
      bucket.latencySum += latency ?? 0;
    } else {
      bucket.down += 1;
    }
  }
  return [...buckets.values()]
    .sort((a, b) => a.start - b.start)
    .map(({ latencySum, ...bucket }) => ({
      ...bucket,
      latencyMs: bucket.up > 0 ? Math.round(latencySum / bucket.up) : null,
    }));
}

/** The share of checks that were up, in percent with one decimal, or null without checks. */
export function upShare(points: readonly ProbePoint[]): number | null {
  if (points.length === 0) return null;
  return Math.round((points.filter((p) => p[1]).length / points.length) * 1000) / 10;
}
