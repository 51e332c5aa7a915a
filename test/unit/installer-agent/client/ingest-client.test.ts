import { describe, expect, it } from 'vitest';
import { interpretAnswer } from '../../../../installer-agent/src/client/ingest-client';
import { IngestLinesResponse } from '../../../../installer-agent/src/protocol/events';

const error = (code: string, message: string): string => JSON.stringify({ error: { code, message } });

describe('interpretAnswer', () => {
  it('parses a 2xx body with the response schema', () => {
    const body = JSON.stringify({ firstSeq: 1, lastSeq: 2, duplicate: false });
    expect(interpretAnswer({ status: 200, body }, IngestLinesResponse)).toEqual({
      ok: true,
      value: { firstSeq: 1, lastSeq: 2, duplicate: false },
    });
    expect(interpretAnswer({ status: 200, body: 'nope' }, IngestLinesResponse)).toMatchObject({
      ok: false,
      error: { code: 'bad-response', retryable: false },
    });
  });

  it('retries 5xx, 408 and 429, not other 4xx, and keeps the agent error code', () => {
    expect(
      interpretAnswer({ status: 503, body: error('journal-unavailable', 'disk full') }, IngestLinesResponse),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'server-error',
        retryable: true,
        agentCode: 'journal-unavailable',
        message: 'The agent answered 503: disk full',
      },
    });
    expect(interpretAnswer({ status: 429, body: '' }, IngestLinesResponse)).toMatchObject({
      ok: false,
      error: { retryable: true },
    });
    expect(
      interpretAnswer({ status: 409, body: error('already-finished', 'done') }, IngestLinesResponse),
    ).toMatchObject({
      ok: false,
      error: { code: 'rejected', retryable: false, status: 409, agentCode: 'already-finished' },
    });
  });
});
