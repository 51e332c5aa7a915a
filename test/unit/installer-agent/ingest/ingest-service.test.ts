import { describe, expect, it, vi } from 'vitest';
import { createIngestService } from '../../../../installer-agent/src/ingest/ingest-service';
import type { Journal } from '../../../../installer-agent/src/journal/journal';
import { MAX_LINE_BYTES } from '../../../../installer-agent/src/protocol/events';

const NOW = '2024-05-01T12:00:00.000Z';

function service() {
  const appendLines = vi.fn(async (_batchId: string, _entries: Array<{ text: string }>) => ({
    ok: true as const,
    value: { firstSeq: 1, lastSeq: 1, duplicate: false },
  }));
  const appendFinal = vi.fn(async () => ({
    ok: true as const,
    value: {
      final: { seq: 2, ts: NOW, kind: 'final' as const, result: 'success' as const, exitCode: null, signal: null },
      duplicate: false,
    },
  }));
  const journal = { appendLines, appendFinal } as unknown as Journal;
  return { ingest: createIngestService({ journal, now: () => NOW }), appendLines, appendFinal };
}

describe('ingest service', () => {
  it('defaults the stream to log and the time to now, and keeps a given time', async () => {
    const { ingest, appendLines } = service();
    await ingest.ingestLines({
      batchId: 'b',
      lines: [{ text: 'a' }, { stream: 'stderr', text: 'b', ts: '2024-01-01T00:00:00Z' }],
    });
    expect(appendLines).toHaveBeenCalledWith('b', [
      { stream: 'log', text: 'a', ts: NOW },
      { stream: 'stderr', text: 'b', ts: '2024-01-01T00:00:00Z' },
    ]);
  });

  it('splits a line longer than MAX_LINE_BYTES into several entries', async () => {
    const { ingest, appendLines } = service();
    const long = 'é'.repeat(MAX_LINE_BYTES); // 2 bytes each: two full pieces
    await ingest.ingestLines({ batchId: 'b', lines: [{ text: long }] });
    const entries = appendLines.mock.calls[0][1];
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.text).join('')).toBe(long);
    for (const entry of entries) expect(Buffer.byteLength(entry.text)).toBeLessThanOrEqual(MAX_LINE_BYTES);
  });

  it('answers malformed bodies with a bad-request that names the field', async () => {
    const { ingest, appendLines } = service();
    expect(await ingest.ingestLines({ lines: [] })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('batchId') },
    });
    expect(await ingest.ingestLines({ batchId: 'b', lines: [{ text: 5 }] })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('lines[0].text') },
    });
    expect(await ingest.ingestLines({ batchId: 'b', lines: [{ text: 'x', ts: 'yesterday' }] })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('lines[0].ts') },
    });
    expect(await ingest.ingestFinal({ result: 'ok' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('result') },
    });
    expect(await ingest.ingestLines(undefined)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(appendLines).not.toHaveBeenCalled();
  });

  it('stamps the final token with the time it arrived', async () => {
    const { ingest, appendFinal } = service();
    await ingest.ingestFinal({ result: 'success' });
    expect(appendFinal).toHaveBeenCalledWith({
      ts: NOW,
      result: 'success',
      exitCode: null,
      signal: null,
      message: undefined,
    });
  });
});
