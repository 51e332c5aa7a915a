/** Rebuilds the in-memory state from an existing journal file and finds where its intact part ends. */
import type { FileHandle } from 'node:fs/promises';
import { decodeRecord, type BatchMark, type JournalRecord } from './journal-record';
import type { JournalState } from './journal-state';
import { readRecords } from './record-reader';

export interface Recovery {
  /** Byte length of the intact journal; anything after it is a torn write to cut off. */
  validEnd: number;
  warnings: string[];
}

interface PendingBatch {
  mark: BatchMark;
  offset: number;
  records: Array<{ record: JournalRecord; offset: number }>;
}

/**
 * Reads the journal from the start into `state`. A batch is one write, so a batch whose records are not all on disk
 * was torn by a crash (and never acknowledged): it is dropped whole, like a torn last line, so its resend is journaled.
 */
export async function recoverJournal(handle: FileHandle, size: number, state: JournalState): Promise<Recovery> {
  const warnings: string[] = [];
  let pending: PendingBatch | null = null;
  let skipped = 0;

  const commit = (batch: PendingBatch): void => {
    for (const { record, offset } of batch.records) state.apply(record, offset);
  };

  const end = await readRecords(handle, 0, size, (line, offset) => {
    const record = decodeRecord(line);
    if (record === null || !state.accepts(record) || (pending && !follows(pending, record))) {
      skipped += 1;
      return true;
    }
    if (record.batch) {
      if (pending) {
        warnings.push(`batch ${pending.mark.id} is incomplete in the middle of the journal; kept what is there`);
        commit(pending);
      }
      pending = { mark: record.batch, offset, records: [] };
    }
    if (pending) {
      pending.records.push({ record, offset });
      if (pending.records.length === pending.mark.size) {
        commit(pending);
        pending = null;
      }
    } else {
      state.apply(record, offset);
    }
    return true;
  });

  if (skipped > 0) warnings.push(`skipped ${skipped} unreadable or out-of-order journal record(s)`);
  const torn = pending as PendingBatch | null;
  if (torn) {
    warnings.push(
      `dropped the torn batch ${torn.mark.id} (${torn.records.length} of ${torn.mark.size} records on disk)`,
    );
    return { validEnd: torn.offset, warnings };
  }
  if (end < size) warnings.push(`cut off a torn last line (${size - end} bytes)`);
  return { validEnd: end, warnings };
}

function follows(pending: PendingBatch, record: JournalRecord): boolean {
  const last = pending.records.at(-1);
  return record.batch !== undefined || last === undefined || record.event.seq === last.record.event.seq + 1;
}
