import { describe, expect, it } from 'vitest';
import type { TerminalSession } from '../../../../../electron/common/models';
import {
  describeSession,
  initialSessionState,
  sessionReducer,
} from '../../../../../renderer/src/launch-detail/connect/session-state';

const session: TerminalSession = {
  sessionId: 'session-1',
  launchId: 'launch-1',
  keySource: 'instance-connect',
  hostKeySource: 'agent',
  user: 'ec2-user',
  host: '54.1.2.3',
};

describe('session state', () => {
  it('goes connecting → connected → disconnected with the reason, and connecting again on reconnect', () => {
    let state = sessionReducer(initialSessionState, { type: 'open' });
    expect(state).toEqual({ phase: 'connecting', attempt: 1 });
    state = sessionReducer(state, { type: 'opened', session });
    expect(state.phase).toBe('connected');
    const error = { code: 'HostKeyMismatch', message: 'The host key changed.' };
    state = sessionReducer(state, { type: 'closed', sessionId: 'session-1', error });
    expect(state).toMatchObject({ phase: 'disconnected', error, session });
    state = sessionReducer(state, { type: 'open' });
    expect(state).toMatchObject({ phase: 'connecting', attempt: 2 });
    expect(state.error).toBeUndefined();
  });

  it('ignores the end of a session that is not the current one', () => {
    const connected = sessionReducer(sessionReducer(initialSessionState, { type: 'open' }), {
      type: 'opened',
      session,
    });
    expect(sessionReducer(connected, { type: 'closed', sessionId: 'session-0' })).toBe(connected);
  });

  it('says who is connected, with which key, and whose host keys', () => {
    expect(describeSession(session)).toBe(
      'Connected as ec2-user@54.1.2.3 · key: EC2 Instance Connect (one-time key) · host key verified (reported by the agent over its pinned channel)',
    );
    expect(describeSession({ ...session, keySource: 'launch-key-file', hostKeySource: 'console-output' })).toBe(
      "Connected as ec2-user@54.1.2.3 · key: the launch's key file · host key verified (read from the console output cloud-init printed)",
    );
  });
});
