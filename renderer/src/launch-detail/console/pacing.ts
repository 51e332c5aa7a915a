/**
 * Pacing of the console. "Instant" writes whatever has arrived as fast as the frame budget allows (catch-up);
 * "As it happened" replays lines at the pace they were produced, from the gaps between their timestamps, each
 * gap capped so a long silent step does not stall the replay.
 */

export type Pacing = 'instant' | 'as-it-happened';

/** The longest pause the replay makes between two lines, whatever the gap in the original. */
export const DEFAULT_GAP_CAP_MS = 1_000;

/** Where the replay stands: the wall-clock time the last line was due, and that line's own timestamp. */
export interface PaceState {
  dueAt: number;
  lineTime: number;
}

/** A line's timestamp in ms; an unparsable one counts as "no gap". */
export function lineTimeMs(ts: string, fallback: number): number {
  const time = Date.parse(ts);
  return Number.isNaN(time) ? fallback : time;
}

/**
 * When a line is due. The first line of a replay is due now; each next one after its gap to the previous
 * (never negative, at most `capMs`). Due times are kept on the original's clock, not on when frames ran, so
 * gaps shorter than a frame do not add up to drift. A line whose slot lies more than a cap in the past comes
 * after a quiet spell (live lines, nothing to replay): it is due now and the lines after it are paced from it.
 */
export function dueTime(previous: PaceState | null, lineTime: number, now: number, capMs: number): number {
  if (!previous) return now;
  const gap = Math.min(capMs, Math.max(0, lineTime - previous.lineTime));
  const dueAt = previous.dueAt + gap;
  return dueAt < now - capMs ? now : dueAt;
}

export interface PacedTake {
  /** End (exclusive) of the lines due by `now`. */
  end: number;
  state: PaceState | null;
  /** When the next line is due, if one is left before `limit`. */
  nextDueAt: number | undefined;
}

/** Takes the lines in [from, limit) that are due by `now`, advancing the replay state past them. */
export function takeDue(
  timeAt: (position: number) => number,
  from: number,
  limit: number,
  state: PaceState | null,
  now: number,
  capMs: number = DEFAULT_GAP_CAP_MS,
): PacedTake {
  let current = state;
  let position = from;
  while (position < limit) {
    const lineTime = timeAt(position);
    const dueAt = dueTime(current, lineTime, now, capMs);
    if (dueAt > now) return { end: position, state: current, nextDueAt: dueAt };
    current = { dueAt, lineTime };
    position += 1;
  }
  return { end: position, state: current, nextDueAt: undefined };
}
