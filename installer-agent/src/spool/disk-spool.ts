/**
 * `run`'s durable spool: every sealed batch is appended to a segment file and flushed before it counts as captured,
 * then posted in order and forgotten once `serve` acknowledged it. Memory stays bounded whatever the backlog: the
 * queue holds only each batch's file position; the newest batches (up to `cacheBytes`) are also kept in memory so
 * that, while `serve` keeps up, nothing is read back from disk.
 *
 * A segment file is deleted once all its batches are acknowledged. A `run` that crashes leaves its directory
 * behind; the next `run` claims it (see `spool-layout.ts`) and resends its batches first. Batches acknowledged just
 * before the crash are resent too (at most one segment, `segmentMaxBatches`), and `serve` recognizes them by id.
 */
import { mkdir, open, rm, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../logger';
import type { BatchSpool, SpoolClosed } from '../run/batch-spool';
import type { EncodedBatch } from '../run/encoded-batch';
import { Fifo } from './fifo';
import { claimOrphans, segmentFileName } from './spool-layout';
import { recoverSegments, type Segment } from './spool-recovery';

export interface DiskSpoolOptions {
  /** The spool directory, `<dataDir>/spool/<name>-<pid>` (see `spoolDirName`); created if missing. */
  dir: string;
  log: Logger;
  /** fdatasync every append (default true): a captured line survives power loss. */
  fsync?: boolean;
  /** A new segment starts past this size (default 8 MiB)… */
  segmentMaxBytes?: number;
  /** …or this many batches (default 1,000, well under the 20,000 batch ids `serve` remembers). */
  segmentMaxBatches?: number;
  /** Newest batches kept in memory too, so delivery does not read them back (default 1 MiB). */
  cacheBytes?: number;
  /** Claim the spools of runs that are gone (default true). */
  claimOrphans?: boolean;
  isAlive?: (pid: number) => boolean;
  pid?: number;
  now?: () => number;
}

export interface DiskSpool extends BatchSpool {
  readonly dir: string;
  /** Batches found on disk when the spool was opened (from a crashed run), to be sent first. */
  readonly recoveredBatches: number;
}

interface Entry {
  /** null: kept in memory only, because the disk failed. */
  segment: Segment | null;
  offset: number;
  /** Bytes of the record (the encoded batch). */
  length: number;
  batchId: string;
  lineCount: number;
  /** The batch itself, while cached (or read back, for the oldest entry). */
  batch?: EncodedBatch;
  cached: boolean;
}

interface Waiting {
  batch: EncodedBatch;
  resolve: () => void;
}

/** Opens the spool directory, claiming orphans and recovering what they hold. */
export async function openDiskSpool(options: DiskSpoolOptions): Promise<DiskSpool> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  if (options.claimOrphans ?? true) {
    const claimed = await claimOrphans(dirname(options.dir), options.dir, options.isAlive);
    for (const name of claimed)
      options.log.info(`taking over the spool of an earlier run that did not finish (${name})`);
  }
  const spool = new FileSpool(options);
  await spool.recover();
  return spool;
}

class FileSpool implements DiskSpool {
  readonly dir: string;
  recoveredBatches = 0;
  private readonly entries = new Fifo<Entry>();
  private readonly fsync: boolean;
  private readonly segmentMaxBytes: number;
  private readonly segmentMaxBatches: number;
  private readonly cacheBytes: number;
  private readonly startedAt: number;
  private readonly pid: number;
  private writer: { segment: Segment; handle: FileHandle } | null = null;
  private reader: { segment: Segment; handle: FileHandle } | null = null;
  private nextSegment = 1;
  private bytes = 0;
  private cached = 0;
  private inMemory = 0;
  private degraded = false;
  private readonly waiting: Waiting[] = [];
  private writing: Promise<void> | null = null;
  private reads: Promise<unknown> = Promise.resolve();
  private readBuffer = Buffer.alloc(256 * 1024);

  constructor(private readonly options: DiskSpoolOptions) {
    this.dir = options.dir;
    this.fsync = options.fsync ?? true;
    this.segmentMaxBytes = options.segmentMaxBytes ?? 8 * 1024 * 1024;
    this.segmentMaxBatches = options.segmentMaxBatches ?? 1_000;
    this.cacheBytes = options.cacheBytes ?? 1024 * 1024;
    this.startedAt = (options.now ?? Date.now)();
    this.pid = options.pid ?? process.pid;
  }

  get pendingBatches(): number {
    return this.entries.length;
  }

  get pendingBytes(): number {
    return this.bytes;
  }

  get memoryBytes(): number {
    return this.inMemory;
  }

  /** Queues what an earlier run left in the directory, to be sent before anything new. */
  async recover(): Promise<void> {
    const { records, lines } = await recoverSegments(this.dir, this.options.log);
    for (const record of records) {
      this.entries.push({ ...record, cached: false });
      this.bytes += record.length;
    }
    this.recoveredBatches = records.length;
    if (records.length > 0)
      this.options.log.info(`resending ${lines} line(s) an earlier run captured but did not deliver`);
  }

  /**
   * Captures a batch. Batches pushed while a write is in progress are written together, with one flush (group
   * commit), and every push resolves once its batch is on disk; order is push order.
   */
  push(batch: EncodedBatch): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ batch, resolve });
      this.writing ??= this.writeWaiting();
    });
  }

  peek(): Promise<EncodedBatch | undefined> {
    return this.serializeReads(async () => {
      for (let entry = this.entries.first(); entry; entry = this.entries.first()) {
        if (entry.batch) return entry.batch;
        const batch = await this.readBack(entry);
        if (batch) {
          entry.batch = batch;
          return batch;
        }
        this.options.log.error(
          `spool: a record in ${entry.segment?.path} is unreadable; ${entry.length} bytes of output are lost`,
        );
        await this.forget(entry);
      }
      return undefined;
    });
  }

  acknowledge(batchId: string): Promise<void> {
    return this.serializeReads(async () => {
      const oldest = this.entries.first();
      if (oldest?.batchId !== batchId) throw new Error(`spool: ${batchId} is not the oldest batch`);
      await this.forget(oldest);
    });
  }

  async close(): Promise<SpoolClosed> {
    while (this.writing) await this.writing;
    return this.serializeReads(async () => {
      await this.closeHandle('writer');
      await this.closeHandle('reader');
      const pendingBatches = this.entries.length;
      if (pendingBatches === 0) {
        await rm(this.dir, { recursive: true, force: true });
        return { pendingBatches };
      }
      return { pendingBatches, path: this.dir };
    });
  }

  /** Writes waiting batches, a group at a time, until none is left; `writing` is cleared in the same tick. */
  private async writeWaiting(): Promise<void> {
    for (;;) {
      const group = this.takeGroup();
      if (group.length === 0) {
        this.writing = null;
        return;
      }
      const batches = group.map((waiting) => waiting.batch);
      if (!this.degraded) {
        try {
          await this.append(batches);
        } catch (error) {
          this.degraded = true;
          this.options.log.warn(
            `cannot write the spool in ${this.dir} (${(error as Error).message}); keeping undelivered lines in memory from now on`,
          );
        }
      }
      if (this.degraded) for (const batch of batches) this.keepInMemory(batch);
      for (const waiting of group) waiting.resolve();
    }
  }

  /** The oldest waiting batches that fit in the current segment (at least one). */
  private takeGroup(): Waiting[] {
    const segment = this.writer?.segment;
    const full = !segment || segment.size >= this.segmentMaxBytes || segment.batches >= this.segmentMaxBatches;
    const room = full ? this.segmentMaxBatches : this.segmentMaxBatches - segment.batches;
    let count = 0;
    let bytes = 0;
    for (const { batch } of this.waiting) {
      if (count >= room || (count > 0 && bytes >= this.segmentMaxBytes)) break;
      bytes += batch.body.length;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }

  private keepInMemory(batch: EncodedBatch): void {
    const length = batch.body.length;
    this.entries.push({
      segment: null,
      offset: 0,
      length,
      batchId: batch.batchId,
      lineCount: batch.lineCount,
      batch,
      cached: false,
    });
    this.bytes += length;
    this.inMemory += length;
  }

  /** Appends the batches as one write and one flush; on failure cuts the file back to its last whole record. */
  private async append(batches: EncodedBatch[]): Promise<void> {
    const [only] = batches;
    const data = only && batches.length === 1 ? only.body : Buffer.concat(batches.map((batch) => batch.body));
    const { segment, handle } = await this.writableSegment();
    try {
      await handle.appendFile(data);
      if (this.fsync) await handle.datasync();
    } catch (error) {
      await handle.truncate(segment.size).catch(() => undefined);
      await this.closeHandle('writer');
      throw error;
    }
    for (const batch of batches) {
      const length = batch.body.length;
      const cached = this.cached + length <= this.cacheBytes;
      if (cached) this.cached += length;
      const { batchId, lineCount } = batch;
      this.entries.push({
        segment,
        offset: segment.size,
        length,
        batchId,
        lineCount,
        batch: cached ? batch : undefined,
        cached,
      });
      segment.size += length;
      segment.batches += 1;
      segment.pending += 1;
      this.bytes += length;
    }
  }

  /** The segment to append to: the current one until it is full, then a new file. */
  private async writableSegment(): Promise<{ segment: Segment; handle: FileHandle }> {
    const current = this.writer;
    if (current && current.segment.size < this.segmentMaxBytes && current.segment.batches < this.segmentMaxBatches) {
      return current;
    }
    if (current) {
      await this.closeHandle('writer');
      // Fully acknowledged already: nothing will read it again. Otherwise the last acknowledgement removes it.
      if (current.segment.pending === 0) await this.removeFile(current.segment);
    }
    const path = join(this.dir, segmentFileName(this.startedAt, this.pid, this.nextSegment));
    this.nextSegment += 1;
    const handle = await open(path, 'a', 0o600);
    if (this.fsync) await this.syncDirectory();
    this.writer = { segment: { path, size: 0, batches: 0, pending: 0 }, handle };
    return this.writer;
  }

  /**
   * Reads back a batch that is only on disk, into one buffer reused from batch to batch: only the oldest batch is
   * ever read back and it is acknowledged before the next one is read, and a fresh buffer per batch (freed only by a
   * full collection, as it lives through a post) let memory climb by tens of MB while a large backlog drained.
   */
  private async readBack(entry: Entry): Promise<EncodedBatch | null> {
    const segment = entry.segment;
    if (!segment) return null;
    try {
      if (this.reader?.segment !== segment) {
        await this.closeHandle('reader');
        this.reader = { segment, handle: await open(segment.path, 'r') };
      }
      if (this.readBuffer.length < entry.length)
        this.readBuffer = Buffer.alloc(Math.max(entry.length, 2 * this.readBuffer.length));
      const { bytesRead } = await this.reader.handle.read(this.readBuffer, 0, entry.length, entry.offset);
      const body = this.readBuffer.subarray(0, entry.length);
      // A record always ends with a newline; anything else means the file changed under us.
      if (bytesRead !== entry.length || body[entry.length - 1] !== 0x0a) return null;
      return { batchId: entry.batchId, lineCount: entry.lineCount, body };
    } catch {
      return null;
    }
  }

  /** Drops the oldest entry; its segment file goes once nothing in it is pending and nothing more is appended. */
  private async forget(entry: Entry): Promise<void> {
    this.entries.shift();
    this.bytes -= entry.length;
    if (entry.cached) this.cached -= entry.length;
    const segment = entry.segment;
    if (!segment) {
      this.inMemory -= entry.length;
      return;
    }
    segment.pending -= 1;
    // The segment being appended to is removed by the write side when it moves on to a new one.
    if (segment.pending > 0 || this.writer?.segment === segment) return;
    await this.removeFile(segment);
  }

  private async removeFile(segment: Segment): Promise<void> {
    if (this.reader?.segment === segment) await this.closeHandle('reader');
    await unlink(segment.path).catch(() => undefined);
  }

  private async closeHandle(which: 'writer' | 'reader'): Promise<void> {
    const open = this[which];
    this[which] = null;
    await open?.handle.close().catch(() => undefined);
  }

  /** Makes a new segment file's directory entry durable too. */
  private async syncDirectory(): Promise<void> {
    try {
      const handle = await open(this.dir, 'r');
      await handle.sync().finally(() => handle.close());
    } catch {
      // Not supported everywhere (e.g. Windows); the file's own flush still holds its content.
    }
  }

  /** Peeks and acknowledgements run one at a time, in call order (writes have their own loop). */
  private serializeReads<T>(task: () => Promise<T>): Promise<T> {
    const run = this.reads.then(task);
    this.reads = run.catch(() => undefined);
    return run;
  }
}
