/** The journal's on-disk record: one JSON line per event; a batch's first record also carries its id and size. */
import { AgentEvent } from '../protocol/events';

/** Marks the first record of an ingest batch, so a resent batch id is recognized even after a restart. */
export interface BatchMark {
  id: string;
  /** Number of records (events) the batch produced; fewer on disk means the batch was torn by a crash. */
  size: number;
}

export interface JournalRecord {
  event: AgentEvent;
  batch?: BatchMark;
}

/** One line of JSON without the trailing newline. Pure. */
export function encodeRecord(record: JournalRecord): string {
  const { event, batch } = record;
  // Line events are nearly all of a journal: built by hand (same keys, same order) to spare a copy per line.
  if (event.kind === 'line') {
    const head = `{"seq":${event.seq},"ts":${JSON.stringify(event.ts)},"kind":"line","stream":"${event.stream}","text":${JSON.stringify(event.text)}`;
    return batch ? `${head},"batchId":${JSON.stringify(batch.id)},"batchSize":${batch.size}}` : `${head}}`;
  }
  return JSON.stringify(batch ? { ...event, batchId: batch.id, batchSize: batch.size } : event);
}

/** Parses one line; null when it is not a valid record (torn or corrupted). Pure. */
export function decodeRecord(line: string): JournalRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = AgentEvent.safeParse(raw);
  if (!parsed.success) return null;
  const { batchId, batchSize } = raw as { batchId?: unknown; batchSize?: unknown };
  if (typeof batchId === 'string' && typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize > 0) {
    return { event: parsed.data, batch: { id: batchId, size: batchSize } };
  }
  return { event: parsed.data };
}
