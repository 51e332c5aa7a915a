/** Groups captured lines into ingest batches: every ~50 ms, or at 1,000 lines or ~1 MiB, whichever comes first. */
import { randomUUID } from 'node:crypto';
import type { LineStream } from '../protocol/events';

export interface CapturedLine {
  stream: LineStream;
  text: string;
  ts: string;
}

/** A sealed batch: its id and content never change, so a resend is recognized by the agent. */
export interface LineBatch {
  batchId: string;
  lines: CapturedLine[];
  /** UTF-8 size of the texts, for flow control. */
  bytes: number;
}

export interface BatcherOptions {
  onBatch: (batch: LineBatch) => void;
  /** Readable prefix for batch ids (e.g. the run's name); a random part makes ids unique. */
  idPrefix?: string;
  maxLines?: number;
  /** JSON escaping can grow text up to 6×; 1 MiB keeps a batch well under the agent's 8 MiB body limit. */
  maxBytes?: number;
  maxDelayMs?: number;
}

export interface LineBatcher {
  add(line: CapturedLine): void;
  /** Seals what is collected now. */
  flush(): void;
  /** Bytes collected but not sealed yet. */
  readonly pendingBytes: number;
}

/** Batch id prefix from a free-form name: safe characters only, short enough for the 128-character limit. Pure. */
export function batchIdPrefix(name: string | undefined): string {
  const safe = (name ?? '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40);
  const unique = randomUUID();
  return safe ? `${safe}.${unique}` : unique;
}

export function createLineBatcher(options: BatcherOptions): LineBatcher {
  const maxLines = options.maxLines ?? 1_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxDelayMs = options.maxDelayMs ?? 50;
  const prefix = options.idPrefix ?? batchIdPrefix(undefined);
  let counter = 0;
  let lines: CapturedLine[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (lines.length === 0) return;
    counter += 1;
    const batch: LineBatch = { batchId: `${prefix}.${counter}`, lines, bytes };
    lines = [];
    bytes = 0;
    options.onBatch(batch);
  };

  return {
    add(line) {
      lines.push(line);
      bytes += Buffer.byteLength(line.text, 'utf8');
      if (lines.length >= maxLines || bytes >= maxBytes) flush();
      else if (timer === null) timer = setTimeout(flush, maxDelayMs);
    },
    flush,
    get pendingBytes() {
      return bytes;
    },
  };
}
