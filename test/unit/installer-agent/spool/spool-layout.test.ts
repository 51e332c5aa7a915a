import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Fifo } from '../../../../installer-agent/src/spool/fifo';
import {
  claimOrphans,
  listSegments,
  ownerPid,
  processIsAlive,
  segmentFileName,
  spoolDirName,
} from '../../../../installer-agent/src/spool/spool-layout';
import { decodeBatch, encodeBatch } from '../../../../installer-agent/src/run/encoded-batch';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-spool-layout-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('spool layout', () => {
  it('names directories <name>-<pid> with a pid that can be read back', () => {
    expect(spoolDirName('install', 4242)).toBe('install-4242');
    expect(spoolDirName('my-setup 2', 7)).toBe('my_setup_2-7');
    expect(spoolDirName(undefined, 7)).toBe('run-7');
    expect(ownerPid('my_setup_2-7')).toBe(7);
    expect(ownerPid('claim-x')).toBeNull();
  });

  it('names segments so that name order is capture order', () => {
    const names = [segmentFileName(2_000, 5, 1), segmentFileName(1_000, 9, 10), segmentFileName(1_000, 9, 2)];
    expect([...names].sort()).toEqual([names[2], names[1], names[0]]);
  });

  it('claims directories of dead processes only, and lists segments of claimed directories first', async () => {
    const own = join(root, 'install-3');
    await mkdir(own);
    await mkdir(join(root, 'install-1'));
    await mkdir(join(root, 'install-2'));
    await mkdir(join(root, 'not-a-spool'));
    await writeFile(join(root, 'install-1', segmentFileName(100, 1, 1)), '');
    await writeFile(join(root, 'install-2', segmentFileName(200, 2, 1)), '');
    await writeFile(join(own, segmentFileName(300, 3, 1)), '');
    await writeFile(join(own, 'unrelated.txt'), '');
    expect(await claimOrphans(root, own, (pid) => pid === 2)).toEqual(['install-1']);
    expect((await readdir(root)).sort()).toEqual(['install-2', 'install-3', 'not-a-spool']);
    expect((await listSegments(own)).map((path) => basename(path))).toEqual([
      segmentFileName(100, 1, 1),
      segmentFileName(300, 3, 1),
    ]);
  });

  it('knows this process is alive and an unused pid is not', () => {
    expect(processIsAlive(process.pid)).toBe(true);
    expect(processIsAlive(2 ** 22 + 12_345)).toBe(false);
  });

  it('encodes a batch once as the ingest body, one line, and refuses torn or foreign records', () => {
    const lines = [{ stream: 'stderr' as const, text: '\ufffd\r\u001b[0m\n?', ts: 't' }];
    const encoded = encodeBatch({ batchId: 'x.1', bytes: 4, lines });
    expect(encoded.body.at(-1)).toBe(10);
    expect(encoded.body.indexOf(10)).toBe(encoded.body.length - 1);
    expect(JSON.parse(encoded.body.toString('utf8'))).toEqual({ batchId: 'x.1', lines });
    expect(decodeBatch(encoded.body)).toEqual({ batchId: 'x.1', lineCount: 1, body: encoded.body });
    expect(decodeBatch(encoded.body.subarray(0, encoded.body.length - 5))).toBeNull();
    expect(decodeBatch(Buffer.from('{"batchId":"x","lines":[{"stream":"nope","text":"","ts":""}]}'))).toBeNull();
  });

  it('fifo keeps order across compactions', () => {
    const fifo = new Fifo<number>();
    const out: number[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      fifo.push(i);
      if (i % 3 === 0) out.push(fifo.shift()!);
    }
    while (fifo.length > 0) out.push(fifo.shift()!);
    expect(out).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(fifo.shift()).toBeUndefined();
  });
});
