import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../../installer-agent/src/logger';
import { encodeBatch, type EncodedBatch } from '../../../../installer-agent/src/run/encoded-batch';
import { openDiskSpool, type DiskSpoolOptions } from '../../../../installer-agent/src/spool/disk-spool';
import { listSegments } from '../../../../installer-agent/src/spool/spool-layout';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-spool-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const TS = '2024-05-01T12:00:00.000Z';
const batch = (n: number, text = `line ${n}`): EncodedBatch =>
  encodeBatch({
    batchId: `b.${n}`,
    lines: [
      { stream: 'stdout', text, ts: TS },
      { stream: 'stderr', text: `${text} (err)`, ts: TS },
    ],
    bytes: 0,
  });

function recordingLog(): Logger & { messages: string[] } {
  const messages: string[] = [];
  return {
    messages,
    info: (m) => messages.push(`info: ${m}`),
    warn: (m) => messages.push(`warn: ${m}`),
    error: (m) => messages.push(`error: ${m}`),
  };
}

const open = (dir: string, extra: Partial<DiskSpoolOptions> = {}) =>
  openDiskSpool({ dir, log: recordingLog(), fsync: false, isAlive: () => true, ...extra });

/** Peeks and acknowledges everything, returning the batch ids in delivery order. */
async function drain(spool: Awaited<ReturnType<typeof open>>): Promise<string[]> {
  const ids: string[] = [];
  for (let next = await spool.peek(); next; next = await spool.peek()) {
    ids.push(next.batchId);
    await spool.acknowledge(next.batchId);
  }
  return ids;
}

describe('disk spool', () => {
  it('hands batches back in order, identical to what was pushed, and removes its directory once all are acknowledged', async () => {
    const dir = join(root, 'spool', 'install-1');
    const spool = await open(dir, { fsync: true });
    for (let n = 1; n <= 5; n += 1)
      await spool.push(batch(n, n === 3 ? 'emoji 🚀 \u001b[31mred\u001b[0m \r50%' : undefined));
    expect(spool.pendingBatches).toBe(5);
    expect(spool.pendingBytes).toBe(
      [1, 2, 3, 4, 5].reduce(
        (sum, n) => sum + batch(n, n === 3 ? 'emoji 🚀 \u001b[31mred\u001b[0m \r50%' : undefined).body.length,
        0,
      ),
    );
    expect(spool.memoryBytes).toBe(0);
    expect(await spool.peek()).toEqual(batch(1));
    await expect(spool.acknowledge('b.2')).rejects.toThrow(/not the oldest/);
    expect(await drain(spool)).toEqual(['b.1', 'b.2', 'b.3', 'b.4', 'b.5']);
    expect(spool.pendingBytes).toBe(0);
    expect(await spool.close()).toEqual({ pendingBatches: 0 });
    expect(await readdir(join(root, 'spool'))).toEqual([]);
  });

  it('reads batches back from disk when they are not cached, and deletes full segments once acknowledged', async () => {
    const dir = join(root, 'run-2');
    const spool = await open(dir, { cacheBytes: 0, segmentMaxBatches: 2 });
    for (let n = 1; n <= 5; n += 1) await spool.push(batch(n));
    expect(await listSegments(dir)).toHaveLength(3);
    const first = await spool.peek();
    expect(first).toEqual(batch(1));
    await spool.acknowledge('b.1');
    await spool.acknowledge((await spool.peek())!.batchId);
    expect(await listSegments(dir)).toHaveLength(2);
    const rest: EncodedBatch[] = [];
    for (let next = await spool.peek(); next; next = await spool.peek()) {
      // A body read back from disk is only valid until acknowledged (the read buffer is reused): keep a copy.
      rest.push({ ...next, body: Buffer.from(next.body) });
      await spool.acknowledge(next.batchId);
    }
    expect(rest).toEqual([batch(3), batch(4), batch(5)]);
    await spool.close();
  });

  it('keeps what was not acknowledged on close, and a spool reopened on the directory resends it in order', async () => {
    const dir = join(root, 'run-3');
    const first = await open(dir, { segmentMaxBatches: 2 });
    for (let n = 1; n <= 5; n += 1) await first.push(batch(n));
    await first.acknowledge((await first.peek())!.batchId);
    await first.acknowledge((await first.peek())!.batchId);
    await first.acknowledge((await first.peek())!.batchId);
    expect(await first.close()).toEqual({ pendingBatches: 2, path: dir });

    // Batch 3 was acknowledged but shares a segment with batch 4: it is resent, and serve recognizes its id.
    const log = recordingLog();
    const second = await open(dir, { log });
    expect(second.recoveredBatches).toBe(3);
    expect(log.messages).toContain('info: resending 6 line(s) an earlier run captured but did not deliver');
    await second.push(batch(6));
    expect(await drain(second)).toEqual(['b.3', 'b.4', 'b.5', 'b.6']);
    await second.close();
  });

  it('ignores a torn record at the end of a segment (a crash in the middle of a write)', async () => {
    const dir = join(root, 'run-4');
    const first = await open(dir);
    await first.push(batch(1));
    await first.push(batch(2));
    await first.close();
    const [segment] = await listSegments(dir);
    await appendFile(segment, '{"batchId":"b.3","lines":[{"str');
    const log = recordingLog();
    const second = await open(dir, { log });
    expect(await drain(second)).toEqual(['b.1', 'b.2']);
    expect(log.messages.some((m) => /warn: spool .*ignored \d+ bytes after its last intact record/.test(m))).toBe(true);
    await second.close();
  });

  it('takes over the spool of a run that is gone and resends it before its own batches', async () => {
    const spoolRoot = join(root, 'spool');
    let now = 1_000;
    const crashed = await open(join(spoolRoot, 'install-111'), { pid: 111, now: () => now });
    await crashed.push(batch(1));
    await crashed.push(batch(2));
    await crashed.close();
    const alive = await open(join(spoolRoot, 'other-222'), { pid: 222 });
    await alive.push(batch(99));
    await alive.close();

    now = 2_000;
    const log = recordingLog();
    const spool = await open(join(spoolRoot, 'install-333'), {
      pid: 333,
      now: () => now,
      log,
      isAlive: (pid) => pid !== 111,
    });
    expect(log.messages).toContain('info: taking over the spool of an earlier run that did not finish (install-111)');
    await spool.push(batch(3));
    expect(await drain(spool)).toEqual(['b.1', 'b.2', 'b.3']);
    await spool.close();
    expect((await readdir(spoolRoot)).sort()).toEqual(['other-222']);
  });

  it('falls back to memory, in order and with a warning, when the disk refuses a write', async () => {
    const dir = join(root, 'run-5');
    const log = recordingLog();
    const spool = await open(dir, { log, segmentMaxBatches: 1 });
    await spool.push(batch(1));
    await rm(dir, { recursive: true, force: true });
    await spool.push(batch(2));
    expect(log.messages.some((m) => m.startsWith(`warn: cannot write the spool in ${dir}`))).toBe(true);
    expect(spool.memoryBytes).toBe(batch(2).body.length);
    expect(await drain(spool)).toEqual(['b.1', 'b.2']);
    expect(spool.memoryBytes).toBe(0);
    await spool.close();
  });
});
