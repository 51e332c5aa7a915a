/**
 * The contract of a running Kiln over its loopback API, as web mode serves it to the browser: commands are POSTs to
 * /api/commands/<name> with the session token, events a server-sent event stream read with fetch (the token in a
 * header, never in a URL).
 */
import { createParser } from 'eventsource-parser';
import { isEventName, type EventName, type EventPayload } from '../common/contract';
import type { Result } from '../common/result';
import type { ApiEndpoint } from '../core/store/api-endpoint-file';
import type { CliBackend, CliEventListener } from './cli-backend';

export function createRemoteBackend(endpoint: ApiEndpoint): CliBackend {
  const headers = { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' };
  const listeners = new Set<CliEventListener>();
  let stream: AbortController | undefined;
  let closed = false;

  async function readEvents(): Promise<void> {
    while (!closed) {
      stream = new AbortController();
      try {
        const response = await fetch(`${endpoint.url}/api/events`, { headers, signal: stream.signal });
        if (!response.ok || !response.body) throw new Error(`the event stream answered ${response.status}`);
        const parser = createParser({
          onEvent: ({ event, data }) => {
            if (!event || !isEventName(event)) return;
            const payload = JSON.parse(data) as EventPayload<EventName>;
            for (const listener of listeners) listener(event, payload);
          },
        });
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        for (;;) {
          const { value, done } = (await reader.read()) as { value?: Uint8Array; done: boolean };
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // The stream dropped (Kiln restarting): the followers poll meanwhile; reconnect below.
      }
      if (!closed) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  return {
    mode: 'remote',
    description: `the Kiln running as pid ${endpoint.pid} (${endpoint.url})`,
    async call(name, input) {
      try {
        const response = await fetch(`${endpoint.url}/api/commands/${name}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
        });
        if (response.status === 401)
          return failure('Unauthorized', `The Kiln running as pid ${endpoint.pid} refused the session token.`);
        return (await response.json()) as Result<never>;
      } catch {
        return failure('BackendUnreachable', `The Kiln running as pid ${endpoint.pid} stopped answering.`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!stream) void readEvents();
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      stream?.abort();
      return Promise.resolve();
    },
  };
}

function failure(code: string, message: string): Result<never> {
  return {
    ok: false,
    error: { code, message, remedy: 'Check that Kiln is still running, then run the command again.' },
  };
}

/** Whether the published endpoint answers a cheap command with its token within `timeoutMs`. */
export async function endpointAnswers(endpoint: ApiEndpoint, timeoutMs = 10_000): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint.url}/api/commands/app.notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok && ((await response.json()) as { ok?: unknown }).ok === true;
  } catch {
    return false;
  }
}
