// The web transport's event-stream reading: what the server's text/event-stream body turns into, however the
// network splits it. The server side of the stream is covered end to end in test/unit/server/web-server.test.ts.
import { describe, expect, it } from 'vitest';
import { consumeServerSentEvents } from '../../../../renderer/src/api/web-transport';

/** A body that yields the given byte chunks, and records whether the reader cancelled it. */
function body(chunks: Uint8Array[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

/** The text's bytes cut every `size` bytes, so that lines, events and UTF-8 characters straddle chunks. */
function cut(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

async function read(chunks: Uint8Array[]): Promise<Array<[string, string]>> {
  const events: Array<[string, string]> = [];
  await consumeServerSentEvents(body(chunks).stream, (event, data) => events.push([event, data]));
  return events;
}

const STREAM =
  'event: launch-changed\ndata: {"id":"a","name":"Größe 🔥"}\n\n' +
  ': keep-alive\n\n' +
  'event: log-lines\ndata: [1,\ndata: 2]\n\n' +
  'data:no space after the colon\n\n' +
  'event: nothing-to-say\n\n' +
  'id: 7\nretry: 1000\nevent: last\ndata: {}\n\n';

const EXPECTED: Array<[string, string]> = [
  ['launch-changed', '{"id":"a","name":"Größe 🔥"}'],
  ['log-lines', '[1,\n2]'],
  ['message', 'no space after the colon'],
  ['last', '{}'],
];

describe('consumeServerSentEvents', () => {
  it('reads named events, multi-line data and the default name, skipping comments and events without data', async () => {
    expect(await read(cut(STREAM, 1 << 20))).toEqual(EXPECTED);
  });

  it.each([1, 2, 3, 7, 64])('gives the same events when the body arrives in %i-byte chunks', async (size) => {
    expect(await read(cut(STREAM, size))).toEqual(EXPECTED);
  });

  it('reads CRLF and CR line endings as the event-stream format allows', async () => {
    expect(await read(cut(STREAM.replaceAll('\n', '\r\n'), 5))).toEqual(EXPECTED);
    expect(await read(cut(STREAM.replaceAll('\n', '\r'), 5))).toEqual(EXPECTED);
  });

  it('drops an event the stream ended in the middle of', async () => {
    expect(await read(cut('event: a\ndata: 1\n\nevent: b\ndata: 2', 4))).toEqual([['a', '1']]);
    expect(await read(cut('event: a\rdata: 1\r\revent: b\rdata: 2\r', 4))).toEqual([['a', '1']]);
  });

  it('stops at a handler that throws, and closes the body so that a reconnect leaves no stream open', async () => {
    const { stream, cancelled } = body(cut('data: not json\n\ndata: 2\n\n', 3));
    const seen: string[] = [];
    await expect(
      consumeServerSentEvents(stream, (_event, data) => {
        seen.push(data);
        JSON.parse(data);
      }),
    ).rejects.toThrow(SyntaxError);
    expect(seen).toEqual(['not json']);
    expect(cancelled()).toBe(true);
  });
});
