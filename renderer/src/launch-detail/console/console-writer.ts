/**
 * Moves lines from the log store into the terminal in bounded chunks, at most two queued in the terminal and
 * the next only once one is parsed (flow control); paced or instant, held while paused. Imperative shell around
 * the pure chunking and pacing rules; React only sees the progress it reports, at most once per frame.
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
  format: (line: LogLine) => string;
  onProgress(progress: WriterProgress): void;
  frames?: FrameScheduler;
  pacing?: Pacing;
  paused?: boolean;
  gapCapMs?: number;
  budget?: ChunkBudgetLimits;
}

export interface ConsoleWriter {
  /** The store has new lines. */
  notify: () => void;
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

/**
 * Counters change many times a second while a big log is written; React re-renders the console for each
 * report, so reports that only move counters come at most this often (a change of state goes out at once).
 */
const PROGRESS_INTERVAL_MS = 200;

/** Chunks queued in the terminal at once: the next is already there when one is parsed, so parsing never idles. */
const MAX_IN_FLIGHT = 2;

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
  let inFlight = 0;
  // When the terminal last finished a chunk: the next chunk's parse starts there (or when it was written).
  let lastParsedAt = 0;
  let frame = 0;
  let disposed = false;
  let last: WriterProgress | undefined;
  let lastReportAt = -Infinity;

  const lengthAt = (position: number) => store.at(position).text.length;
  const timeAt = (position: number) => lineTimeMs(store.at(position).ts, pace?.lineTime ?? 0);

  function progress(): WriterProgress {
    const written = Math.max(cursor, store.start);
    const pending = store.end - written;
    const instant = written < instantUntil;
    let state: WriterState = 'writing';
    if (pending === 0 && inFlight === 0 && !resetPending) state = 'live';
    else if (paused && !instant) state = 'paused';
    else if (pacing === 'as-it-happened' && !instant) state = 'replaying';
    return { received: store.end, written, dropped: store.start, pending, state };
  }

  /** Sends the progress if it changed; false when a counters-only change was held back for now. */
  function report(): boolean {
    const next = progress();
    if (
      last &&
      Object.keys(next).every((key) => next[key as keyof WriterProgress] === last![key as keyof WriterProgress])
    )
      return true;
    const now = frames.now();
    if (last && next.state === last.state && now - lastReportAt < PROGRESS_INTERVAL_MS) return false;
    last = next;
    lastReportAt = now;
    options.onProgress(next);
    return true;
  }

  /** Progress goes out at most once per frame, and pacing looks for due lines once per frame. */
  function schedule(): void {
    if (!frame && !disposed) frame = frames.request(onFrame);
  }

  function onFrame(): void {
    frame = 0;
    if (disposed) return;
    const waiting = pump();
    const reported = report();
    if (waiting || !reported) schedule();
  }

  /** Writes chunks while there is room in the terminal; true when paced lines are waiting for their time. */
  function pump(): boolean {
    while (!disposed && inFlight < MAX_IN_FLIGHT) {
      if (resetPending) {
        if (inFlight > 0) return false;
        terminal.reset();
        cursor = store.start;
        onScreen = false;
        resetPending = false;
      }
      // Lines that fell out of the window before their turn are skipped: the terminal could not hold them anyway.
      if (cursor < store.start) cursor = store.start;
      const end = store.end;
      const instant = cursor < instantUntil;
      if (cursor >= end || (paused && !instant)) return false;

      let stop = takeChunk(lengthAt, cursor, end, budget, limits.maxLines);
      if (instant) stop = Math.min(stop, instantUntil);
      else if (pacing === 'as-it-happened') {
        const taken = takeDue(timeAt, cursor, stop, pace, frames.now(), gapCapMs);
        pace = taken.state;
        stop = taken.end;
        if (stop === cursor) return true;
      }
      write(stop);
    }
    return false;
  }

  function write(stop: number): void {
    const parts: string[] = [];
    for (const line of store.slice(cursor, stop)) {
      parts.push(onScreen ? '\r\n' : '', format(line));
      onScreen = true;
    }
    cursor = stop;
    inFlight += 1;
    const writtenAt = frames.now();
    terminal.write(parts.join(''), () => {
      inFlight -= 1;
      if (disposed) return;
      const now = frames.now();
      budget = nextBudget(budget, now - Math.max(writtenAt, lastParsedAt), limits);
      lastParsedAt = now;
      pump();
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
