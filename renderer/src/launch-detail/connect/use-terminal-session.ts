/** One terminal tab's session as React state: the controller lives as long as the tab, Reconnect reuses it. */
import { useCallback, useContext, useEffect, useReducer, useRef, useState, type RefObject } from 'react';
import { useKilnApi } from '../../common/api-context';
import { createSessionController, type SessionController } from './session-controller';
import type { SessionRouter } from './session-router';
import { initialSessionState, sessionReducer, type SessionState } from './session-state';
import { SessionTerminalContext } from './session-terminal';

export interface TerminalSessionControls {
  state: SessionState;
  /** Opens a new session in the same terminal; absent when the terminal itself could not start. */
  reconnect: (() => void) | undefined;
}

export function useTerminalSession(
  launchId: string,
  router: SessionRouter,
  host: RefObject<HTMLElement | null>,
): TerminalSessionControls {
  const api = useKilnApi();
  const createTerminal = useContext(SessionTerminalContext);
  const [state, dispatch] = useReducer(sessionReducer, initialSessionState);
  const controller = useRef<SessionController | null>(null);
  const [terminalFailed, setTerminalFailed] = useState(false);

  useEffect(() => {
    let created: SessionController;
    try {
      created = createSessionController({
        api,
        launchId,
        router,
        createTerminal: (events) => createTerminal(host.current!, events),
        onAction: dispatch,
      });
    } catch (error) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the terminal is an outside system that failed to start
      setTerminalFailed(true);
      dispatch({
        type: 'open-failed',
        error: {
          code: 'TerminalUnavailable',
          message: `The terminal could not start: ${error instanceof Error ? error.message : String(error)}.`,
          remedy: 'Use the SSH command or a connect script below from your own terminal.',
        },
      });
      return;
    }
    controller.current = created;
    // Opened a moment later: React's development double mount disposes the first controller before it opens.
    queueMicrotask(() => void created.open());
    return () => {
      controller.current = null;
      created.dispose();
    };
  }, [api, launchId, router, host, createTerminal]);

  const reconnect = useCallback(() => void controller.current?.open(), []);
  return { state, reconnect: terminalFailed ? undefined : reconnect };
}
