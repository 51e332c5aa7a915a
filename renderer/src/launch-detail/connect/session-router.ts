/**
 * Routes the backend's `connect.output` and `connect.closed` events to the session they belong to. The backend
 * may speak for a session before `connect.session.open` has answered (the login banner races the reply), so
 * while an open is in flight, events of sessions nobody claimed yet are held, up to a bound, and handed over
 * when the session attaches.
 */
import type { KilnError } from '../../../../electron/common/result';

export interface SessionListener {
  output(data: string): void;
  closed(error: KilnError | undefined): void;
}

export interface SessionRouter {
  output: (event: { sessionId: string; data: string }) => void;
  closed: (event: { sessionId: string; error?: KilnError }) => void;
  /** Holds unclaimed events until the returned release is called (call it once the open has answered). */
  hold(): () => void;
  /** Delivers the session's events to `listener`, first any held ones; the disposer stops them for good. */
  attach(sessionId: string, listener: SessionListener): () => void;
}

/** Unclaimed output kept while opens are in flight, over all sessions. */
export const MAX_HELD_CHARS = 256 * 1024;

interface Held {
  chunks: string[];
  closed?: { error: KilnError | undefined };
}

export function createSessionRouter(maxHeldChars = MAX_HELD_CHARS): SessionRouter {
  const listeners = new Map<string, SessionListener>();
  /** Sessions attached once and detached since: their late events are dropped, never held. */
  const finished = new Set<string>();
  const held = new Map<string, Held>();
  let heldChars = 0;
  let holds = 0;

  function holding(sessionId: string): Held | undefined {
    if (holds === 0 || finished.has(sessionId)) return undefined;
    let entry = held.get(sessionId);
    if (!entry) held.set(sessionId, (entry = { chunks: [] }));
    return entry;
  }

  /** Drops the oldest held sessions until the output fits the bound. */
  function trim(): void {
    for (const [sessionId, entry] of held) {
      if (heldChars <= maxHeldChars) return;
      heldChars -= entry.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      held.delete(sessionId);
    }
  }

  return {
    output({ sessionId, data }) {
      const listener = listeners.get(sessionId);
      if (listener) return listener.output(data);
      const entry = holding(sessionId);
      if (!entry) return;
      entry.chunks.push(data);
      heldChars += data.length;
      trim();
    },
    closed({ sessionId, error }) {
      const listener = listeners.get(sessionId);
      if (listener) return listener.closed(error);
      const entry = holding(sessionId);
      if (entry) entry.closed = { error };
    },
    hold() {
      holds += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        if (holds === 0) {
          held.clear();
          heldChars = 0;
        }
      };
    },
    attach(sessionId, listener) {
      listeners.set(sessionId, listener);
      const entry = held.get(sessionId);
      if (entry) {
        held.delete(sessionId);
        for (const chunk of entry.chunks) {
          heldChars -= chunk.length;
          listener.output(chunk);
        }
        if (entry.closed) listener.closed(entry.closed.error);
      }
      return () => {
        if (listeners.get(sessionId) === listener) listeners.delete(sessionId);
        finished.add(sessionId);
      };
    },
  };
}
