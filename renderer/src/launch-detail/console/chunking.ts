/**
 * Bounded work per animation frame: how many lines go into one terminal write, and how that budget adapts to
 * how long the terminal took to parse the previous write.
 */

export interface ChunkBudgetLimits {
  /** Parse time per frame the writer aims for, leaving the rest of the frame to rendering and input. */
  targetMs: number;
  minChars: number;
  maxChars: number;
  /** Upper bound on lines per write, whatever their length. */
  maxLines: number;
}

export const DEFAULT_BUDGET_LIMITS: ChunkBudgetLimits = {
  targetMs: 8,
  minChars: 4 * 1024,
  maxChars: 512 * 1024,
  maxLines: 20_000,
};

/** The first write's size, before any measurement: small enough for a slow machine. */
export const INITIAL_BUDGET_CHARS = 16 * 1024;

/**
 * The end (exclusive) of the next chunk starting at `from`: lines are added while their text fits in
 * `maxChars`, always at least one line so a single huge line still moves the log forward.
 */
export function takeChunk(
  lengthAt: (position: number) => number,
  from: number,
  end: number,
  maxChars: number,
  maxLines: number,
): number {
  let position = from;
  let chars = 0;
  const lastAllowed = Math.min(end, from + Math.max(1, maxLines));
  while (position < lastAllowed) {
    chars += lengthAt(position) + 2;
    if (chars > maxChars && position > from) break;
    position += 1;
  }
  return position;
}

/** The next budget: scaled by how far the last write was from the target, at most halved or doubled. */
export function nextBudget(
  currentChars: number,
  elapsedMs: number,
  limits: ChunkBudgetLimits = DEFAULT_BUDGET_LIMITS,
): number {
  const ratio = elapsedMs <= 0 ? 2 : Math.min(2, Math.max(0.5, limits.targetMs / elapsedMs));
  return Math.round(Math.min(limits.maxChars, Math.max(limits.minChars, currentChars * ratio)));
}
