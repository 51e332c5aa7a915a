/**
 * The agent's journal: every event, numbered, appended to `<dataDir>/journal.jsonl` and flushed before the caller
 * acknowledges it. The only module that writes to disk.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent, AgentFinalEvent, LineStream } from '../protocol/events';
import { fail, ok, type Result } from '../result';
import type { SeqRange } from './batch-registry';
import { decodeRecord, encodeRecord, type JournalRecord } from './journal-record';
import { recoverJournal } from './journal-recovery';
import { DEFAULT_JOURNAL_LIMITS, JournalState, type JournalLimits } from './journal-state';
import { readRecords } from './record-reader';

export const JOURNAL_FILE_NAME = 'journal.jsonl';

/** One line to journal; long lines must already be split (see `splitUtf8`). */
export interface LineEntry {
  stream: LineStream;
  text: string;
  ts: string;
}

/** The final token to journal. */
export type FinalEntry = Omit<AgentFinalEvent, 'seq' | 'kind'>;

export interface AppendedLines extends SeqRange {
  duplicate: boolean;
}

export interface AppendedFinal {
  final: AgentFinalEvent;
  duplicate: boolean;
}

export type JournalErrorCode = 'already-finished' | 'final-conflict' | 'journal-unavailable';

export interface JournalOptions {
  dataDir: string;
  limits?: Partial<JournalLimits>;
  /** fdatasync after every append (default true): survives power loss, not only a killed process. */
  fsync?: boolean;
  /** Receives what recovery had to repair. */
  onWarning?: (message: string) => void;
}

export interface Journal {
  readonly path: string;
  /** Highest journaled seq (0 when empty). */
  readonly lastSeq: number;
  readonly final: AgentFinalEvent | null;
  /** Journals one ingest batch; a batch id seen before answers its original range with `duplicate: true`. */
  appendLines(batchId: string, lines: LineEntry[]): Promise<Result<AppendedLines, JournalErrorCode>>;
  /** Journals the final token once; the same token again is a duplicate, a different one a conflict. */
  appendFinal(final: FinalEntry): Promise<Result<AppendedFinal, JournalErrorCode>>;
  /** Events with seq > after, in order, at most `limit` (from memory when recent, else from the file). */
  read(after: number, limit: number): Promise<AgentEvent[]>;
  /** Called after every append; returns a disposer. */
  onAppend(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Opens (or creates) the journal in `dataDir`, repairing a torn tail left by a crash. */
export async function openJournal(options: JournalOptions): Promise<Journal> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const path = join(options.dataDir, JOURNAL_FILE_NAME);
  const handle = await open(path, 'a+', 0o600);
  try {
    const state = new JournalState({ ...DEFAULT_JOURNAL_LIMITS, ...options.limits });
    const { size } = await handle.stat();
    const recovery = await recoverJournal(handle, size, state);
    for (const warning of recovery.warnings) options.onWarning?.(`journal ${path}: ${warning}`);
    if (recovery.validEnd < size) await handle.truncate(recovery.validEnd);
    return new FileJournal(path, handle, state, recovery.validEnd, options.fsync ?? true);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

class FileJournal implements Journal {
  private readonly listeners = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly state: JournalState,
    private size: number,
    private readonly fsync: boolean,
  ) {}

  get lastSeq(): number {
    return this.state.lastSeq;
  }

  get final(): AgentFinalEvent | null {
    return this.state.final;
  }

  appendLines(batchId: string, lines: LineEntry[]): Promise<Result<AppendedLines, JournalErrorCode>> {
    return this.serialize(async () => {
      const known = this.state.batches.get(batchId);
      if (known) return ok({ ...known, duplicate: true });
      const final = this.state.final;
      if (final) {
        return fail({
          code: 'already-finished',
          message: `The install is finished (final token "${final.result}" is event ${final.seq}); lines after it are refused.`,
          remedy: 'Post lines before the final token.',
        });
      }
      const firstSeq = this.state.lastSeq + 1;
      if (lines.length === 0) return ok({ firstSeq, lastSeq: firstSeq - 1, duplicate: false });
      const records: JournalRecord[] = lines.map((line, i) => ({
        event: { seq: firstSeq + i, ts: line.ts, kind: 'line', stream: line.stream, text: line.text },
        batch: i === 0 ? { id: batchId, size: lines.length } : undefined,
      }));
      const written = await this.write(records);
      if (!written.ok) return written;
      return ok({ firstSeq, lastSeq: this.state.lastSeq, duplicate: false });
    });
  }

  appendFinal(entry: FinalEntry): Promise<Result<AppendedFinal, JournalErrorCode>> {
    return this.serialize(async () => {
      const existing = this.state.final;
      if (existing) {
        if (sameFinal(existing, entry)) return ok({ final: existing, duplicate: true });
        return fail({
          code: 'final-conflict',
          message: `A different final token was journaled first (${describeFinal(existing)}); the first one stands.`,
          remedy: 'Post the final token once, when the install is over.',
        });
      }
      const final: AgentFinalEvent = {
        seq: this.state.lastSeq + 1,
        ts: entry.ts,
        kind: 'final',
        result: entry.result,
        exitCode: entry.exitCode,
        signal: entry.signal,
        ...(entry.message === undefined ? {} : { message: entry.message }),
      };
      const written = await this.write([{ event: final }]);
      if (!written.ok) return written;
      return ok({ final, duplicate: false });
    });
  }

  async read(after: number, limit: number): Promise<AgentEvent[]> {
    if (after >= this.state.lastSeq) return [];
    const recent = this.state.window.after(after, limit);
    if (recent) return recent;
    const events: AgentEvent[] = [];
    let highest = after;
    await readRecords(this.handle, this.state.index.startFor(after + 1), this.size, (line) => {
      const record = decodeRecord(line);
      if (record && record.event.seq > highest) {
        events.push(record.event);
        highest = record.event.seq;
      }
      return events.length < limit;
    });
    return events;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.handle.close();
  }

  /** Runs appends one at a time, in call order, so seq order is file order. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Appends records in one write; on failure cuts the file back so no partial batch stays behind. */
  private async write(records: JournalRecord[]): Promise<Result<void, JournalErrorCode>> {
    const encoded = records.map((record) => ({ record, line: encodeRecord(record) }));
    const data = Buffer.from(`${encoded.map(({ line }) => line).join('\n')}\n`, 'utf8');
    try {
      await this.handle.appendFile(data);
      if (this.fsync) await this.handle.datasync();
    } catch (error) {
      await this.handle.truncate(this.size).catch(() => undefined);
      return fail({
        code: 'journal-unavailable',
        message: `Could not write the journal ${this.path}: ${(error as Error).message}`,
        remedy: 'Check free disk space and permissions on the data directory; the writer should retry.',
      });
    }
    let offset = this.size;
    for (const { record, line } of encoded) {
      this.state.apply(record, offset);
      offset += Buffer.byteLength(line, 'utf8') + 1;
    }
    this.size = offset;
    for (const listener of this.listeners) listener();
    return ok(undefined);
  }
}

function sameFinal(a: AgentFinalEvent, b: FinalEntry): boolean {
  return a.result === b.result && a.exitCode === b.exitCode && a.signal === b.signal && a.message === b.message;
}

/** `failure, exit code 3` / `failure, signal SIGKILL` / `success`. */
export function describeFinal(final: Pick<AgentFinalEvent, 'result' | 'exitCode' | 'signal'>): string {
  if (final.signal) return `${final.result}, signal ${final.signal}`;
  if (final.exitCode !== null && final.result === 'failure') return `${final.result}, exit code ${final.exitCode}`;
  return final.result;
}
