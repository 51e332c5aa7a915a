import { describe, expect, it } from 'vitest';
import type { DeliveryResult, IngestClient } from '../../../../installer-agent/src/client/ingest-client';
import { silentLogger } from '../../../../installer-agent/src/logger';
import type { IngestLinesRequest, IngestLinesResponse } from '../../../../installer-agent/src/protocol/events';
import { createLinePipeline } from '../../../../installer-agent/src/run/line-pipeline';

const TS = '2024-05-01T12:00:00.000Z';
const fast = { initialMs: 1, maxMs: 2, maxAttempts: Infinity };

/** A fake agent that is down for the first `downFor` posts, then journals batches idempotently. */
function fakeAgent(downFor = 0, onPost?: (body: IngestLinesRequest) => DeliveryResult<IngestLinesResponse> | undefined) {
  const posts: IngestLinesRequest[] = [];
  const journaled: string[] = [];
  const seen = new Set<string>();
  const client: Pick<IngestClient, 'postLines' | 'baseUrl'> = {
    baseUrl: 'http://127.0.0.1:1',
    async postLines(body) {
      posts.push(body);
      const forced = onPost?.(body);
      if (forced) return forced;
      if (posts.length <= downFor) return { ok: false, error: { code: 'unreachable', message: 'down', retryable: true } };
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
    const pipeline = createLinePipeline({ client: agent.client, retry: fast, log: silentLogger, idPrefix: 't', batch: { maxLines: 10 } });
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
    const pipeline = createLinePipeline({ client: agent.client, retry: fast, log: silentLogger, idPrefix: 't', batch: { maxDelayMs: 10 } });
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
      body.lines.some((line) => line.text === 'bad') ? { ok: false, error: { code: 'rejected', message: '409', retryable: false } } : undefined;
    const agent = fakeAgent(0, refuse);
    const pipeline = createLinePipeline({ client: agent.client, retry: fast, log: silentLogger, idPrefix: 't', batch: { maxLines: 1 } });
    for (const text of ['a', 'bad', 'c']) pipeline.add({ stream: 'log', text, ts: TS });
    expect(await pipeline.finish()).toEqual({ ok: true });
    expect(agent.journaled).toEqual(['a', 'c']);

    const strict = fakeAgent(0, refuse);
    const stopping = createLinePipeline({ client: strict.client, retry: fast, log: silentLogger, idPrefix: 't', batch: { maxLines: 1 }, onRejected: 'stop' });
    for (const text of ['a', 'bad', 'c']) stopping.add({ stream: 'log', text, ts: TS });
    expect(await stopping.finish()).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(strict.journaled).toEqual(['a']);
  });
});
