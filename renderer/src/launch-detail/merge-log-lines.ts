/** Merging install log lines from the initial load and live events: sequence order, each seq once. */
import type { LogLine } from '../../../electron/common/models';

/** Returns `current` itself when nothing new arrived, so React can skip the render. */
export function mergeLogLines(current: readonly LogLine[], incoming: readonly LogLine[]): readonly LogLine[] {
  if (incoming.length === 0) return current;
  // The common case: a live event continues where the log ends.
  let previous = current.length > 0 ? current[current.length - 1]!.seq : 0;
  let appendsInOrder = true;
  for (const line of incoming) {
    if (line.seq <= previous) {
      appendsInOrder = false;
      break;
    }
    previous = line.seq;
  }
  if (appendsInOrder) return [...current, ...incoming];

  const bySeq = new Map<number, LogLine>();
  for (const line of current) bySeq.set(line.seq, line);
  const before = bySeq.size;
  for (const line of incoming) if (!bySeq.has(line.seq)) bySeq.set(line.seq, line);
  if (bySeq.size === before) return current;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links), as terminals emit them.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Plain text for the simple log view; a terminal renderer that honours ANSI replaces it later. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
