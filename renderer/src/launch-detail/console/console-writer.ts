/**
 * Moves lines from the log store into the terminal: one bounded chunk per animation frame, the next only after
 * the terminal has parsed the previous one (flow control), paced or instant, held while paused. Imperative
 * shell around the pure chunking and pacing rules; React only sees the progress it reports.
 */
import type { LogLine } from '../../../../electron/common/models';
import { DEFAULT_BUDGET_LIMITS, INITIAL_BUDGET_CHARS, nextBudget, takeChunk, type ChunkBudgetLimits } from './chunking';
import type { ConsoleTerminal } from './console-terminal';
import type { LogStore } from './log-store';
import { DEFAULT_GAP_CAP_MS, lineTimeMs, takeDue, type PaceState, type Pacing } from './pacing';

/** Where frames come from: requestAnimationFrame in the app, a hand-cranked clock in tests. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
  now(): number;
}

export const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
  now: () => performance.now(),
};

export type WriterState = 'writing' | 'replaying' | 'paused' | 'live';

export interface WriterProgress {
  /** Distinct lines received so far. */
  received: number;
  /** Position of the next line to write: lines before it are on the terminal (or fell out of the window). */
  written: number;
  /** Lines received but no longer held (only the Download has them). */
  dropped: number;
  /** Lines received and not yet written: the "N new lines" while paused. */
  pending: number;
  state: WriterState;
}

export interface ConsoleWriterOptions {
  store: LogStore;
  terminal: ConsoleTerminal;
  format(line: LogLine): string;
  onProgress(progress: WriterProgress): void;
  frames?: FrameScheduler;
  pacing?: Pacing;
  paused?: boolean;
  gapCapMs?: number;
  budget?: ChunkBudgetLimits;
}

export interface ConsoleWriter {
  /** The store has new lines. */
  notify(): void;
  setPaused(paused: boolean): void;
  /** Switching to "as it happened" replays the held lines from the start; "instant" writes the rest at once. */
  setPacing(pacing: Pacing): void;
  /** Writes everything received so far at once; later lines keep the current pacing. */
  skipToLive(): void;
  /** A new line format (timestamps on or off): redraws what was shown at once. */
  setFormat(format: (line: LogLine) => string): void;
  progress(): WriterProgress;
  dispose(): void;
}

export function createConsoleWriter(options: ConsoleWriterOptions): ConsoleWriter {
  const { store, terminal } = options;
  const frames = options.frames ?? animationFrames;
  const limits = options.budget ?? DEFAULT_BUDGET_LIMITS;
  const gapCapMs = options.gapCapMs ?? DEFAULT_GAP_CAP_MS;
  let format = options.format;
  let pacing: Pacing = options.pacing ?? 'instant';
  let paused = options.paused ?? false;
  let cursor = store.start;
  // Lines before this position are written at once, whatever the pacing or pause (a redraw or "skip to live").
  let instantUntil = pacing === 'as-it-happened' ? store.start : store.end;
  let pace: PaceState | null = null;
  let budget = INITIAL_BUDGET_CHARS;
  let onScreen = false;
  let resetPending = false;
  let inFlight = false;
  let frame = 0;
  let disposed = false;
  let last: WriterProgress | undefined;

  const lengthAt = (position: number) => store.at(position).text.length;
  const timeAt = (position: number) => lineTimeMs(store.at(position).ts, pace?.lineTime ?? 0);

  function progress(): WriterProgress {
    const written = Math.max(cursor, store.start);
    const pending = store.end - written;
    const instant = written < instantUntil;
    let state: WriterState = 'writing';
    if (pending === 0 && !inFlight && !resetPending) state = 'live';
    else if (paused && !instant) state = 'paused';
    else if (pacing === 'as-it-happened' && !instant) state = 'replaying';
    return { received: store.end, written, dropped: store.start, pending, state };
  }

  function report(): void {
    const next = progress();
    if (last && Object.keys(next).every((key) => next[key as keyof WriterProgress] === last![key as keyof WriterProgress])) return;
    last = next;
    options.onProgress(next);
  }

  function schedule(): void {
    if (!frame && !disposed) frame = frames.request(step);
  }

  function step(): void {
    frame = 0;
    if (disposed || inFlight) return;
    if (resetPending) {
      terminal.reset();
      cursor = store.start;
      onScreen = false;
      resetPending = false;
    }
    // Lines that fell out of the window before their turn are skipped: the terminal could not hold them anyway.
    if (cursor < store.start) cursor = store.start;
    const end = store.end;
    const instant = cursor < instantUntil;
    if (cursor >= end || (paused && !instant)) return report();

    let stop = takeChunk(lengthAt, cursor, end, budget, limits.maxLines);
    if (instant) stop = Math.min(stop, instantUntil);
    else if (pacing === 'as-it-happened') {
      const taken = takeDue(timeAt, cursor, stop, pace, frames.now(), gapCapMs);
      pace = taken.state;
      stop = taken.end;
      if (stop === cursor) {
        report();
        return schedule();
      }
    }
    write(stop);
  }

  function write(stop: number): void {
    const parts: string[] = [];
    for (const line of store.slice(cursor, stop)) {
      parts.push(onScreen ? '\r\n' : '', format(line));
      onScreen = true;
    }
    cursor = stop;
    inFlight = true;
    const started = frames.now();
    terminal.write(parts.join(''), () => {
      inFlight = false;
      if (disposed) return;
      budget = nextBudget(budget, frames.now() - started, limits);
      report();
      schedule();
    });
  }

  function redraw(instantEnd: number): void {
    resetPending = true;
    instantUntil = instantEnd;
    pace = null;
    schedule();
  }

  return {
    notify: schedule,
    setPaused(value) {
      paused = value;
      if (!paused) terminal.scrollToBottom();
      schedule();
    },
    setPacing(value) {
      if (value === pacing) return;
      pacing = value;
      if (pacing === 'as-it-happened') redraw(store.start);
      else schedule();
    },
    skipToLive() {
      instantUntil = store.end;
      pace = null;
      schedule();
    },
    setFormat(value) {
      format = value;
      redraw(Math.max(instantUntil, cursor));
    },
    progress,
    dispose() {
      disposed = true;
      if (frame) frames.cancel(frame);
      frame = 0;
    },
  };
}
