// Launch records and logs on disk: a damaged record is moved aside and reported with its launch id (never
// dropped silently), records of the earlier format are read, and a log cut short by a crash loses no later line.
import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { createLaunchStore, readRecordFile, recordFileContent } from '../../../../electron/core/store/launch-store';
import { createStorageProblems } from '../../../../electron/core/store/storage-problems';

const record = (id: string, extra: Partial<LaunchRecord> = {}): LaunchRecord => ({
  id,
  spec: {
    profileId: 'p',
    region: 'us-east-1',
    name: id,
    imageId: 'ami-12345678',
    instanceType: 't3.micro',
    installScript: 'x',
    agentPort: 8443,
    keepAgentOpen: false,
  },
  createdAt: `2026-01-0${id.length}T00:00:00.000Z`,
  phase: 'running',
  timeline: [],
  securityGroupDeleted: false,
  agentRuleRevoked: false,
  agentCursor: 0,
  ...extra,
});
const AT = new Date('2026-05-01T09:30:00.000Z');
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'kiln-store-'));

describe('launch store', () => {
  it('moves a damaged record aside and reports it with its launch id instead of refusing to start', async () => {
    const dir = await tempDir();
    const problems = createStorageProblems();
    const store = createLaunchStore({ dataDir: dir, problems, now: () => AT });
    await store.save(record('good'));
    await store.save(record('broken'));
    const file = path.join(dir, 'launches', 'broken.json');
    const full = await readFile(file, 'utf8');
    await writeFile(file, full.slice(0, 100));
    expect((await store.loadAll()).map((r) => r.id)).toEqual(['good']);
    const backupPath = `${file}.unreadable-2026-05-01T09-30-00.000Z`;
    expect(problems.list()).toEqual([
      expect.objectContaining({
        kind: 'launch-record',
        launchId: 'broken',
        file,
        backupPath,
        remedy: expect.stringContaining('Import from AWS'),
      }),
    ]);
    expect(await readFile(backupPath, 'utf8')).toBe(full.slice(0, 100));
    expect(await readdir(path.join(dir, 'launches'))).toEqual(['good.json', path.basename(backupPath)].sort());
  });

  it('reads a bare record of the earlier format and writes the versioned envelope', async () => {
    const dir = await tempDir();
    const store = createLaunchStore({ dataDir: dir, problems: createStorageProblems() });
    await store.loadAll();
    await writeFile(path.join(dir, 'launches', 'old.json'), JSON.stringify(record('old')));
    const [loaded] = await store.loadAll();
    expect(loaded).toEqual(record('old'));
    await store.save({ ...loaded, agentCursor: 3 });
    expect(JSON.parse(await readFile(path.join(dir, 'launches', 'old.json'), 'utf8'))).toEqual(
      JSON.parse(recordFileContent(record('old', { agentCursor: 3 }))),
    );
  });

  it('calls a record with a schema version no migration starts from unreadable instead of failing', () => {
    for (const schemaVersion of [-1, 0.5]) {
      const text = JSON.stringify({ schemaVersion, record: record('odd') });
      expect(readRecordFile(text)).toEqual({ unreadable: `schema version ${schemaVersion} is not one Kiln knows` });
    }
  });

  it('keeps the newest of many quick saves and leaves no temporary file', async () => {
    const dir = await tempDir();
    const store = createLaunchStore({ dataDir: dir, problems: createStorageProblems() });
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.save(record('quick', { agentCursor: i }))));
    expect((await store.loadAll())[0].agentCursor).toBe(29);
    expect(await readdir(path.join(dir, 'launches'))).toEqual(['quick.json']);
  });

  it('removes temporary files a crash left behind', async () => {
    const dir = await tempDir();
    const store = createLaunchStore({ dataDir: dir, problems: createStorageProblems() });
    await store.save(record('kept'));
    await writeFile(path.join(dir, 'launches', 'kept.json.tmp-123-abcd'), '{"half');
    await store.loadAll();
    expect(await readdir(path.join(dir, 'launches'))).toEqual(['kept.json']);
  });

  it('reads a log whose last line was cut short by a crash, and appends after it on a new line', async () => {
    const dir = await tempDir();
    const store = createLaunchStore({ dataDir: dir, problems: createStorageProblems() });
    await store.appendLog('l1', [{ seq: 1, ts: '2026-01-01T00:00:00Z', stream: 'stdout', text: 'one' }]);
    await appendFile(path.join(dir, 'logs', 'l1.jsonl'), '{"seq":2,"ts":"2026-01-01T00:0');
    expect((await store.readLog('l1', 0)).map((l) => l.text)).toEqual(['one']);
    const restarted = createLaunchStore({ dataDir: dir, problems: createStorageProblems() });
    await restarted.appendLog('l1', [{ seq: 2, ts: '2026-01-01T00:00:01Z', stream: 'stdout', text: 'two' }]);
    expect((await restarted.readLog('l1', 0)).map((l) => l.text)).toEqual(['one', 'two']);
  });

  it('reads a log in pages: the lines after a seq, at most a limit, and the newest seq of the log', async () => {
    const dir = await tempDir();
    const store = createLaunchStore({ dataDir: dir, problems: createStorageProblems() });
    const line = (seq: number, text: string) => ({ seq, ts: '2026-01-01T00:00:00Z', stream: 'stdout' as const, text });
    // A line whose text holds what looks like a seq key must not be mistaken for another line.
    await store.appendLog('l1', [line(1, 'one'), line(2, '{"seq":99,"x":1}'), line(3, 'three'), line(4, 'four')]);
    await appendFile(path.join(dir, 'logs', 'l1.jsonl'), '{"seq":5,"ts":"2026-01-01T00:0');
    const texts = (page: { lines: { text: string }[] }) => page.lines.map((l) => l.text);
    const first = await store.readLogPage('l1', 0, 2);
    expect(texts(first)).toEqual(['one', '{"seq":99,"x":1}']);
    expect(first.lastSeq).toBe(4);
    expect(texts(await store.readLogPage('l1', 2, 2))).toEqual(['three', 'four']);
    expect(await store.readLogPage('l1', 4, 2)).toEqual({ lines: [], lastSeq: 4 });
    expect(await store.readLogPage('none', 0, 2)).toEqual({ lines: [], lastSeq: 0 });
  });
});
