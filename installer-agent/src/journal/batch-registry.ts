/** Remembers which ingest batch ids were journaled and the seq range each produced (bounded, oldest forgotten). */

export interface SeqRange {
  firstSeq: number;
  lastSeq: number;
}

/**
 * Batch id → seq range. Writers resend only their most recent unacknowledged batches, so forgetting the oldest
 * ids beyond `capacity` keeps memory bounded without losing the ones a resend can name.
 */
export class BatchRegistry {
  private readonly ranges = new Map<string, SeqRange>();

  constructor(private readonly capacity: number) {}

  get(batchId: string): SeqRange | undefined {
    return this.ranges.get(batchId);
  }

  remember(batchId: string, range: SeqRange): void {
    this.ranges.delete(batchId);
    this.ranges.set(batchId, range);
    if (this.ranges.size > this.capacity) {
      const oldest = this.ranges.keys().next().value as string;
      this.ranges.delete(oldest);
    }
  }

  get size(): number {
    return this.ranges.size;
  }
}
