/**
 * Where sealed batches wait until the agent acknowledges them, oldest first. In memory for now; the async shape
 * lets an on-disk spool (surviving a reboot before `serve` is up) replace it without touching its callers.
 */
import type { LineBatch } from './line-batcher';

export interface BatchSpool {
  push(batch: LineBatch): Promise<void>;
  /** The oldest unacknowledged batch. */
  peek(): Promise<LineBatch | undefined>;
  /** Forgets the oldest batch once the agent acknowledged it. */
  acknowledge(batchId: string): Promise<void>;
  readonly pendingBatches: number;
  readonly pendingBytes: number;
}

export function createMemorySpool(): BatchSpool {
  const batches: LineBatch[] = [];
  let bytes = 0;
  return {
    async push(batch) {
      batches.push(batch);
      bytes += batch.bytes;
    },
    async peek() {
      return batches[0];
    },
    async acknowledge(batchId) {
      if (batches[0]?.batchId !== batchId) throw new Error(`spool: ${batchId} is not the oldest batch`);
      bytes -= batches[0].bytes;
      batches.shift();
    },
    get pendingBatches() {
      return batches.length;
    },
    get pendingBytes() {
      return bytes;
    },
  };
}
