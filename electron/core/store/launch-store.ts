/** Launch records and their install logs on local disk, so they survive a restart. The one module that writes them. */
import { appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LaunchRecord, LogLine } from '../../common/models';

export interface LaunchStore {
  loadAll(): Promise<LaunchRecord[]>;
  save(record: LaunchRecord): Promise<void>;
  appendLog(launchId: string, lines: readonly LogLine[]): Promise<void>;
  readLog(launchId: string, after: number): Promise<LogLine[]>;
}

const SAFE_ID = /^[A-Za-z0-9-]+$/;

export function createLaunchStore(dataDir: string, onDamaged?: (file: string) => void): LaunchStore {
  const recordsDir = path.join(dataDir, 'launches');
  const logsDir = path.join(dataDir, 'logs');
  const ready = Promise.all([mkdir(recordsDir, { recursive: true, mode: 0o700 }), mkdir(logsDir, { recursive: true, mode: 0o700 })]);
  // Writes to one file are chained so a slow write can never land after a newer one.
  const queues = new Map<string, Promise<void>>();
  function serialized(file: string, write: () => Promise<void>): Promise<void> {
    const next = (queues.get(file) ?? Promise.resolve()).then(write, write);
    queues.set(file, next.catch(() => undefined));
    return next;
  }
  const fileOf = (dir: string, id: string, ext: string) => {
    if (!SAFE_ID.test(id)) throw new Error(`Invalid launch id ${JSON.stringify(id)}`);
    return path.join(dir, `${id}${ext}`);
  };

  return {
    async loadAll() {
      await ready;
      const records: LaunchRecord[] = [];
      for (const name of await readdir(recordsDir)) {
        if (!name.endsWith('.json')) continue;
        // One damaged file (a crash during a write) must not keep Kiln from starting: it is skipped and named.
        const parsed = LaunchRecord.safeParse(parseJson(await readFile(path.join(recordsDir, name), 'utf8')));
        if (parsed.success) records.push(parsed.data);
        else onDamaged?.(path.join(recordsDir, name));
      }
      return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async save(record) {
      await ready;
      const file = fileOf(recordsDir, record.id, '.json');
      await serialized(file, async () => {
        const tmp = `${file}.tmp`;
        await writeFile(tmp, JSON.stringify(record, null, 2), { mode: 0o600 });
        await rename(tmp, file);
      });
    },
    async appendLog(launchId, lines) {
      if (lines.length === 0) return;
      await ready;
      const file = fileOf(logsDir, launchId, '.jsonl');
      const text = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
      await serialized(file, () => appendFile(file, text, { mode: 0o600 }));
    },
    async readLog(launchId, after) {
      await ready;
      const file = fileOf(logsDir, launchId, '.jsonl');
      await queues.get(file);
      const text = await readFile(file, 'utf8').catch(() => '');
      const lines: LogLine[] = [];
      for (const raw of text.split('\n')) {
        if (!raw) continue;
        const parsed = LogLine.safeParse(parseJson(raw));
        if (parsed.success && parsed.data.seq > after) lines.push(parsed.data);
      }
      return lines;
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
