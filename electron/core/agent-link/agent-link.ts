/**
 * Kiln's side of the agent link: long-polls the agent for events after the saved cursor, hands new lines over in
 * sequence order (never twice), reconnects with backoff and jitter, and reports what it is waiting for.
 */
import {
  AGENT_API,
  EventsResponse,
  type AgentFinalEvent,
  type AgentLineEvent,
} from '../../../installer-agent/src/protocol';
import type { AgentLinkStatus } from '../../common/models';
import { agentGet, CertificateMismatchError, type PinnedCertificate } from './agent-http';

export interface AgentLinkOptions {
  /** Base URL of the agent (e.g. https://127.8.9.10:8443), or undefined while the instance has no address. */
  baseUrl: () => string | undefined;
  token: string;
  /** The certificate generated for this launch; required for https URLs. */
  pin?: PinnedCertificate;
  cursor: number;
  /** Called with new lines in order; the link advances its cursor only after this resolves. */
  onLines: (lines: AgentLineEvent[], cursor: number) => Promise<void>;
  onFinal: (final: AgentFinalEvent) => Promise<void>;
  onStatus: (status: AgentLinkStatus) => void;
  /** Called once, when the agent first answered with the pinned certificate and accepted the token. */
  onConnected?: () => void;
  waitMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  get?: typeof agentGet;
  now?: () => Date;
}

export interface AgentLink {
  stop(): void;
  /** Resolves when the link stops (final token received, or stop()). */
  readonly done: Promise<void>;
}

export function startAgentLink(options: AgentLinkOptions): AgentLink {
  const controller = new AbortController();
  const done = runLink(options, controller.signal);
  return { stop: () => controller.abort(), done };
}

async function runLink(options: AgentLinkOptions, signal: AbortSignal): Promise<void> {
  const get = options.get ?? agentGet;
  const now = options.now ?? (() => new Date());
  const waitMs = options.waitMs ?? 20_000;
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  let cursor = options.cursor;
  let failures = 0;
  let lastState: AgentLinkStatus['state'] | undefined;
  let unreachableSince: number | undefined;
  let connectedOnce = false;

  const status = (state: AgentLinkStatus['state'], detail?: string) => {
    if (state === lastState && state !== 'unreachable') return;
    lastState = state;
    options.onStatus({ state, detail, since: now().toISOString() });
  };

  while (!signal.aborted) {
    const base = options.baseUrl();
    if (!base) {
      status('waiting-for-instance', 'The instance has no reachable address yet.');
      await sleep(1_000, signal);
      continue;
    }
    if (lastState === undefined || lastState === 'waiting-for-instance')
      status('connecting', `Connecting to the agent at ${base}`);
    try {
      const url = `${base}${AGENT_API.events}?after=${cursor}&waitMs=${waitMs}`;
      const response = await get(url, {
        headers: { authorization: `Bearer ${options.token}` },
        pin: options.pin,
        signal,
        timeoutMs: waitMs + 15_000,
      });
      if (response.status === 401 || response.status === 403) {
        status('unauthorized', `The agent refused Kiln's token (HTTP ${response.status}).`);
        await sleep(30_000, signal);
        continue;
      }
      if (response.status !== 200) throw new Error(`the agent answered HTTP ${response.status}`);
      const body = EventsResponse.parse(response.body);
      if (!connectedOnce) {
        connectedOnce = true;
        options.onConnected?.();
      }
      failures = 0;
      unreachableSince = undefined;
      status('streaming');
      const fresh = body.events.filter((event) => event.seq > cursor).sort((a, b) => a.seq - b.seq);
      const lines = fresh.filter((event): event is AgentLineEvent => event.kind === 'line');
      const last = lines.at(-1);
      if (last) {
        await options.onLines(lines, last.seq);
        cursor = last.seq;
      }
      const final = fresh.find((event): event is AgentFinalEvent => event.kind === 'final');
      if (final) {
        await options.onFinal(final);
        status('finished');
        return;
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof CertificateMismatchError) {
        // Someone else answers at the agent's address (or a proxy intercepts): never send the token there.
        status('tls-mismatch', error.message);
        await sleep(15_000, signal);
        continue;
      }
      failures += 1;
      unreachableSince ??= Date.now();
      const seconds = Math.round((Date.now() - unreachableSince) / 1_000);
      status('unreachable', `Agent not reachable yet (${seconds} s): ${describe(error)}`);
      const backoff = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures - 1, 8));
      await sleep(backoff * (0.5 + Math.random() * 0.5), signal);
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
