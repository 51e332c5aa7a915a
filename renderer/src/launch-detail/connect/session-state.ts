/** The state of one terminal tab: connecting, connected to a session, or disconnected (with why). */
import type { ConnectKeySource, HostKeySource, TerminalSession } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { assertNever } from '../../../../electron/common/result';

export type SessionPhase = 'connecting' | 'connected' | 'disconnected';

export interface SessionState {
  phase: SessionPhase;
  /** The session of the latest open, once it answered (kept after it ends, for the status line). */
  session?: TerminalSession;
  /** Why the last open failed or the session ended; absent when the operator's shell simply exited. */
  error?: KilnError;
  /** Opens so far in this tab (Reconnect adds one). */
  attempt: number;
}

export type SessionAction =
  | { type: 'open' }
  | { type: 'opened'; session: TerminalSession }
  | { type: 'open-failed'; error: KilnError }
  | { type: 'closed'; sessionId: string; error?: KilnError };

/** Before the first open: the tab opens its session as soon as it mounts. */
export const initialSessionState: SessionState = { phase: 'connecting', attempt: 0 };

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'open':
      return { phase: 'connecting', session: state.session, attempt: state.attempt + 1 };
    case 'opened':
      return { phase: 'connected', session: action.session, attempt: state.attempt };
    case 'open-failed':
      return { phase: 'disconnected', session: state.session, error: action.error, attempt: state.attempt };
    case 'closed':
      // A late event of an earlier session of this tab says nothing about the current one.
      if (state.phase !== 'connected' || state.session?.sessionId !== action.sessionId) return state;
      return { phase: 'disconnected', session: state.session, error: action.error, attempt: state.attempt };
    default:
      return assertNever(action);
  }
}

/** How the session authenticates, in a few words. */
export function keySourceText(keySource: ConnectKeySource, keyPath?: string): string {
  switch (keySource) {
    case 'launch-key-file':
      return keyPath ? `the launch's key file ${keyPath}` : "the launch's key file";
    case 'operator-key-file':
      return keyPath ? `your key file ${keyPath}` : 'your key file';
    case 'instance-connect':
      return 'EC2 Instance Connect: a one-time key pushed for 60 s, never written to disk';
    case 'none':
      return 'none';
    default:
      return assertNever(keySource);
  }
}

/** Where the verified host keys came from. */
export function hostKeySourceText(source: HostKeySource): string {
  switch (source) {
    case 'agent':
      return 'reported by the agent over its pinned channel';
    case 'console-output':
      return 'read from the console output cloud-init printed';
    default:
      return assertNever(source);
  }
}

/** "Connected as ec2-user@host · key: … · host key verified (…)" */
export function describeSession(session: TerminalSession): string {
  const key =
    session.keySource === 'instance-connect' ? 'EC2 Instance Connect (one-time key)' : keySourceText(session.keySource);
  return `Connected as ${session.user}@${session.host} · key: ${key} · host key verified (${hostKeySourceText(session.hostKeySource)})`;
}
