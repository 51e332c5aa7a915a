/**
 * One terminal tab: the session's status line (who, which key, whose host keys), why it ended with what to do,
 * Reconnect and Close, and the terminal itself. A refused host key is shown as the error it is: never accepted.
 */
import { useRef } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { ErrorAlert } from '../../common/error-alert';
import type { SessionRouter } from './session-router';
import { describeSession, type SessionState } from './session-state';
import { useTerminalSession } from './use-terminal-session';

export interface TerminalSessionPaneProps {
  launchId: string;
  router: SessionRouter;
  /** "user@host", for the connecting line. */
  target: string;
  onClose: () => void;
}

export function TerminalSessionPane({ launchId, router, target, onClose }: TerminalSessionPaneProps) {
  const host = useRef<HTMLDivElement>(null);
  const { state, reconnect } = useTerminalSession(launchId, router, host);
  const reconnectButton = reconnect && (
    <Button data-testid="terminal-reconnect" iconName="refresh" onClick={reconnect}>
      Reconnect
    </Button>
  );
  const disconnected = state.phase === 'disconnected';
  return (
    <div data-testid="terminal-session" data-session-id={state.session?.sessionId ?? ''} data-state={state.phase}>
      <SpaceBetween size="xs">
        <div className="kiln-session-bar">
          <SessionStatus state={state} target={target} />
          <SpaceBetween direction="horizontal" size="xs">
            {disconnected && !state.error && reconnectButton}
            <Button data-testid="terminal-close" variant="normal" onClick={onClose}>
              Close
            </Button>
          </SpaceBetween>
        </div>
        {disconnected && state.error && (
          <ErrorAlert
            error={state.error}
            header={state.session ? 'The session ended' : 'Kiln could not open a session'}
            action={reconnectButton}
            testId="terminal-error"
          />
        )}
        <div className="kiln-console-frame">
          <div ref={host} className="kiln-session-terminal" data-testid="terminal-pane" />
        </div>
        <Box variant="small" color="text-body-secondary">
          Copy: select, then Ctrl+Shift+C (⌘C on macOS). Paste: Ctrl+Shift+V (⌘V) or the browser's Paste.
        </Box>
      </SpaceBetween>
    </div>
  );
}

function SessionStatus({ state, target }: { state: SessionState; target: string }) {
  switch (state.phase) {
    case 'connecting':
      return (
        <StatusIndicator type="loading">
          {state.attempt > 1 ? 'Reconnecting' : 'Connecting'} to {target}…
        </StatusIndicator>
      );
    case 'connected':
      return (
        <StatusIndicator type="success">
          {state.session ? describeSession(state.session) : `Connected to ${target}`}
        </StatusIndicator>
      );
    case 'disconnected':
      return (
        <StatusIndicator type={state.error ? 'error' : 'stopped'}>
          {state.error ? 'Disconnected' : 'The session ended'}
        </StatusIndicator>
      );
  }
}
