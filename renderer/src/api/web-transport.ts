/**
 * KilnApi over web mode: commands are POSTs to /api/commands/<name>, events arrive as server-sent events
 * read with fetch (so the session token travels in a header, never in a URL that could be logged).
 */
import { createParser } from 'eventsource-parser';
import {
  commandNames,
  isEventName,
  type CommandName,
  type EventName,
  type KilnApi,
} from '../../../electron/common/contract';
import type { Result } from '../../../electron/common/result';

type Listener = (payload: unknown) => void;

export interface WebTransportOptions {
  baseUrl: string;
  token: string;
  /** Delay before reconnecting the event stream after it drops. */
  reconnectDelayMs?: number;
}

export function createWebApi(options: WebTransportOptions): KilnApi & { close(): void } {
  const listeners = new Map<EventName, Set<Listener>>();
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  let closed = false;
  let streamAbort: AbortController | null = null;

  async function call(name: CommandName, input: unknown): Promise<Result<unknown>> {
    try {
      const response = await fetch(`${options.baseUrl}/api/commands/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
      });
      if (response.status === 401) {
        return transportError(
          'Unauthorized',
          'This page is not signed in to the Kiln backend.',
          'Open the URL Kiln printed, including its #token part.',
        );
      }
      return (await response.json()) as Result<unknown>;
    } catch {
      return transportError(
        'BackendUnreachable',
        'The Kiln backend does not answer.',
        'Check that `npm start` is still running, then retry.',
      );
    }
  }

  function dispatch(event: string, data: string): void {
    if (!isEventName(event)) return;
    const payload: unknown = JSON.parse(data);
    for (const listener of listeners.get(event) ?? []) listener(payload);
  }

  async function readStream(): Promise<void> {
    while (!closed) {
      streamAbort = new AbortController();
      try {
        const response = await fetch(`${options.baseUrl}/api/events`, { headers, signal: streamAbort.signal });
        if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
        await consumeServerSentEvents(response.body, dispatch);
      } catch {
        // The stream dropped (backend restarted, network blip): reconnect below.
      }
      if (!closed) await new Promise((r) => setTimeout(r, options.reconnectDelayMs ?? 1_000));
    }
  }

  const api: Record<string, unknown> = {};
  for (const name of commandNames) api[name] = (input: unknown) => call(name, input);
  api.on = (event: EventName, listener: Listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  api.close = () => {
    closed = true;
    streamAbort?.abort();
  };
  void readStream();
  return api as KilnApi & { close(): void };
}

function transportError(code: string, message: string, remedy: string): Result<never> {
  return { ok: false, error: { code, message, remedy } };
}

/**
 * Reads a text/event-stream body with eventsource-parser, calling `onEvent(name, data)` for each complete event
 * (name `message` when the server sends none). An exception from `onEvent` ends the read, as a dropped stream does.
 */
export async function consumeServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: string) => void,
): Promise<void> {
  const parser = createParser({ onEvent: (message) => onEvent(message.event ?? 'message', message.data) });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let endsWithCr = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        // The parser waits for an LF that may follow a CR; at the end of the stream none will, so end the line.
        if (endsWithCr) parser.feed('\n');
        return;
      }
      const text = decoder.decode(value, { stream: true });
      if (text) endsWithCr = text.endsWith('\r');
      parser.feed(text);
    }
  } catch (error) {
    // Close the connection, so that the caller's reconnect does not leave this one open.
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}
