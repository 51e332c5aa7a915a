/**
 * One terminal tab's session, imperatively: opens a session at the terminal's size, routes its output into the
 * terminal, sends typed data (coalesced, in order) and size changes (debounced), notices its end, reconnects in
 * the same terminal, and closes it when the tab goes. State changes are reported as SessionActions.
 */
import type { KilnApi } from '../../../../electron/common/contract';
import type { TerminalSession } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { callCommand } from '../../common/call-command';
import { createInputCoalescer, type InputCoalescer } from './input-coalescer';
import type { SessionRouter } from './session-router';
import type { SessionAction } from './session-state';
import type { SessionTerminal, SessionTerminalEvents, TerminalSize } from './session-terminal';

/** A resize is sent once the size has held this long (dragging a window fires many). */
export const RESIZE_DEBOUNCE_MS = 150;

export interface SessionControllerDeps {
  api: KilnApi;
  launchId: string;
  router: SessionRouter;
  /** Creates the terminal (bound to its host element). */
  createTerminal: (events: SessionTerminalEvents) => SessionTerminal;
  onAction: (action: SessionAction) => void;
}

export interface SessionController {
  /** Opens a session (the first, or a reconnect); output continues below what the terminal shows. */
  open(): Promise<void>;
  /** Closes the session, if one is open, and the terminal. */
  dispose(): void;
}

interface LiveSession {
  sessionId: string;
  input: InputCoalescer;
  /** The size the backend knows. */
  size: TerminalSize;
  detach(): void;
}

const dim = (text: string) => `\r\n\u001b[2m[${text}]\u001b[0m\r\n`;

export function createSessionController({
  api,
  launchId,
  router,
  createTerminal,
  onAction,
}: SessionControllerDeps): SessionController {
  let live: LiveSession | undefined;
  let disposed = false;
  let generation = 0;
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;

  const terminal = createTerminal({
    onData: (data) => live?.input.push(data),
    onResize: () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => void sendResize(), RESIZE_DEBOUNCE_MS);
    },
  });

  async function sendResize(): Promise<void> {
    const session = live;
    const size = terminal.size();
    if (!session || (size.cols === session.size.cols && size.rows === session.size.rows)) return;
    session.size = size;
    // A failure here means the session is going; its closed event says why.
    await callCommand(api, 'connect.session.resize', { sessionId: session.sessionId, ...size });
  }

  async function write(sessionId: string, data: string): Promise<void> {
    const result = await callCommand(api, 'connect.session.write', { sessionId, data });
    if (!result.ok && live?.sessionId === sessionId) {
      ended(sessionId, result.error);
      void callCommand(api, 'connect.session.close', { sessionId });
    }
  }

  /** The session is over (the backend said so, or it stopped taking input). */
  function ended(sessionId: string, error: KilnError | undefined): void {
    if (live?.sessionId !== sessionId) return;
    live.input.dispose();
    live.detach();
    live = undefined;
    terminal.write(dim(error ? `Disconnected: ${error.message}` : 'The session ended'));
    onAction({ type: 'closed', sessionId, error });
  }

  function attach(session: TerminalSession, size: TerminalSize): void {
    const { sessionId } = session;
    const entry: LiveSession = {
      sessionId,
      size,
      input: createInputCoalescer({ send: (data) => write(sessionId, data) }),
      detach: () => {},
    };
    live = entry;
    onAction({ type: 'opened', session });
    // Attaching replays what the session said before the open answered, perhaps its end.
    const detach = router.attach(sessionId, {
      output: (data) => terminal.write(data),
      closed: (error) => ended(sessionId, error),
    });
    if (live === entry) entry.detach = detach;
    else detach();
  }

  return {
    async open() {
      if (disposed || live) return;
      const attempt = ++generation;
      if (attempt > 1) terminal.write(dim('Reconnecting'));
      onAction({ type: 'open' });
      const release = router.hold();
      const size = terminal.size();
      try {
        const result = await callCommand(api, 'connect.session.open', { launchId, ...size });
        if (disposed || attempt !== generation) {
          if (result.ok) void callCommand(api, 'connect.session.close', { sessionId: result.value.sessionId });
          return;
        }
        if (!result.ok) return onAction({ type: 'open-failed', error: result.error });
        attach(result.value, size);
        if (live) {
          void sendResize();
          terminal.focus();
        }
      } finally {
        release();
      }
    },
    dispose() {
      disposed = true;
      clearTimeout(resizeTimer);
      if (live) {
        const { sessionId } = live;
        live.input.dispose();
        live.detach();
        live = undefined;
        void callCommand(api, 'connect.session.close', { sessionId });
      }
      terminal.dispose();
    },
  };
}
