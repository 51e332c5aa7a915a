// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalSession } from '../../../../../electron/common/models';
import { fail, ok, type Result } from '../../../../../electron/common/result';
import { SessionTerminalContext } from '../../../../../renderer/src/launch-detail/connect/session-terminal';
import { TerminalSessions } from '../../../../../renderer/src/launch-detail/connect/terminal-sessions';
import { createFakeKilnApi, deferred, type FakeKilnApi } from '../../../../support/fake-kiln-api';
import { renderWithApi } from '../../render-with-api';
import { HOST, linuxLaunch } from './connect-fixtures';
import { fakeSessionTerminals } from './fake-session-terminal';

afterEach(cleanup);

function renderSessions(api: FakeKilnApi = createFakeKilnApi({ launches: [linuxLaunch()] })) {
  const terminals = fakeSessionTerminals();
  const view = renderWithApi(
    <SessionTerminalContext.Provider value={terminals.factory}>
      <TerminalSessions launchId="launch-1" target={`ec2-user@${HOST}`} />
    </SessionTerminalContext.Provider>,
    api,
  );
  return { ...view, api, terminals };
}

const panes = () => screen.queryAllByTestId('terminal-session');

/** Clicks Open terminal and waits until the new pane is connected. */
async function openConnected(): Promise<HTMLElement> {
  const before = panes().length;
  fireEvent.click(screen.getByTestId('open-terminal'));
  const pane = panes()[before];
  await waitFor(() => expect(pane.dataset.state).toBe('connected'));
  return pane;
}

const HOST_KEY_MISMATCH = {
  code: 'HostKeyMismatch',
  message: `The host key ${HOST} offered is not one Kiln verified for this instance.`,
  remedy:
    'Someone may be intercepting the connection, or the instance was replaced: check it before you connect again.',
};

describe('terminal sessions', () => {
  it('opens a session at the terminal size, says who it is connected as, and writes its output into the pane', async () => {
    const { api, terminals } = renderSessions();
    expect(screen.getByTestId('terminal-none').textContent).toContain(`ec2-user@${HOST}`);
    fireEvent.click(screen.getByTestId('open-terminal'));
    const pane = screen.getByTestId('terminal-session');
    expect(pane.dataset.state).toBe('connecting');
    expect(pane.textContent).toContain(`Connecting to ec2-user@${HOST}`);
    await waitFor(() => expect(pane.dataset.state).toBe('connected'));
    expect(api.callsOf('connect.session.open')).toEqual([{ launchId: 'launch-1', cols: 120, rows: 32 }]);
    expect(pane.dataset.sessionId).toBe('session-1');
    expect(pane.textContent).toContain(
      `Connected as ec2-user@${HOST} · key: EC2 Instance Connect (one-time key) · host key verified (reported by the agent over its pinned channel)`,
    );
    const terminal = terminals.of(pane);
    expect(terminal.focused).toBe(1);
    await waitFor(() => expect(terminal.text()).toContain('Last login'));
    act(() => api.emit('connect.output', { sessionId: 'session-1', data: '\u001b[32mhello\u001b[0m' }));
    act(() => api.emit('connect.output', { sessionId: 'session-9', data: 'not mine' }));
    expect(terminal.writes).toContain('\u001b[32mhello\u001b[0m');
    expect(terminal.text()).not.toContain('not mine');
  });

  it('sends keystrokes typed together as one write, in order, and the shell echoes them', async () => {
    const { api, terminals } = renderSessions();
    const terminal = terminals.of(await openConnected());
    act(() => {
      terminal.type('l');
      terminal.type('s');
      terminal.type('\r');
    });
    await waitFor(() =>
      expect(api.callsOf('connect.session.write')).toEqual([{ sessionId: 'session-1', data: 'ls\r' }]),
    );
    await waitFor(() => expect(terminal.text()).toContain('ls\r\n[ec2-user@web-1 ~]$ '));
    act(() => terminal.type('echo one\r'));
    await waitFor(() => expect(api.callsOf('connect.session.write')).toHaveLength(2));
    act(() => terminal.type('echo two\r'));
    await waitFor(() =>
      expect(
        api
          .callsOf('connect.session.write')
          .map((c) => c.data)
          .join(''),
      ).toBe('ls\recho one\recho two\r'),
    );
  });

  it('sends the last of a burst of resizes once it settles', async () => {
    const { api, terminals } = renderSessions();
    const terminal = terminals.of(await openConnected());
    act(() => {
      terminal.resizeTo({ cols: 100, rows: 30 });
      terminal.resizeTo({ cols: 90, rows: 28 });
    });
    await waitFor(() =>
      expect(api.callsOf('connect.session.resize')).toEqual([{ sessionId: 'session-1', cols: 90, rows: 28 }]),
    );
  });

  it('shows a refused host key with what to do, offers Reconnect (never to accept the key), and reconnects in the same tab', async () => {
    const { api, terminals } = renderSessions();
    const pane = await openConnected();
    const terminal = terminals.of(pane);
    act(() => api.emit('connect.closed', { sessionId: 'session-1', error: HOST_KEY_MISMATCH }));
    expect(pane.dataset.state).toBe('disconnected');
    const alert = screen.getByTestId('terminal-error');
    expect(alert.dataset.code).toBe('HostKeyMismatch');
    expect(alert.textContent).toContain(HOST_KEY_MISMATCH.message);
    expect(alert.textContent).toContain(HOST_KEY_MISMATCH.remedy);
    expect(screen.queryByRole('button', { name: /accept|trust|continue/i })).toBeNull();
    expect(terminal.text()).toContain('Disconnected: ');

    act(() => terminal.type('typed into a dead session'));
    fireEvent.click(within(alert).getByTestId('terminal-reconnect'));
    await waitFor(() => expect(pane.dataset.state).toBe('connected'));
    expect(pane.dataset.sessionId).toBe('session-2');
    expect(api.callsOf('connect.session.open')).toHaveLength(2);
    expect(api.callsOf('connect.session.write')).toEqual([]);
    expect(terminals.made).toHaveLength(1);
    expect(terminal.text()).toContain('[Reconnecting]');
    expect(screen.queryByTestId('terminal-error')).toBeNull();
  });

  it('says the session ended when the shell exits, with Reconnect', async () => {
    const { terminals } = renderSessions();
    const pane = await openConnected();
    act(() => terminals.of(pane).type('exit\r'));
    await waitFor(() => expect(pane.dataset.state).toBe('disconnected'));
    expect(screen.queryByTestId('terminal-error')).toBeNull();
    expect(pane.textContent).toContain('The session ended');
    expect(within(pane).getByTestId('terminal-reconnect')).toBeTruthy();
  });

  it('shows a host key Kiln never verified as the reason the open failed, and Reconnect tries again', async () => {
    const api = createFakeKilnApi({ launches: [linuxLaunch()] });
    let refuse = true;
    api.respond('connect.session.open', ({ launchId }) =>
      refuse
        ? fail(HOST_KEY_MISMATCH)
        : ok({
            sessionId: 'session-5',
            launchId,
            keySource: 'launch-key-file',
            hostKeySource: 'console-output',
            user: 'ec2-user',
            host: HOST,
          }),
    );
    renderSessions(api);
    fireEvent.click(screen.getByTestId('open-terminal'));
    const pane = screen.getByTestId('terminal-session');
    await waitFor(() => expect(pane.dataset.state).toBe('disconnected'));
    const alert = screen.getByTestId('terminal-error');
    expect(alert.dataset.code).toBe('HostKeyMismatch');
    expect(alert.textContent).toContain('Kiln could not open a session');
    expect(alert.textContent).toContain(HOST_KEY_MISMATCH.remedy);
    expect(screen.queryByRole('button', { name: /accept|trust|continue/i })).toBeNull();
    refuse = false;
    fireEvent.click(screen.getByTestId('terminal-reconnect'));
    await waitFor(() => expect(pane.dataset.state).toBe('connected'));
    expect(pane.textContent).toContain(
      "key: the launch's key file · host key verified (read from the console output cloud-init printed)",
    );
  });

  it('keeps output the session sent before its open answered', async () => {
    const api = createFakeKilnApi({ launches: [linuxLaunch()] });
    const open = deferred<Result<TerminalSession>>();
    api.respond('connect.session.open', () => open.promise);
    const { terminals } = renderSessions(api);
    fireEvent.click(screen.getByTestId('open-terminal'));
    await waitFor(() => expect(api.callsOf('connect.session.open')).toHaveLength(1));
    act(() => api.emit('connect.output', { sessionId: 'session-early', data: 'banner before the answer\r\n' }));
    await act(async () =>
      open.resolve(
        ok({
          sessionId: 'session-early',
          launchId: 'launch-1',
          keySource: 'instance-connect',
          hostKeySource: 'agent',
          user: 'ec2-user',
          host: HOST,
        }),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('terminal-session').dataset.state).toBe('connected'));
    expect(terminals.of().text()).toContain('banner before the answer');
  });

  it('runs several sessions side by side, each with its own output, and closing a tab closes its session', async () => {
    const { api, terminals } = renderSessions();
    const first = await openConnected();
    const second = await openConnected();
    expect(screen.getByTestId('terminal-1')).toBeTruthy();
    expect(screen.getByTestId('terminal-2')).toBeTruthy();
    expect([first.dataset.sessionId, second.dataset.sessionId]).toEqual(['session-1', 'session-2']);
    expect(first.closest('[data-tab-id]')!.getAttribute('data-active')).toBe('false');
    expect(second.closest('[data-tab-id]')!.getAttribute('data-active')).toBe('true');
    act(() => {
      api.emit('connect.output', { sessionId: 'session-1', data: 'one' });
      api.emit('connect.output', { sessionId: 'session-2', data: 'two' });
    });
    const [one, two] = [terminals.of(first), terminals.of(second)];
    expect(one.writes).toContain('one');
    expect(one.writes).not.toContain('two');
    expect(two.writes).toContain('two');

    fireEvent.click(within(second).getByTestId('terminal-close'));
    expect(api.callsOf('connect.session.close')).toEqual([{ sessionId: 'session-2' }]);
    expect(two.disposed).toBe(true);
    expect(panes()).toHaveLength(1);
    expect(first.closest('[data-tab-id]')!.getAttribute('data-active')).toBe('true');

    fireEvent.click(screen.getByTestId('awsui-tab-dismiss-button-terminal-1'));
    expect(api.callsOf('connect.session.close')).toEqual([{ sessionId: 'session-2' }, { sessionId: 'session-1' }]);
    expect(panes()).toHaveLength(0);
    expect(one.disposed).toBe(true);
  });

  it('says so when the terminal cannot start, opens no session, and points to the SSH command', async () => {
    const api = createFakeKilnApi({ launches: [linuxLaunch()] });
    renderWithApi(
      <SessionTerminalContext.Provider
        value={() => {
          throw new Error('WebGL and canvas are unavailable');
        }}
      >
        <TerminalSessions launchId="launch-1" target={`ec2-user@${HOST}`} />
      </SessionTerminalContext.Provider>,
      api,
    );
    fireEvent.click(screen.getByTestId('open-terminal'));
    const alert = await screen.findByTestId('terminal-error');
    expect(alert.dataset.code).toBe('TerminalUnavailable');
    expect(alert.textContent).toContain('WebGL and canvas are unavailable');
    expect(alert.textContent).toContain('Use the SSH command');
    expect(screen.queryByTestId('terminal-reconnect')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.callsOf('connect.session.open')).toEqual([]);
  });

  it('closes the session when the view goes away', async () => {
    const { api, unmount } = renderSessions();
    await openConnected();
    unmount();
    expect(api.callsOf('connect.session.close')).toEqual([{ sessionId: 'session-1' }]);
  });
});
