import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../../../../installer-agent/src/journal/journal-record';
import type { AgentEvent } from '../../../../installer-agent/src/protocol/events';

const tricky =
  'quote " backslash \\ tab \t cr \r nl? no, esc \u001b[31m, nul \u0000, lone \ud800, emoji 🚀, U+2028 \u2028';

describe('journal record', () => {
  it('encodes line events exactly like JSON.stringify of the event and its batch mark, in the same key order', () => {
    const event: AgentEvent = { seq: 7, ts: '2024-05-01T12:00:00.000Z', kind: 'line', stream: 'stderr', text: tricky };
    expect(encodeRecord({ event })).toBe(JSON.stringify(event));
    expect(encodeRecord({ event, batch: { id: 'run."x"', size: 3 } })).toBe(
      JSON.stringify({ ...event, batchId: 'run."x"', batchSize: 3 }),
    );
    expect(decodeRecord(encodeRecord({ event, batch: { id: 'b', size: 2 } }))).toEqual({
      event,
      batch: { id: 'b', size: 2 },
    });
  });

  it('encodes the final token with the generic path', () => {
    const event: AgentEvent = {
      seq: 8,
      ts: 't',
      kind: 'final',
      result: 'failure',
      exitCode: null,
      signal: 'SIGKILL',
      message: tricky,
    };
    expect(encodeRecord({ event })).toBe(JSON.stringify(event));
    expect(decodeRecord(encodeRecord({ event }))).toEqual({ event });
  });
});
