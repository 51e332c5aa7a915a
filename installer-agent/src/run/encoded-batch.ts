/**
 * A sealed batch as the exact body of `POST /v1/ingest/lines`, encoded once: the disk spool stores these bytes and
 * delivery posts them as they are, so a resend is byte for byte what was captured.
 */
import { LineStream } from '../protocol/events';
import type { LineBatch } from './line-batcher';

export interface EncodedBatch {
  batchId: string;
  lineCount: number;
  /** `{"batchId":…,"lines":[…]}` and a newline (JSON never contains a raw newline, so it also frames a record). */
  body: Buffer;
}

/** Encodes a sealed batch. Pure. */
export function encodeBatch(batch: LineBatch): EncodedBatch {
  const body = Buffer.from(`${JSON.stringify({ batchId: batch.batchId, lines: batch.lines })}\n`, 'utf8');
  return { batchId: batch.batchId, lineCount: batch.lines.length, body };
}

/** Reads back an encoded batch (e.g. a spool record); null when it is torn or not a batch. Pure. */
export function decodeBatch(body: Buffer): EncodedBatch | null {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const { batchId, lines } = raw as Record<string, unknown>;
  if (typeof batchId !== 'string' || batchId === '' || !Array.isArray(lines) || !lines.every(isCapturedLine))
    return null;
  return { batchId, lineCount: lines.length, body };
}

const STREAMS: ReadonlySet<unknown> = new Set(LineStream.options);

function isCapturedLine(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const { stream, text, ts } = value as Record<string, unknown>;
  return STREAMS.has(stream) && typeof text === 'string' && typeof ts === 'string';
}
