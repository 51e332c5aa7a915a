/**
 * Where sealed batches wait until the agent acknowledges them, oldest first. `run` uses the on-disk spool
 * (`src/spool/disk-spool.ts`); `log`, which gives up after a few seconds anyway, keeps them in memory.
 */
import { Fifo } from '../spool/fifo';
import type { EncodedBatch } from './encoded-batch';

export interface BatchSpool {
  /** Resolves once the batch is captured (for the disk spool: written and flushed). Keeps push order. */
  push(batch: EncodedBatch): Promise<void>;
  /** The oldest unacknowledged batch; its body may be reused once it is acknowledged (copy it to keep it). */
  peek(): Promise<EncodedBatch | undefined>;
  /** Forgets the oldest batch once the agent acknowledged it. */
  acknowledge(batchId: string): Promise<void>;
  readonly pendingBatches: number;
  /** Encoded bytes not acknowledged yet, wherever they are kept. */
  readonly pendingBytes: number;
  /** The part of `pendingBytes` held in memory (flow control must bound it); 0 for batches only on disk. */
  readonly memoryBytes: number;
  /** Releases files; the disk spool removes its directory when nothing is pending. */
  close(): Promise<SpoolClosed>;
}

export interface SpoolClosed {
  /** Batches still pending (kept on disk by the disk spool, lost with the memory spool). */
  pendingBatches: number;
  /** Where they are kept, when on disk. */
  path?: string;
}

/** Keeps batches in memory only: they survive a restart of `serve`, not of the process that holds them. */
export function createMemorySpool(): BatchSpool {
  const batches = new Fifo<EncodedBatch>();
  let bytes = 0;
  return {
    push(batch) {
      batches.push(batch);
      bytes += batch.body.length;
      return Promise.resolve();
    },
    peek() {
      return Promise.resolve(batches.first());
    },
    acknowledge(batchId) {
      const oldest = batches.first();
      if (oldest?.batchId !== batchId) return Promise.reject(new Error(`spool: ${batchId} is not the oldest batch`));
      bytes -= oldest.body.length;
      batches.shift();
      return Promise.resolve();
    },
    get pendingBatches() {
      return batches.length;
    },
    get pendingBytes() {
      return bytes;
    },
    get memoryBytes() {
      return bytes;
    },
    close() {
      return Promise.resolve({ pendingBatches: batches.length });
    },
  };
}
