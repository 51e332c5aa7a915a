// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../../../electron/common/models';
import { fail } from '../../../../../electron/common/result';
import { ConnectTab } from '../../../../../renderer/src/launch-detail/connect/connect-tab';
import { SessionTerminalContext } from '../../../../../renderer/src/launch-detail/connect/session-terminal';
import { createFakeKilnApi, type FakeKilnApi } from '../../../../support/fake-kiln-api';
import { captureDownloads } from '../../capture-downloads';
import { cloudscape, renderWithApi } from '../../render-with-api';
import { HOST, linuxLaunch } from './connect-fixtures';
import { fakeSessionTerminals } from './fake-session-terminal';

afterEach(cleanup);

/** Renders the tab for the launch, handing changed records back into the fake like the app's store does. */
async function renderTab(
  record: LaunchRecord = linuxLaunch(),
  api: FakeKilnApi = createFakeKilnApi({ launches: [record] }),
) {
  const onRecord = vi.fn();
  const view = renderWithApi(
    <SessionTerminalContext.Provider value={fakeSessionTerminals().factory}>
      <ConnectTab record={record} active onRecord={onRecord} />
    </SessionTerminalContext.Provider>,
    api,
  );
  await waitFor(() => expect(screen.getByTestId('connect-panel').dataset.state).not.toBe('loading'));
  return { ...view, api, onRecord };
}

const checks = () => screen.getAllByTestId('connect-check').map((el) => ({ id: el.dataset.id, ok: el.dataset.ok }));

function typeInto(testId: string, value: string) {
  cloudscape().findInput(`[data-testid="${testId}"]`)!.setInputValue(value);
}

const infoCalls = (api: FakeKilnApi) => api.callsOf('connect.info').length;

describe('Connect tab: before you connect', () => {
  it('lists every check with its status, and the remedy of a failing one', async () => {
    await renderTab(linuxLaunch({ hostKeys: undefined, instanceState: 'stopped' }));
    expect(checks()).toEqual([
      { id: 'instance-state', ok: 'false' },
      { id: 'public-ip', ok: 'true' },
      { id: 'login-port', ok: 'true' },
      { id: 'key-file', ok: 'true' },
      { id: 'host-keys', ok: 'false' },
    ]);
    const state = screen.getAllByTestId('connect-check')[0];
    expect(state.textContent).toContain('The instance is stopped');
    expect(state.textContent).toContain('Wait until it runs, then Refresh.');
  });

  it('moves the login rule to my address with the fix button, hands the record back and checks again', async () => {
    const record = linuxLaunch({ operatorCidr: '198.51.100.7/32' });
    const { api, onRecord } = await renderTab(record);
    const port = screen.getAllByTestId('connect-check').find((el) => el.dataset.id === 'login-port')!;
    expect(port.dataset.ok).toBe('false');
    expect(port.textContent).toContain('not to your address 203.0.113.9/32');
    expect(infoCalls(api)).toBe(1);
    fireEvent.click(within(port).getByTestId('connect-check-fix'));
    await waitFor(() =>
      expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ operatorCidr: '203.0.113.9/32' })),
    );
    expect(api.callsOf('connect.updateLoginRule')).toEqual([{ launchId: 'launch-1' }]);
    await waitFor(() => expect(checks().find((c) => c.id === 'login-port')!.ok).toBe('true'));
    expect(infoCalls(api)).toBe(2);
    expect(screen.queryByTestId('connect-check-fix')).toBeNull();
  });

  it('shows a failed fix with its remedy', async () => {
    const api = createFakeKilnApi({ launches: [linuxLaunch({ operatorCidr: '198.51.100.7/32' })] });
    api.respond('connect.updateLoginRule', () =>
      fail({
        code: 'UnauthorizedOperation',
        message: 'You may not change the security group.',
        remedy: 'Ask for ec2:AuthorizeSecurityGroupIngress.',
      }),
    );
    await renderTab(api.data.launches[0], api);
    fireEvent.click(screen.getByTestId('connect-check-fix'));
    const alert = await screen.findByTestId('connect-fix-error');
    expect(alert.textContent).toContain('Ask for ec2:AuthorizeSecurityGroupIngress.');
  });

  it('reloads on Refresh, and shows a failed load with Retry while keeping what it showed', async () => {
    const { api } = await renderTab();
    api.respond('connect.info', () =>
      fail({ code: 'Throttling', message: 'AWS is throttling requests.', remedy: 'Wait a moment and retry.' }),
    );
    fireEvent.click(screen.getByTestId('connect-refresh'));
    const alert = await screen.findByTestId('connect-error');
    expect(alert.textContent).toContain('Wait a moment and retry.');
    expect(screen.getByTestId('connect-checks')).toBeTruthy();
    expect(within(alert).getByTestId('connect-retry')).toBeTruthy();
  });
});

describe('Connect tab: login', () => {
  it('shows the address, the user and why, the key, and the verified host keys', async () => {
    await renderTab();
    expect(screen.getByTestId('connect-address').dataset.value).toBe(`${HOST}:22`);
    const user = screen.getByTestId('connect-user');
    expect(user.dataset.value).toBe('ec2-user');
    expect(user.textContent).toContain('Amazon Linux AMIs log in as ec2-user.');
    expect(screen.getByTestId('connect-key').textContent).toBe(
      'EC2 Instance Connect: a one-time key pushed for 60 s, never written to disk',
    );
    const source = screen.getByTestId('host-key-source');
    expect(source.dataset.source).toBe('agent');
    expect(source.textContent).toContain('reported by the agent over its pinned channel');
    expect(screen.getAllByTestId('host-key').map((el) => el.textContent)).toEqual([
      'ssh-ed25519 SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
      'ecdsa-sha2-nistp256 SHA256:1b7Xz0y2qjV3b6Pp9mH8mZ1tNdq3vPz1pW1r7m0D8aA',
    ]);
  });

  it('warns that Kiln will not connect without verified host keys', async () => {
    await renderTab(linuxLaunch({ hostKeys: undefined }));
    const source = screen.getByTestId('host-key-source');
    expect(source.dataset.source).toBe('none');
    expect(source.textContent).toContain('Kiln will not connect without verified host keys');
    expect(screen.getByTestId('ssh-command-none')).toBeTruthy();
  });

  it('sets the login user, and Reset goes back to the image’s', async () => {
    const { api, onRecord } = await renderTab();
    expect(screen.queryByTestId('connect-user-reset')).toBeNull();
    typeInto('connect-user-input', 'ubuntu');
    fireEvent.click(screen.getByTestId('connect-user-save'));
    await waitFor(() => expect(screen.getByTestId('connect-user').dataset.value).toBe('ubuntu'));
    expect(api.callsOf('connect.setOptions')).toEqual([{ launchId: 'launch-1', user: 'ubuntu' }]);
    expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ connect: { user: 'ubuntu' } }));
    expect(screen.getByTestId('connect-user').dataset.source).toBe('operator');

    fireEvent.click(screen.getByTestId('connect-user-reset'));
    await waitFor(() => expect(screen.getByTestId('connect-user').dataset.value).toBe('ec2-user'));
    expect(api.callsOf('connect.setOptions')[1]).toEqual({ launchId: 'launch-1', user: null });
  });

  it('refuses a user name OpenSSH would not take, on the field', async () => {
    const { api } = await renderTab();
    typeInto('connect-user-input', 'root; rm -rf /');
    fireEvent.click(screen.getByTestId('connect-user-save'));
    const field = screen.getByTestId('connect-user-field');
    await waitFor(() => expect(field.dataset.errorCode).toBe('InvalidInput'));
    expect(field.textContent).toContain('A login name starts with a letter');
    expect(api.data.launches[0].connect).toBeUndefined();
  });

  it('uses a private key file of mine, and clears it', async () => {
    const { api } = await renderTab();
    typeInto('connect-key-path-input', '/home/operator/.ssh/id_ed25519');
    fireEvent.click(screen.getByTestId('connect-key-path-save'));
    await waitFor(() => expect(screen.getByTestId('connect-key').dataset.source).toBe('operator-key-file'));
    expect(api.callsOf('connect.setOptions')).toEqual([
      { launchId: 'launch-1', keyPath: '/home/operator/.ssh/id_ed25519' },
    ]);
    expect(screen.getByTestId('connect-key').textContent).toBe('your key file /home/operator/.ssh/id_ed25519');
    expect(screen.getByTestId('ssh-command').dataset.value).toContain('-i /home/operator/.ssh/id_ed25519');

    fireEvent.click(screen.getByTestId('connect-key-path-reset'));
    await waitFor(() => expect(screen.getByTestId('connect-key').dataset.source).toBe('instance-connect'));
    expect(api.callsOf('connect.setOptions')[1]).toEqual({ launchId: 'launch-1', keyPath: null });
  });
});

describe('Connect tab: clients', () => {
  it('offers the one-line ssh command with a copy button, and Session Manager when the instance is managed', async () => {
    const record = linuxLaunch({
      spec: {
        ...linuxLaunch().spec,
        keyPair: { mode: 'create', name: 'web-1-key', type: 'ed25519', savePath: '/home/operator/.ssh/web-1.pem' },
      },
    });
    await renderTab(record, createFakeKilnApi({ launches: [record], ssmManaged: ['launch-1'] }));
    const ssh = screen.getByTestId('ssh-command');
    expect(ssh.dataset.value).toBe(
      `ssh -i /home/operator/.ssh/web-1.pem -o StrictHostKeyChecking=yes -o UserKnownHostsFile=/home/operator/.config/kiln/known_hosts/launch-1 -o IdentitiesOnly=yes ec2-user@${HOST}`,
    );
    expect(within(ssh).getByRole('button', { name: /Copy/ })).toBeTruthy();
    expect(screen.getByTestId('ssm-command').dataset.value).toBe(
      'aws ssm start-session --target i-0123456789abcdef0 --region us-east-1',
    );
    expect(screen.getByTestId('connect-key').textContent).toBe("the launch's key file /home/operator/.ssh/web-1.pem");
  });

  it('leaves Session Manager out when the instance is not a managed node, and RDP out on Linux', async () => {
    await renderTab();
    expect(screen.queryByTestId('ssm-client')).toBeNull();
    expect(screen.queryByTestId('rdp-client')).toBeNull();
    expect(screen.getByTestId('terminal-sessions')).toBeTruthy();
  });

  it('downloads each file the backend builds under its own name and type', async () => {
    const downloads = captureDownloads();
    const { api } = await renderTab();
    fireEvent.click(screen.getByTestId('download-sh'));
    // The file is saved before React renders what follows it: wait for the page to say so, not only for the save.
    await waitFor(() => expect(screen.getByTestId('download-saved').textContent).toContain('web-1.sh'));
    expect(downloads.clicked).toHaveLength(1);
    expect(api.callsOf('connect.file')).toEqual([{ launchId: 'launch-1', kind: 'sh' }]);
    expect(downloads.clicked[0]).toEqual({ download: 'web-1.sh', href: 'blob:kiln/1' });
    expect(downloads.blobs[0].type).toBe('text/x-shellscript');
    expect(await downloads.blobs[0].text()).toContain(
      'aws ec2-instance-connect send-ssh-public-key --instance-id i-0123456789abcdef0 --instance-os-user ec2-user',
    );

    for (const [kind, name] of [
      ['ps1', 'web-1.ps1'],
      ['ssh-config', 'web-1.ssh-config'],
      ['known-hosts', 'web-1.known_hosts'],
    ] as const) {
      fireEvent.click(screen.getByTestId(`download-${kind}`));
      await waitFor(() => expect(screen.getByTestId('download-saved').textContent).toContain(name));
      expect(downloads.clicked.at(-1)!.download).toBe(name);
    }
    expect(await downloads.blobs[3].text()).toBe(
      `${HOST} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKilnFakeHostKeyForRendererTests0000000\n${HOST} ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKilnFake\n`,
    );
  });

  it('says why a file could not be made, and saves nothing', async () => {
    const downloads = captureDownloads();
    await renderTab(linuxLaunch({ hostKeys: undefined }));
    fireEvent.click(screen.getByTestId('download-known-hosts'));
    const alert = await screen.findByTestId('download-error');
    expect(alert.dataset.code).toBe('NoHostKeys');
    expect(alert.textContent).toContain('Kiln could not make the known_hosts');
    expect(alert.textContent).toContain('refresh the Connect tab then');
    expect(downloads.clicked).toEqual([]);
  });
});
