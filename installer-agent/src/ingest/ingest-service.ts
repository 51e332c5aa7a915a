/** Use cases behind the ingest routes: validate what local writers post, split long lines, journal it. */
import type { z } from 'zod';
import {
  IngestFinalRequest,
  IngestLinesRequest,
  MAX_LINE_BYTES,
  type IngestFinalResponse,
  type IngestLinesResponse,
} from '../protocol/events';
import type { Journal, JournalErrorCode, LineEntry } from '../journal/journal';
import { fail, ok, type AgentFailure, type Result } from '../result';
import { describeZodError } from '../text/describe-zod-error';
import { splitUtf8 } from '../text/split-utf8';

export type IngestErrorCode = JournalErrorCode | 'bad-request';

export interface IngestService {
  ingestLines(body: unknown): Promise<Result<IngestLinesResponse, IngestErrorCode>>;
  ingestFinal(body: unknown): Promise<Result<IngestFinalResponse, IngestErrorCode>>;
}

export interface IngestDeps {
  journal: Journal;
  /** Current time as ISO 8601; injected so tests can pin it. */
  now: () => string;
}

type ParsedLines = z.output<typeof IngestLinesRequest>;

/** Journal entries for a batch: each line stamped (its own `ts` or now) and split at MAX_LINE_BYTES. Pure. */
export function toLineEntries(lines: ParsedLines['lines'], now: string): LineEntry[] {
  const entries: LineEntry[] = [];
  for (const line of lines) {
    const ts = line.ts ?? now;
    // Short lines (nearly all) cannot be over the limit: no need to measure or split them.
    if (line.text.length * 3 <= MAX_LINE_BYTES) entries.push({ stream: line.stream, text: line.text, ts });
    else for (const text of splitUtf8(line.text, MAX_LINE_BYTES)) entries.push({ stream: line.stream, text, ts });
  }
  return entries;
}

/** Index of the first line whose `ts` is not a parseable time, or -1. Pure. */
export function findBadTimestamp(lines: ParsedLines['lines']): number {
  return lines.findIndex((line) => line.ts !== undefined && Number.isNaN(Date.parse(line.ts)));
}

export function createIngestService({ journal, now }: IngestDeps): IngestService {
  return {
    async ingestLines(body) {
      const parsed = IngestLinesRequest.safeParse(body);
      if (!parsed.success) return badRequest(describeZodError(parsed.error, { root: '(body)' }));
      const badTs = findBadTimestamp(parsed.data.lines);
      if (badTs !== -1) return badRequest(`lines[${badTs}].ts: not an ISO 8601 time (e.g. 2024-05-01T12:00:00.000Z)`);
      return journal.appendLines(parsed.data.batchId, toLineEntries(parsed.data.lines, now()));
    },

    async ingestFinal(body) {
      const parsed = IngestFinalRequest.safeParse(body);
      if (!parsed.success) return badRequest(describeZodError(parsed.error, { root: '(body)' }));
      const { result, exitCode, signal, message } = parsed.data;
      const appended = await journal.appendFinal({ ts: now(), result, exitCode, signal, message });
      return appended.ok ? ok(appended.value) : appended;
    },
  };
}

function badRequest(message: string): { ok: false; error: AgentFailure<'bad-request'> } {
  return fail({
    code: 'bad-request',
    message,
    remedy: 'See installer-agent/README.md, "HTTP API", for the request shape.',
  });
}
