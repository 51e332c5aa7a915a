import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeliveryResult, IngestClient } from '../../../../installer-agent/src/client/ingest-client';
import { silentLogger } from '../../../../installer-agent/src/logger';
import type { IngestLinesRequest, IngestLinesResponse } from '../../../../installer-agent/src/protocol/events';
import { createLinePipeline, type Backlog } from '../../../../installer-agent/src/run/line-pipeline';
import { openDiskSpool } from '../../../../installer-agent/src/spool/disk-spool';

const TS = '2024-05-01T12:00:00.000Z';
const fast = { initialMs: 1, maxMs: 2, maxAttempts: Infinity };

/** A fake agent that is down for the first `downFor` posts, then journals batches idempotently. */
function fakeAgent(
  downFor = 0,
  onPost?: (body: IngestLinesRequest) => DeliveryResult<IngestLinesResponse> | undefined,
) {
  const posts: IngestLinesRequest[] = [];
  const journaled: string[] = [];
  const seen = new Set<string>();
  const client: Pick<IngestClient, 'postEncodedLines' | 'baseUrl'> = {
    baseUrl: 'http://127.0.0.1:1',
    async postEncodedLines(encoded) {
      const body = JSON.parse(encoded.toString('utf8')) as IngestLinesRequest;
      posts.push(body);
      const forced = onPost?.(body);
      if (forced) return forced;
      if (posts.length <= downFor)
        return { ok: false, error: { code: 'unreachable', message: 'down', retryable: true } };
      if (!seen.has(body.batchId)) {
        seen.add(body.batchId);
        journaled.push(...body.lines.map((line) => line.text));
      }
      return { ok: true, value: { firstSeq: 1, lastSeq: 1, duplicate: false } };
    },
  };
  return { client, posts, journaled };
}

describe('line pipeline', () => {
  it('delivers every line in order, in batches of at most maxLines, resending the same batch id while the agent is down', async () => {
    const agent = fakeAgent(3);
    const pipeline = createLinePipeline({
      client: agent.client,
      retry: fast,
      log: silentLogger,
      idPrefix: 't',
      batch: { maxLines: 10 },
    });
    const texts = Array.from({ length: 35 }, (_, i) => `line ${i}`);
    for (const text of texts) pipeline.add({ stream: 'stdout', text, ts: TS });
    expect(await pipeline.finish()).toEqual({ ok: true });
    expect(agent.journaled).toEqual(texts);
    expect(Math.max(...agent.posts.map((p) => p.lines.length))).toBeLessThanOrEqual(10);
    expect(agent.posts.slice(0, 4).map((p) => p.batchId)).toEqual(['t.1', 't.1', 't.1', 't.1']);
    expect(pipeline.pendingBytes).toBe(0);
  });

  it('seals a partial batch after the delay without waiting for more lines', async () => {
    const agent = fakeAgent();
    const pipeline = createLinePipeline({
      client: agent.client,
      retry: fast,
      log: silentLogger,
      idPrefix: 't',
      batch: { maxDelayMs: 10 },
    });
    pipeline.add({ stream: 'stdout', text: 'alone', ts: TS });
    const deadline = Date.now() + 2_000;
    while (agent.journaled.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(agent.journaled).toEqual(['alone']);
    await pipeline.finish();
  });

  it('stops with the failure when retries are used up', async () => {
    const agent = fakeAgent(Infinity);
    let stopped = '';
    const pipeline = createLinePipeline({
      client: agent.client,
      retry: { initialMs: 1, maxMs: 1, maxAttempts: 3 },
      log: silentLogger,
      idPrefix: 't',
      onStop: (failure) => (stopped = failure.message),
    });
    pipeline.add({ stream: 'log', text: 'x', ts: TS });
    expect(await pipeline.finish()).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(agent.posts).toHaveLength(3);
    expect(stopped).toBe('down');
  });

  it('drops a batch the agent refuses for good and goes on (run), or stops (log)', async () => {
    const refuse = (body: IngestLinesRequest): DeliveryResult<IngestLinesResponse> | undefined =>
      body.lines.some((line) => line.text === 'bad')
        ? { ok: false, error: { code: 'rejected', message: '409', retryable: false } }
        : undefined;
    const agent = fakeAgent(0, refuse);
    const pipeline = createLinePipeline({
      client: agent.client,
      retry: fast,
      log: silentLogger,
      idPrefix: 't',
      batch: { maxLines: 1 },
    });
    for (const text of ['a', 'bad', 'c']) pipeline.add({ stream: 'log', text, ts: TS });
    expect(await pipeline.finish()).toEqual({ ok: true });
    expect(agent.journaled).toEqual(['a', 'c']);

    const strict = fakeAgent(0, refuse);
    const stopping = createLinePipeline({
      client: strict.client,
      retry: fast,
      log: silentLogger,
      idPrefix: 't',
      batch: { maxLines: 1 },
      onRejected: 'stop',
    });
    for (const text of ['a', 'bad', 'c']) stopping.add({ stream: 'log', text, ts: TS });
    expect(await stopping.finish()).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(strict.journaled).toEqual(['a']);
  });
});

describe('line pipeline with the disk spool', () => {
  it('keeps lines on disk (not in memory) while the agent is down, then delivers them in order and leaves nothing behind', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kiln-pipeline-'));
    try {
      const dir = join(root, 'spool', 'install-1');
      const spool = await openDiskSpool({ dir, log: silentLogger, fsync: false, cacheBytes: 0 });
      let up = false;
      const agent = fakeAgent(0, () =>
        up ? undefined : { ok: false, error: { code: 'unreachable', message: 'down', retryable: true } },
      );
      const backlogs: Backlog[] = [];
      const pipeline = createLinePipeline({
        client: agent.client,
        retry: fast,
        log: silentLogger,
        idPrefix: 't',
        spool,
        batch: { maxLines: 100 },
        onBacklog: (backlog) => backlogs.push(backlog),
      });
      const texts = Array.from({ length: 2_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
      for (const text of texts) pipeline.add({ stream: i2s(text), text, ts: TS });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(spool.pendingBatches).toBe(20);
      expect(spool.memoryBytes).toBe(0);
      expect(backlogs.at(-1)).toMatchObject({ memoryBytes: 0 });
      // Counted as encoded (the JSON bodies on disk), so more than the text itself.
      expect(backlogs.at(-1)!.pendingBytes).toBe(spool.pendingBytes);
      expect(spool.pendingBytes).toBeGreaterThan(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
      up = true;
      expect(await pipeline.finish()).toEqual({ ok: true });
      expect(agent.journaled).toEqual(texts);
      expect(await spool.close()).toEqual({ pendingBatches: 0 });
      expect(await readdir(join(root, 'spool'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

const i2s = (text: string): 'stdout' | 'stderr' => (text.length % 2 === 0 ? 'stdout' : 'stderr');
