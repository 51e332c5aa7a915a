import { appendFile, mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JOURNAL_FILE_NAME,
  openJournal,
  type Journal,
  type LineEntry,
} from '../../../../installer-agent/src/journal/journal';
import type { AgentEvent } from '../../../../installer-agent/src/protocol/events';

const TS = '2024-05-01T12:00:00.000Z';
const lines = (...texts: string[]): LineEntry[] => texts.map((text) => ({ stream: 'stdout', text, ts: TS }));
const texts = (events: AgentEvent[]): string[] => events.map((e) => (e.kind === 'line' ? e.text : `final:${e.result}`));

let dir = '';
const opened: Journal[] = [];

async function open(
  options: Parameters<typeof openJournal>[0] extends infer O ? Partial<O> : never = {},
): Promise<Journal> {
  const journal = await openJournal({ dataDir: dir, fsync: false, ...options });
  opened.push(journal);
  return journal;
}

async function valueOf<T>(
  promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiln-journal-'));
});

afterEach(async () => {
  for (const journal of opened.splice(0)) await journal.close();
  await rm(dir, { recursive: true, force: true });
});

describe('journal', () => {
  it('numbers events from 1 and writes them to disk before answering', async () => {
    const journal = await open();
    expect(journal.lastSeq).toBe(0);
    expect(await valueOf(journal.appendLines('b1', lines('one', 'two')))).toEqual({
      firstSeq: 1,
      lastSeq: 2,
      duplicate: false,
    });
    expect(await valueOf(journal.appendLines('b2', lines('three')))).toEqual({
      firstSeq: 3,
      lastSeq: 3,
      duplicate: false,
    });
    const onDisk = (await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).trim().split('\n');
    expect(onDisk).toHaveLength(3);
    expect(JSON.parse(onDisk[2])).toMatchObject({ seq: 3, text: 'three', stream: 'stdout', batchId: 'b2' });
    expect(texts(await journal.read(0, 10))).toEqual(['one', 'two', 'three']);
    expect(texts(await journal.read(1, 1))).toEqual(['two']);
    expect(await journal.read(3, 10)).toEqual([]);
  });

  it('continues the sequence after a reopen', async () => {
    const first = await open();
    await valueOf(first.appendLines('b1', lines('a', 'b')));
    await first.close();
    const again = await open();
    expect(again.lastSeq).toBe(2);
    expect(await valueOf(again.appendLines('b2', lines('c')))).toMatchObject({ firstSeq: 3, lastSeq: 3 });
    expect((await again.read(0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('recognizes a resent batch id, also after a reopen, and appends nothing', async () => {
    const first = await open();
    await valueOf(first.appendLines('b1', lines('a', 'b')));
    expect(await valueOf(first.appendLines('b1', lines('a', 'b')))).toEqual({
      firstSeq: 1,
      lastSeq: 2,
      duplicate: true,
    });
    await first.close();
    const again = await open();
    expect(await valueOf(again.appendLines('b1', lines('a', 'b')))).toEqual({
      firstSeq: 1,
      lastSeq: 2,
      duplicate: true,
    });
    expect(again.lastSeq).toBe(2);
  });

  it('tolerates a torn last line: cuts it off and continues', async () => {
    const first = await open();
    await valueOf(first.appendLines('b1', lines('a')));
    await first.close();
    await appendFile(join(dir, JOURNAL_FILE_NAME), '{"seq":2,"ts":"2024-05-01T12:0');
    const warnings: string[] = [];
    const again = await open({ onWarning: (w) => warnings.push(w) });
    expect(again.lastSeq).toBe(1);
    expect(warnings.join()).toContain('torn last line');
    await valueOf(again.appendLines('b2', lines('b')));
    await again.close();
    const reread = await open();
    expect(texts(await reread.read(0, 10))).toEqual(['a', 'b']);
  });

  it('drops a batch torn by a crash as a whole, so its resend is journaled and not reported as a duplicate', async () => {
    const first = await open();
    await valueOf(first.appendLines('b1', lines('a')));
    await valueOf(first.appendLines('b2', lines('b', 'c', 'd')));
    await first.close();
    const path = join(dir, JOURNAL_FILE_NAME);
    const content = await readFile(path, 'utf8');
    const cut = content.indexOf('"text":"d"');
    await truncate(path, content.lastIndexOf('\n', cut) + 1); // records a, b, c stay; d is lost
    const again = await open();
    expect(again.lastSeq).toBe(1);
    expect(await valueOf(again.appendLines('b2', lines('b', 'c', 'd')))).toEqual({
      firstSeq: 2,
      lastSeq: 4,
      duplicate: false,
    });
    expect(texts(await again.read(0, 10))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('journals the final token once: same again is a duplicate, a different one a conflict, lines after it refused', async () => {
    const journal = await open();
    await valueOf(journal.appendLines('b1', lines('a')));
    const final = { ts: TS, result: 'failure' as const, exitCode: 3, signal: null };
    const first = await valueOf(journal.appendFinal(final));
    expect(first).toEqual({
      final: { seq: 2, ts: TS, kind: 'final', result: 'failure', exitCode: 3, signal: null },
      duplicate: false,
    });
    expect(await valueOf(journal.appendFinal({ ...final, ts: 'later' }))).toMatchObject({
      duplicate: true,
      final: { seq: 2 },
    });
    const conflict = await journal.appendFinal({ ...final, result: 'success', exitCode: 0 });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'final-conflict' } });
    expect(await journal.appendLines('b2', lines('late'))).toMatchObject({
      ok: false,
      error: { code: 'already-finished' },
    });
    expect(await valueOf(journal.appendLines('b1', lines('a')))).toMatchObject({ duplicate: true });
    await journal.close();
    const again = await open();
    expect(again.final).toMatchObject({ seq: 2, result: 'failure' });
    expect(await again.appendLines('b3', lines('x'))).toMatchObject({ ok: false, error: { code: 'already-finished' } });
  });

  it('serves old pages from the file when they left the memory window', async () => {
    const journal = await open({ limits: { windowEvents: 10, indexEvery: 7 } });
    for (let batch = 0; batch < 20; batch += 1) {
      await valueOf(
        journal.appendLines(`b${batch}`, lines(...Array.from({ length: 5 }, (_, i) => `line ${batch * 5 + i + 1}`))),
      );
    }
    expect(journal.lastSeq).toBe(100);
    for (const after of [0, 1, 6, 7, 13, 50, 89, 90, 95]) {
      const page = await journal.read(after, 12);
      expect(page.map((e) => e.seq)).toEqual(
        Array.from({ length: Math.min(12, 100 - after) }, (_, i) => after + i + 1),
      );
      expect(texts(page)[0]).toBe(`line ${after + 1}`);
    }
    await journal.close();
    const reopened = await open({ limits: { windowEvents: 10, indexEvery: 7 } });
    expect((await reopened.read(41, 3)).map((e) => e.seq)).toEqual([42, 43, 44]);
  });

  it('answers an empty batch with an empty range and journals nothing', async () => {
    const journal = await open();
    await valueOf(journal.appendLines('b1', lines('a')));
    expect(await valueOf(journal.appendLines('empty', []))).toEqual({ firstSeq: 2, lastSeq: 1, duplicate: false });
    expect(journal.lastSeq).toBe(1);
  });

  it('keeps appends in call order when they are not awaited one by one', async () => {
    const journal = await open();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => valueOf(journal.appendLines(`b${i}`, lines(`l${i}`)))),
    );
    expect(results.map((r) => r.firstSeq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(texts(await journal.read(0, 100))).toEqual(Array.from({ length: 20 }, (_, i) => `l${i}`));
  });

  it('notifies listeners after each append, and stops after the disposer runs', async () => {
    const journal = await open();
    const seen: number[] = [];
    const dispose = journal.onAppend(() => seen.push(journal.lastSeq));
    await valueOf(journal.appendLines('b1', lines('a', 'b')));
    dispose();
    await valueOf(journal.appendLines('b2', lines('c')));
    expect(seen).toEqual([2]);
  });

  it('creates the data directory and keeps the journal private', async () => {
    const nested = join(dir, 'a', 'b');
    const journal = await open({ dataDir: nested });
    await valueOf(journal.appendLines('b1', lines('a')));
    expect((await stat(join(nested, JOURNAL_FILE_NAME))).mode & 0o777).toBe(0o600);
  });
});
