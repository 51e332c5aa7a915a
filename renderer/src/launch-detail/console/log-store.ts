/**
 * The install log as the console holds it, outside React state: lines in sequence order, each seq once, and
 * only the most recent `capacity` of them (the full log stays with the backend; Download fetches it).
 * Lines are addressed by position: 0 is the first line ever accepted, `end` is one past the last.
 */
import type { LogLine } from '../../../../electron/common/models';

export interface LogStore {
  /** Position of the oldest line still held (lines before it were dropped to stay within capacity). */
  readonly start: number;
  /** One past the newest line; also the number of distinct lines accepted so far. */
  readonly end: number;
  readonly lastSeq: number;
  /**
   * Accepts lines in any order: sorts them, skips seqs at or below the newest one held (duplicates), and
   * returns how many were new. Lines must arrive in seq order across calls, as the contract delivers them.
   */
  add(lines: readonly LogLine[]): number;
  /** The line at a position in [start, end). */
  at(position: number): LogLine;
  /** Lines in [from, to), clamped to what is held. */
  slice(from: number, to: number): LogLine[];
  /**
   * Starts an empty store at `position`, for a log loaded from its tail: the lines before it exist but were not
   * fetched (with contiguous seqs, position = the `after` of the load).
   */
  startAt(position: number): void;
  /** Called after every `add` that accepted lines; returns the unsubscribe function. */
  subscribe: (listener: () => void) => () => void;
}

export function createLogStore(capacity: number): LogStore {
  let lines: LogLine[] = [];
  // lines[0] is at position `base`; compacting drops the prefix in one splice, not one shift per line.
  let base = 0;
  let head = 0;
  let lastSeq = 0;
  const listeners = new Set<() => void>();

  function isStrictlyIncreasing(incoming: readonly LogLine[]): boolean {
    let previous = -Infinity;
    for (const line of incoming) {
      if (line.seq <= previous) return false;
      previous = line.seq;
    }
    return true;
  }

  /** A batch that continues the log in order and outgrows the capacity: keep its tail, count the rest. */
  function replaceWithTail(incoming: readonly LogLine[]): void {
    base += lines.length + incoming.length - capacity;
    lines = incoming.slice(incoming.length - capacity);
    head = 0;
    lastSeq = lines.at(-1)?.seq ?? lastSeq;
  }

  function notify(): void {
    for (const listener of [...listeners]) listener();
  }

  function trim(): void {
    const held = lines.length - head;
    if (held > capacity) head += held - capacity;
    if (head >= capacity || (head > 0 && head >= lines.length / 2)) {
      lines = lines.slice(head);
      base += head;
      head = 0;
    }
  }

  return {
    get start() {
      return base + head;
    },
    get end() {
      return base + lines.length;
    },
    get lastSeq() {
      return lastSeq;
    },
    add(incoming) {
      const inOrder = isStrictlyIncreasing(incoming);
      if (inOrder && incoming.length > capacity && incoming[0] !== undefined && incoming[0].seq > lastSeq) {
        replaceWithTail(incoming);
        notify();
        return incoming.length;
      }
      const sorted = inOrder ? incoming : [...incoming].sort((a, b) => a.seq - b.seq);
      let fresh = 0;
      for (const line of sorted) {
        if (line.seq <= lastSeq) continue;
        lastSeq = line.seq;
        lines.push(line);
        fresh += 1;
        // A batch far larger than the capacity (a million-line log loading at once) never holds more than twice it.
        if (lines.length - head >= 2 * capacity) trim();
      }
      if (fresh > 0) {
        trim();
        notify();
      }
      return fresh;
    },
    at(position) {
      const line = lines[position - base];
      if (position < base + head || !line) throw new RangeError(`log position ${position} is not held`);
      return line;
    },
    slice(from, to) {
      const start = Math.max(from, base + head) - base;
      return lines.slice(start, Math.max(start, to - base));
    },
    startAt(position) {
      if (lines.length > 0) throw new Error('startAt is for an empty store');
      base = position;
      head = 0;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
