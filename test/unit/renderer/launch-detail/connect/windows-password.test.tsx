// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KilnApiProvider } from '../../../../../renderer/src/common/api-context';
import { ConnectTab } from '../../../../../renderer/src/launch-detail/connect/connect-tab';
import { WindowsPassword } from '../../../../../renderer/src/launch-detail/connect/windows-password';
import { FAKE_WINDOWS_PASSWORD, createFakeKilnApi, type FakeKilnApi } from '../../../../support/fake-kiln-api';
import { captureDownloads } from '../../capture-downloads';
import { cloudscape, renderWithApi } from '../../render-with-api';
import { HOST, windowsLaunch } from './connect-fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** The launch was created at 10:00; EC2 has the password from 10:04 (the fake's 4 minutes). */
const at = (time: string) => Date.parse(`2025-01-15T${time}.000Z`);

function renderPassword(api: FakeKilnApi, active = true) {
  const record = api.data.launches[0];
  const view = renderWithApi(
    <WindowsPassword launchId={record.id} createdAt={record.createdAt} active={active} />,
    api,
  );
  const setActive = (next: boolean) =>
    view.rerender(
      <KilnApiProvider api={api}>
        <WindowsPassword launchId={record.id} createdAt={record.createdAt} active={next} />
      </KilnApiProvider>,
    );
  return { ...view, setActive };
}

/** Moves the fake clock, letting the command answers (promises) settle between timers. */
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const passwordCalls = (api: FakeKilnApi) => api.callsOf('connect.windowsPassword');

describe('Windows password', () => {
  it('asks again every 15 s while EC2 has none, explaining the wait, then shows the password only on Show', async () => {
    vi.useFakeTimers({ now: at('10:01:00') });
    const api = createFakeKilnApi({ launches: [windowsLaunch()] });
    renderPassword(api);
    fireEvent.click(screen.getByTestId('get-password'));
    await advance(0);
    const wait = screen.getByTestId('password-wait');
    expect(wait.textContent).toContain('EC2 usually has the password about 4 minutes after launch, up to 15.');
    expect(wait.textContent).toContain('Launched 1 min ago.');
    expect(wait.textContent).toContain('Expect it in about 3 min (up to 14 min).');
    expect(screen.getByTestId('password-next-check').textContent).toBe('Checking again in 15 s.');
    await advance(5_000);
    expect(screen.getByTestId('password-next-check').textContent).toBe('Checking again in 10 s.');
    expect(passwordCalls(api)).toHaveLength(1);
    await advance(10_000);
    expect(passwordCalls(api)).toHaveLength(2);
    expect(screen.getByTestId('password-wait').textContent).toContain('Launched 1 min 15 s ago.');

    // 10:01:15 + 11 × 15 s = 10:04:00, when EC2 has it.
    await advance(165_000);
    expect(passwordCalls(api)).toHaveLength(13);
    const shown = screen.getByTestId('windows-password');
    expect(shown.dataset.shown).toBe('false');
    expect(document.body.textContent).not.toContain(FAKE_WINDOWS_PASSWORD);
    fireEvent.click(screen.getByTestId('windows-password-show'));
    expect(screen.getByTestId('windows-password-value').textContent).toBe(FAKE_WINDOWS_PASSWORD);
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
    await advance(60_000);
    expect(passwordCalls(api)).toHaveLength(13);
  });

  it('stops asking on Cancel', async () => {
    vi.useFakeTimers({ now: at('10:00:30') });
    const api = createFakeKilnApi({ launches: [windowsLaunch()] });
    renderPassword(api);
    fireEvent.click(screen.getByTestId('get-password'));
    await advance(0);
    fireEvent.click(screen.getByTestId('password-cancel'));
    await advance(60_000);
    expect(passwordCalls(api)).toHaveLength(1);
    expect(screen.getByTestId('get-password')).toBeTruthy();
  });

  it('asks for the key passphrase, says when it is wrong, and decrypts with the right one', async () => {
    vi.useFakeTimers({ now: at('10:10:00') });
    const api = createFakeKilnApi({ launches: [windowsLaunch()], keyPassphrase: 'correct horse' });
    renderPassword(api);
    fireEvent.click(screen.getByTestId('get-password'));
    await advance(0);
    const input = () => cloudscape().findInput('[data-testid="key-passphrase-input"]')!;
    expect(input().findNativeInput().getElement().type).toBe('password');
    expect(screen.getByTestId('passphrase-prompt').textContent).not.toContain('not the passphrase');

    input().setInputValue('wrong');
    fireEvent.click(screen.getByTestId('key-passphrase-submit'));
    await advance(0);
    expect(screen.getByTestId('passphrase-prompt').textContent).toContain(
      'That is not the passphrase of /home/operator/.ssh/web-1.pem.',
    );

    input().setInputValue('correct horse');
    fireEvent.click(screen.getByTestId('key-passphrase-submit'));
    await advance(0);
    expect(screen.getByTestId('windows-password').dataset.shown).toBe('false');
    expect(passwordCalls(api)).toEqual([
      { launchId: 'launch-1' },
      { launchId: 'launch-1', passphrase: 'wrong' },
      { launchId: 'launch-1', passphrase: 'correct horse' },
    ]);
  });

  it('forgets the password when the tab is left', async () => {
    vi.useFakeTimers({ now: at('10:10:00') });
    const api = createFakeKilnApi({ launches: [windowsLaunch()] });
    const { setActive } = renderPassword(api);
    fireEvent.click(screen.getByTestId('get-password'));
    await advance(0);
    fireEvent.click(screen.getByTestId('windows-password-show'));
    expect(document.body.textContent).toContain(FAKE_WINDOWS_PASSWORD);
    setActive(false);
    expect(document.body.textContent).not.toContain(FAKE_WINDOWS_PASSWORD);
    setActive(true);
    expect(screen.getByTestId('get-password')).toBeTruthy();
  });

  it('shows a failure with its remedy and lets me try again', async () => {
    const api = createFakeKilnApi({
      launches: [windowsLaunch({ spec: { ...windowsLaunch().spec, keyPair: { mode: 'none' } } })],
    });
    renderPassword(api);
    fireEvent.click(screen.getByTestId('get-password'));
    const alert = await screen.findByTestId('password-error');
    expect(alert.dataset.code).toBe('NoKeyFile');
    expect(alert.textContent).toContain('Set the key file on the Connect tab.');
    expect(screen.getByTestId('get-password').textContent).toBe('Try again');
  });
});

describe('Connect tab on Windows', () => {
  it('offers Remote Desktop as Administrator with the .rdp file, and no terminal', async () => {
    const downloads = captureDownloads();
    const record = windowsLaunch({ createdAt: new Date().toISOString() });
    const api = createFakeKilnApi({ launches: [record] });
    renderWithApi(<ConnectTab record={record} active onRecord={() => {}} />, api);
    await waitFor(() => expect(screen.getByTestId('rdp-client')).toBeTruthy());
    expect(screen.getByTestId('rdp-address').dataset.value).toBe(`${HOST}:3389`);
    expect(screen.getByTestId('rdp-user').dataset.value).toBe('Administrator');
    expect(screen.queryByTestId('terminal-sessions')).toBeNull();
    expect(screen.queryByTestId('connect-user-input')).toBeNull();
    const password = screen.getAllByTestId('connect-check').find((el) => el.dataset.id === 'password')!;
    expect(password.dataset.ok).toBe('false');
    fireEvent.click(screen.getByTestId('download-rdp'));
    await waitFor(() => expect(downloads.clicked).toEqual([{ download: 'web-1.rdp', href: 'blob:kiln/1' }]));
    expect(downloads.blobs[0].type).toBe('application/x-rdp');
    expect(await downloads.blobs[0].text()).toContain(`full address:s:${HOST}:3389`);
  });
});
