/**
 * Launch records and their install logs on local disk, so they survive a restart and a crash. The one module that
 * writes them.
 *
 * One file per record (`launches/<id>.json`), not one conf document for all of them: a record changes with every
 * batch of log lines (its agent cursor), so one document would rewrite every launch, install scripts included, many
 * times a second, synchronously; and a file cut short by a crash would cost every launch instead of one. Each file
 * gets the same guarantees as the settings documents: a versioned envelope with migrations, atomic fsynced writes
 * (durable-file.ts), and a file that cannot be read is moved aside and reported with its launch id, so the operator
 * can adopt the launch again with Import from AWS. Logs are append-only JSON lines, fsynced per batch.
 */
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { LaunchRecord, LogLine } from '../../common/models';
import { appendDurably, moveAside, removeStaleTempFiles, writeFileDurably } from './durable-file';
import type { StorageProblems } from './storage-problems';

export interface LaunchStore {
  loadAll(): Promise<LaunchRecord[]>;
  save(record: LaunchRecord): Promise<void>;
  appendLog(launchId: string, lines: readonly LogLine[]): Promise<void>;
  readLog(launchId: string, after: number): Promise<LogLine[]>;
  /** At most `limit` lines after `after`, and the newest line's seq: one page of a long log. */
  readLogPage(launchId: string, after: number, limit: number): Promise<LogPage>;
  /** Deletes a launch's record file and its log, once writes already queued for them are done. */
  remove(launchId: string): Promise<void>;
}

export interface LogPage {
  lines: LogLine[];
  /** The seq of the log's newest line; 0 when it has none. */
  lastSeq: number;
}

/**
 * A stored line's seq, read without parsing the line: JSON.stringify escapes every quote inside a string, so an
 * unescaped `"seq":` after `{` or `,` is the key itself.
 */
const SEQ_KEY = /(?:^\{|,)"seq":(\d+)[,}]/;

function seqOf(raw: string): number | undefined {
  const match = SEQ_KEY.exec(raw);
  return match ? Number(match[1]) : undefined;
}

export interface LaunchStoreDeps {
  dataDir: string;
  problems: StorageProblems;
  log?: (message: string) => void;
  now?: () => Date;
}

/** The shape of a record file; version 0 was the bare record (before the envelope). */
export const RECORD_FILE_VERSION = 1;
const MIGRATIONS: Record<number, (raw: unknown) => unknown> = {
  0: (raw) => ({ schemaVersion: 1, record: raw }),
};

const SAFE_ID = /^[A-Za-z0-9-]+$/;

/** What a record file holds for `record` (exported for tests that edit files the way a crash leaves them). */
export function recordFileContent(record: LaunchRecord): string {
  return JSON.stringify({ schemaVersion: RECORD_FILE_VERSION, record }, null, 2);
}

/** The record in a file's text, migrated to the current envelope; a reason when it cannot be read. */
export function readRecordFile(text: string): { record: LaunchRecord } | { unreadable: string } | { newer: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { unreadable: text.trim() ? 'not valid JSON, probably cut short by a crash' : 'empty' };
  }
  let version =
    typeof (raw as { schemaVersion?: unknown } | null)?.schemaVersion === 'number'
      ? (raw as { schemaVersion: number }).schemaVersion
      : 0;
  if (version > RECORD_FILE_VERSION) return { newer: version };
  while (version < RECORD_FILE_VERSION) {
    const migrate = MIGRATIONS[version];
    if (!migrate) return { unreadable: `schema version ${version} is not one Kiln knows` };
    raw = migrate(raw);
    version += 1;
  }
  const parsed = LaunchRecord.safeParse((raw as { record?: unknown }).record);
  return parsed.success ? { record: parsed.data } : { unreadable: 'not a launch record Kiln can read' };
}

export function createLaunchStore(deps: LaunchStoreDeps): LaunchStore {
  const now = deps.now ?? (() => new Date());
  const recordsDir = path.join(deps.dataDir, 'launches');
  const logsDir = path.join(deps.dataDir, 'logs');
  const ready = Promise.all([
    mkdir(recordsDir, { recursive: true, mode: 0o700 }),
    mkdir(logsDir, { recursive: true, mode: 0o700 }),
  ]);
  const recordWriter = createCoalescingWriter();
  // Appends to one log are chained so a slow append can never land after a newer one.
  const logQueues = new Map<string, Promise<void>>();
  const logsChecked = new Set<string>();
  const fileOf = (dir: string, id: string, ext: string) => {
    if (!SAFE_ID.test(id)) throw new Error(`Invalid launch id ${JSON.stringify(id)}`);
    return path.join(dir, `${id}${ext}`);
  };

  async function setAside(file: string, launchId: string, reason: string): Promise<void> {
    const backupPath = await moveAside(file, now());
    deps.problems.report({
      kind: 'launch-record',
      file,
      backupPath,
      launchId,
      detectedAt: now().toISOString(),
      message: `The record of launch ${launchId} could not be read (${reason}); the launch is not shown.`,
      remedy:
        `Its instance may still run in AWS: Import from AWS adopts it again (its install log is kept). ` +
        `The unreadable record is kept in ${backupPath}; nothing was overwritten.`,
    });
  }

  /**
   * A crash in the middle of an append can leave a last line without its newline; the next append starts on a new
   * line, or it would glue its first line to the broken one and lose it.
   */
  async function newlineNeeded(file: string): Promise<boolean> {
    if (logsChecked.has(file)) return false;
    logsChecked.add(file);
    const handle = await open(file, 'r').catch(() => undefined);
    if (!handle) return false;
    try {
      const { size } = await handle.stat();
      if (size === 0) return false;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] !== 0x0a;
    } finally {
      await handle.close();
    }
  }

  return {
    async loadAll() {
      await ready;
      await removeStaleTempFiles(recordsDir);
      const records: LaunchRecord[] = [];
      for (const name of await readdir(recordsDir)) {
        if (!name.endsWith('.json')) continue;
        const file = path.join(recordsDir, name);
        const launchId = name.slice(0, -'.json'.length);
        const read = readRecordFile(await readFile(file, 'utf8'));
        if ('record' in read) records.push(read.record);
        else if ('newer' in read) deps.log?.(`skipped ${file}: written by a newer Kiln (record format ${read.newer})`);
        // One damaged file (a crash during a write, an edit by hand) must not keep Kiln from starting, nor be lost.
        else await setAside(file, launchId, read.unreadable);
      }
      return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async save(record) {
      await ready;
      const file = fileOf(recordsDir, record.id, '.json');
      await recordWriter.write(file, () => recordFileContent(record));
    },
    async appendLog(launchId, lines) {
      if (lines.length === 0) return;
      await ready;
      const file = fileOf(logsDir, launchId, '.jsonl');
      const text = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
      const append = async () => appendDurably(file, ((await newlineNeeded(file)) ? '\n' : '') + text);
      const next = (logQueues.get(file) ?? Promise.resolve()).then(append, append);
      logQueues.set(
        file,
        next.catch(() => undefined),
      );
      await next;
    },
    async readLog(launchId, after) {
      await ready;
      const file = fileOf(logsDir, launchId, '.jsonl');
      await logQueues.get(file);
      const text = await readFile(file, 'utf8').catch(() => '');
      const lines: LogLine[] = [];
      for (const raw of text.split('\n')) {
        if (!raw) continue;
        const parsed = LogLine.safeParse(parseJson(raw));
        if (parsed.success && parsed.data.seq > after) lines.push(parsed.data);
      }
      return lines;
    },
    async readLogPage(launchId, after, limit) {
      await ready;
      const file = fileOf(logsDir, launchId, '.jsonl');
      await logQueues.get(file);
      const text = await readFile(file, 'utf8').catch(() => '');
      const raws = text.split('\n');
      const lines: LogLine[] = [];
      // Only the page's lines are parsed; the ones before it are skipped by their seq alone.
      for (const raw of raws) {
        if (lines.length >= limit) break;
        const seq = raw ? seqOf(raw) : undefined;
        if (seq === undefined || seq <= after) continue;
        const parsed = LogLine.safeParse(parseJson(raw));
        if (parsed.success) lines.push(parsed.data);
      }
      // The newest line that reads in full (a crash may have cut the very last one short).
      let lastSeq = 0;
      for (let i = raws.length - 1; i >= 0 && lastSeq === 0; i--) {
        const parsed = raws[i] ? LogLine.safeParse(parseJson(raws[i] ?? '')) : undefined;
        if (parsed?.success) lastSeq = parsed.data.seq;
      }
      return { lines, lastSeq };
    },
    async remove(launchId) {
      await ready;
      const recordFile = fileOf(recordsDir, launchId, '.json');
      const logFile = fileOf(logsDir, launchId, '.jsonl');
      // A save or an append still in flight would write the file again after the delete.
      await recordWriter.settled(recordFile);
      await logQueues.get(logFile);
      await rm(recordFile, { force: true });
      await rm(logFile, { force: true });
      logQueues.delete(logFile);
      logsChecked.delete(logFile);
    },
  };
}

/**
 * Durable writes of whole files where only the newest content matters: while one write of a file is in flight,
 * further saves replace each other and the next write takes the newest, so a record whose cursor moves with every
 * log batch costs at most one fsync in flight, not one per change. Each `write` resolves once content at least as
 * new as its own is on disk.
 */
function createCoalescingWriter() {
  interface Slot {
    latest?: () => string;
    waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
    running: boolean;
    /** Settles when the drain of this slot ends (nothing in flight or queued for the file). */
    idle?: Promise<void>;
  }
  const slots = new Map<string, Slot>();

  async function drain(file: string, slot: Slot): Promise<void> {
    while (slot.latest) {
      const content = slot.latest;
      const waiters = slot.waiters;
      slot.latest = undefined;
      slot.waiters = [];
      try {
        await writeFileDurably(file, content());
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    slot.running = false;
    slots.delete(file);
  }

  return {
    /** Resolves once no write of the file is in flight or queued. */
    async settled(file: string): Promise<void> {
      await slots.get(file)?.idle;
    },
    write(file: string, content: () => string): Promise<void> {
      let slot = slots.get(file);
      if (!slot) slots.set(file, (slot = { waiters: [], running: false }));
      slot.latest = content;
      const done = new Promise<void>((resolve, reject) => slot.waiters.push({ resolve, reject }));
      if (!slot.running) {
        slot.running = true;
        slot.idle = drain(file, slot);
      }
      return done;
    },
  };
}

/** A line cut short by a crash during an append is skipped (the link fetches it again from the agent). */
function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
