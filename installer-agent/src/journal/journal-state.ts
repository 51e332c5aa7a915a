/** What the journal keeps in memory: the sequence, the final token, recent events, the offset index, batch ids. */
import type { AgentEvent, AgentFinalEvent } from '../protocol/events';
import { BatchRegistry, type SeqRange } from './batch-registry';
import { EventWindow } from './event-window';
import type { JournalRecord } from './journal-record';
import { OffsetIndex } from './offset-index';

/** Bounds on what stays in memory; everything else is read back from the journal file. */
export interface JournalLimits {
  /** Most recent events kept in memory. */
  windowEvents: number;
  /** Upper bound on the text (in UTF-16 units, plus a small per-event overhead) those events hold. */
  windowChars: number;
  /** One offset-index entry every this many records. */
  indexEvery: number;
  /** How many recent batch ids are remembered for idempotent resends. */
  batchIds: number;
}

export const DEFAULT_JOURNAL_LIMITS: JournalLimits = {
  windowEvents: 4_096,
  windowChars: 8 * 1024 * 1024,
  indexEvery: 256,
  batchIds: 20_000,
};

/** In-memory view of a journal, advanced record by record in file order. */
export class JournalState {
  lastSeq = 0;
  final: AgentFinalEvent | null = null;
  readonly window: EventWindow;
  readonly index: OffsetIndex;
  readonly batches: BatchRegistry;

  constructor(limits: JournalLimits) {
    this.window = new EventWindow(limits.windowEvents, limits.windowChars);
    this.index = new OffsetIndex(limits.indexEvery);
    this.batches = new BatchRegistry(limits.batchIds);
  }

  /** Whether a record may follow what is already applied (sequence moves forward, nothing after the final). */
  accepts(record: JournalRecord): boolean {
    return this.final === null && record.event.seq > this.lastSeq;
  }

  /** Applies one record that starts at byte `offset` of the journal file. */
  apply(record: JournalRecord, offset: number): void {
    const event: AgentEvent = record.event;
    this.lastSeq = event.seq;
    this.index.note(event.seq, offset);
    this.window.push(event);
    if (event.kind === 'final') this.final = event;
    if (record.batch) this.batches.remember(record.batch.id, batchRange(event.seq, record.batch.size));
  }
}

function batchRange(firstSeq: number, size: number): SeqRange {
  return { firstSeq, lastSeq: firstSeq + size - 1 };
}
