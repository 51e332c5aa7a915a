/** Reads back what a spool directory already holds (left by a `run` that crashed): the intact records, in order. */
import { open, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { readRecords } from '../journal/record-reader';
import type { Logger } from '../logger';
import { decodeBatch } from '../run/encoded-batch';
import { listSegments } from './spool-layout';

/** One segment file and what is pending in it. */
export interface Segment {
  path: string;
  size: number;
  batches: number;
  /** Batches not acknowledged yet. */
  pending: number;
}

/** Where a recovered batch is (its segment, its offset and length there) and what it is. */
export interface RecoveredRecord {
  segment: Segment;
  offset: number;
  length: number;
  batchId: string;
  lineCount: number;
}

export interface Recovered {
  records: RecoveredRecord[];
  lines: number;
}

/**
 * Indexes the intact records of every segment under `dir`, in capture order. A record that does not decode (torn
 * by a crash in the middle of a write) ends its segment; segments with nothing intact are deleted.
 */
export async function recoverSegments(dir: string, log: Logger): Promise<Recovered> {
  const records: RecoveredRecord[] = [];
  let lines = 0;
  for (const path of await listSegments(dir)) {
    const segment: Segment = { path, size: 0, batches: 0, pending: 0 };
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      segment.size = await readRecords(handle, 0, size, (line, offset, next) => {
        const batch = decodeBatch(Buffer.from(line, 'utf8'));
        if (!batch) return false;
        records.push({ segment, offset, length: next - offset, batchId: batch.batchId, lineCount: batch.lineCount });
        segment.batches += 1;
        lines += batch.lineCount;
        return true;
      });
      if (segment.size < size) {
        log.warn(
          `spool ${basename(path)}: ignored ${size - segment.size} bytes after its last intact record (torn by a crash)`,
        );
      }
    } finally {
      await handle.close();
    }
    segment.pending = segment.batches;
    if (segment.batches === 0) await unlink(path).catch(() => undefined);
  }
  return { records, lines };
}
