/** Captured lines → sealed batches → spool → posted to `serve` in order, each retried until acknowledged. */
import type { DeliveryFailure, IngestClient } from '../client/ingest-client';
import { withRetry, type RetryPolicy } from '../client/retry';
import type { Logger } from '../logger';
import { createMemorySpool, type BatchSpool } from './batch-spool';
import { encodeBatch } from './encoded-batch';
import { createLineBatcher, type CapturedLine } from './line-batcher';

export interface PipelineOptions {
  client: Pick<IngestClient, 'postEncodedLines' | 'baseUrl'>;
  retry: RetryPolicy;
  log: Logger;
  idPrefix: string;
  spool?: BatchSpool;
  /** What to do with a batch the agent refuses for good (4xx): drop it with a warning (`run`) or stop (`log`). */
  onRejected?: 'drop' | 'stop';
  /** Called once when delivery stops for good (retries used up, or a refused batch with `onRejected: 'stop'`). */
  onStop?: (failure: DeliveryFailure) => void;
  /** Called whenever the amount of undelivered data changes (flow control). */
  onBacklog?: (backlog: Backlog) => void;
  batch?: { maxLines?: number; maxBytes?: number; maxDelayMs?: number };
}

/** Undelivered output: all of it, and the part held in memory (not yet spooled, or spooled in memory). */
export interface Backlog {
  pendingBytes: number;
  memoryBytes: number;
}

export interface LinePipeline {
  add(line: CapturedLine): void;
  /** Bytes captured but not yet acknowledged by the agent. */
  readonly pendingBytes: number;
  /** Seals the last batch and resolves once everything is delivered, or with the failure that stopped delivery. */
  finish(): Promise<{ ok: true } | { ok: false; error: DeliveryFailure }>;
}

export function createLinePipeline(options: PipelineOptions): LinePipeline {
  const spool = options.spool ?? createMemorySpool();
  const { log, client } = options;
  let wake: (() => void) | null = null;
  let closing = false;
  let stopped: DeliveryFailure | null = null;
  let warnedUnreachable = false;

  // `signalled` closes the gap between "spool looked empty" and "started waiting", so no wake-up is lost.
  let signalled = false;
  const kick = (): void => {
    signalled = true;
    wake?.();
  };
  // Sealed batches waiting for the spool to take them (e.g. while the disk spool flushes) are in memory too.
  let sealingBytes = 0;
  const backlog = (): Backlog => {
    const unspooled = batcher.pendingBytes + sealingBytes;
    return { pendingBytes: spool.pendingBytes + unspooled, memoryBytes: spool.memoryBytes + unspooled };
  };
  const notify = (): void => {
    options.onBacklog?.(backlog());
    kick();
  };

  // The spool keeps batches in push order (the disk spool writes those that arrive during a flush together).
  let pushed: Promise<void> = Promise.resolve();
  const batcher = createLineBatcher({
    ...options.batch,
    idPrefix: options.idPrefix,
    onBatch: (sealed) => {
      const batch = encodeBatch(sealed);
      sealingBytes += batch.body.length;
      options.onBacklog?.(backlog());
      const captured = spool.push(batch).then(() => {
        sealingBytes -= batch.body.length;
        notify();
      });
      pushed = pushed.then(() => captured);
    },
  });

  const deliverOne = async (): Promise<boolean> => {
    const batch = await spool.peek();
    if (!batch) return false;
    const result = await withRetry(() => client.postEncodedLines(batch.body), options.retry, {
      onRetry: (failure, retry) => {
        if (!warnedUnreachable || retry % 20 === 0) log.warn(`${failure.message}; retrying (attempt ${retry + 1})`);
        warnedUnreachable = true;
      },
    });
    if (!result.ok && (result.error.retryable || options.onRejected === 'stop')) {
      stopped = result.error;
      options.onStop?.(result.error);
      return false;
    }
    if (!result.ok) log.warn(`dropped ${batch.lineCount} line(s): ${result.error.message}`);
    else if (warnedUnreachable) {
      log.info(`delivering to ${client.baseUrl} again`);
      warnedUnreachable = false;
    }
    await spool.acknowledge(batch.batchId);
    notify();
    return true;
  };

  const pump = (async () => {
    while (stopped === null) {
      signalled = false;
      if (await deliverOne()) continue;
      if (stopped !== null) break;
      if (closing && spool.pendingBatches === 0) break;
      if (signalled) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  })();

  return {
    add(line) {
      batcher.add(line);
    },
    get pendingBytes() {
      return backlog().pendingBytes;
    },
    async finish() {
      batcher.flush();
      await pushed;
      closing = true;
      kick();
      await pump;
      return stopped === null ? { ok: true } : { ok: false, error: stopped };
    },
  };
}
