/** The spool's on-disk record: one sealed batch as one JSON line (`{"batchId","bytes","lines":[…]}` + `\n`). */
import { LineStream } from '../protocol/events';
import type { CapturedLine, LineBatch } from '../run/line-batcher';

/** The batch as a newline-terminated UTF-8 record. Pure. */
export function encodeSpoolRecord(batch: LineBatch): Buffer {
  return Buffer.from(`${JSON.stringify({ batchId: batch.batchId, bytes: batch.bytes, lines: batch.lines })}\n`, 'utf8');
}

/** Parses one record (without or with its trailing newline); null when it is torn or not a spool record. Pure. */
export function decodeSpoolRecord(text: string): LineBatch | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const { batchId, bytes, lines } = raw as Record<string, unknown>;
  if (typeof batchId !== 'string' || batchId === '' || typeof bytes !== 'number' || !Array.isArray(lines)) return null;
  if (!lines.every(isCapturedLine)) return null;
  return { batchId, bytes, lines };
}

function isCapturedLine(value: unknown): value is CapturedLine {
  if (value === null || typeof value !== 'object') return false;
  const { stream, text, ts } = value as Record<string, unknown>;
  return LineStream.safeParse(stream).success && typeof text === 'string' && typeof ts === 'string';
}
