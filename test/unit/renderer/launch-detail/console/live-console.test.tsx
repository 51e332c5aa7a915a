// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { LogLine } from '../../../../../electron/common/models';
import {
  ConsoleTerminalContext,
  type ConsoleTerminalFactory,
} from '../../../../../renderer/src/launch-detail/console/console-terminal';
import { LiveConsole } from '../../../../../renderer/src/launch-detail/console/live-console';
import { createLogStore, type LogStore } from '../../../../../renderer/src/launch-detail/console/log-store';
import { LOG_PAGE_LINES } from '../../../../../renderer/src/launch-detail/console/read-log-pages';
import { createFakeKilnApi, logLine } from '../../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../../render-with-api';
import { fakeTerminalFactory } from './fake-terminal';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderConsole(options: { store?: LogStore; factory?: ConsoleTerminalFactory; logs?: LogLine[] } = {}) {
  const store = options.store ?? createLogStore(1_000);
  const terminals = fakeTerminalFactory();
  const api = createFakeKilnApi({ logs: { 'launch-1': options.logs ?? [] } });
  const view = renderWithApi(
    <ConsoleTerminalContext.Provider value={options.factory ?? terminals.factory}>
      <LiveConsole store={store} loading={false} emptyText="No output yet." launchId="launch-1" launchName="web 1" />
    </ConsoleTerminalContext.Provider>,
    api,
  );
  return { ...view, store, terminals, api };
}

function textRows() {
  return screen.queryAllByTestId('log-line').map((el) => ({
    seq: Number(el.getAttribute('data-seq')),
    stream: el.getAttribute('data-stream'),
    text: el.textContent,
  }));
}

const consoleState = () => screen.getByTestId('install-log').getAttribute('data-state');

function mockClipboard(writeText: (text: string) => Promise<void>) {
  const descriptor = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  onTestFinished(() => {
    if (descriptor) Object.defineProperty(navigator, 'clipboard', descriptor);
    else delete (navigator as { clipboard?: unknown }).clipboard;
  });
}

describe('LiveConsole', () => {
  it('says what it waits for, then shows the lines in the terminal and as text for tests and screen readers', async () => {
    const { store, terminals } = renderConsole();
    expect(screen.getByText('No output yet.')).toBeTruthy();
    act(() => void store.add([logLine(1), logLine(2, 'oops', 'stderr'), logLine(3, '\u001b[32mgreen\u001b[0m')]));
    await waitFor(() => expect(consoleState()).toBe('live'));
    expect(
      terminals
        .latest()
        .rows()
        .map((r) => r.trim()),
    ).toEqual(['line 1', '\u258c oops', 'green']);
    expect(textRows()).toEqual([
      { seq: 1, stream: 'stdout', text: 'line 1' },
      { seq: 2, stream: 'stderr', text: 'oops' },
      { seq: 3, stream: 'stdout', text: 'green' },
    ]);
    expect(screen.getAllByTestId('log-line')[1].className).toContain('kiln-log-line--stderr');
    // The log role sits on a container around a real list: every line stays a list item of its <ol>.
    const textLog = screen.getByTestId('log-lines');
    expect(textLog.getAttribute('role')).toBe('log');
    expect(textLog.tagName).toBe('DIV');
    for (const item of screen.getAllByTestId('log-line')) expect(item.parentElement?.tagName).toBe('OL');
    expect(screen.getByTestId('install-log').getAttribute('data-lines')).toBe('3');
    expect(screen.queryByText('No output yet.')).toBeNull();
    expect(screen.getByTestId('console-legend').textContent).toContain('stderr');
  });

  it('pauses with a count of new lines, and follows again', async () => {
    const { store, terminals } = renderConsole();
    act(() => void store.add([logLine(1)]));
    await waitFor(() => expect(consoleState()).toBe('live'));
    fireEvent.click(screen.getByTestId('console-follow'));
    expect(screen.getByTestId('console-follow').textContent).toBe('Follow');
    act(() => void store.add([logLine(2), logLine(3), logLine(4)]));
    await waitFor(() => expect(screen.getByTestId('console-new-lines').textContent).toBe('3 new lines'));
    expect(terminals.latest().rows()).toHaveLength(1);

    fireEvent.click(screen.getByTestId('console-follow'));
    await waitFor(() => expect(consoleState()).toBe('live'));
    expect(terminals.latest().rows()).toHaveLength(4);
    expect(screen.queryByTestId('console-new-lines')).toBeNull();
    expect(screen.getByTestId('console-follow').textContent).toBe('Pause');
  });

  it('pauses when the terminal is scrolled up', async () => {
    const { terminals } = renderConsole();
    act(() => terminals.latest().events.onScroll(false));
    expect(screen.getByTestId('console-follow').getAttribute('data-following')).toBe('false');
  });

  it('searches as you type, with next and previous, and clears', async () => {
    const { terminals } = renderConsole();
    const input = cloudscape().findInput('[data-testid="console-search"]')!;
    act(() => input.setInputValue('error'));
    await waitFor(() => expect(terminals.latest().searches).toEqual([{ term: 'error', direction: 'next' }]));
    expect(screen.getByTestId('console-search-results').textContent).toBe('1 of 1');
    act(() => input.findNativeInput().keydown({ key: 'Enter', shiftKey: true }));
    fireEvent.click(screen.getByTestId('console-search-next'));
    expect(terminals.latest().searches.slice(1)).toEqual([
      { term: 'error', direction: 'previous' },
      { term: 'error', direction: 'next' },
    ]);
    act(() => input.setInputValue(''));
    await waitFor(() => expect(terminals.latest().cleared).toBeGreaterThan(0));
    expect(screen.queryByTestId('console-search-results')).toBeNull();
  });

  it('copies all lines as plain text, or the selection', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    mockClipboard(writeText);
    const { store, terminals } = renderConsole();
    act(() => void store.add([logLine(1, '\u001b[1mbold\u001b[0m'), logLine(2)]));
    await waitFor(() => expect(consoleState()).toBe('live'));
    fireEvent.click(screen.getByTestId('console-copy'));
    await screen.findByText('Copied 2 lines');
    expect(writeText).toHaveBeenLastCalledWith('bold\nline 2');

    terminals.latest().selection = 'line';
    act(() => terminals.latest().events.onSelectionChange(true));
    expect(screen.getByTestId('console-copy').textContent).toBe('Copy selection');
    fireEvent.click(screen.getByTestId('console-copy'));
    await screen.findByText('Copied the selection');
    expect(writeText).toHaveBeenLastCalledWith('line');
  });

  it('shows a clear error when the clipboard is denied', async () => {
    mockClipboard(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    renderConsole();
    fireEvent.click(screen.getByTestId('console-copy'));
    const alert = await screen.findByTestId('console-error');
    expect(alert.getAttribute('data-code')).toBe('ClipboardDenied');
    expect(alert.textContent).toContain('The browser did not allow Kiln to write to the clipboard');
    expect(alert.textContent).toContain('Allow clipboard access');
  });

  it('downloads the full log from seq 0 as plain text named after the launch', async () => {
    const saved: { name: string; text: Promise<string> }[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push({ name: '', text: (blob as Blob).text() });
      return 'blob:kiln/log';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.at(-1)!.name = this.download;
    });
    const { api } = renderConsole({ logs: [logLine(1, '\u001b[31mred\u001b[0m'), logLine(2, 'a\rb')] });
    fireEvent.click(screen.getByTestId('console-download'));
    await screen.findByText('Saved 2 lines as web-1-launch-1.log');
    expect(api.callsOf('launch.logPage')).toEqual([{ launchId: 'launch-1', after: 0, limit: LOG_PAGE_LINES }]);
    expect(saved[0].name).toBe('web-1-launch-1.log');
    expect(await saved[0].text).toBe('red\nb\n');

    fireEvent.click(screen.getByTestId('console-timestamps'));
    fireEvent.click(screen.getByTestId('console-download'));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(await saved[1].text).toBe('2025-01-15T10:00:01.000Z red\n2025-01-15T10:00:02.000Z b\n');
  });

  it('shows the download failure with its remedy', async () => {
    const { api } = renderConsole();
    api.respond('launch.logPage', async () => ({
      ok: false,
      error: { code: 'StoreUnreadable', message: 'The log file is unreadable.', remedy: 'Check the disk.' },
    }));
    fireEvent.click(screen.getByTestId('console-download'));
    expect((await screen.findByTestId('console-error')).textContent).toContain('Check the disk.');
  });

  it('turns timestamps on in the terminal and the text view', async () => {
    const { store, terminals } = renderConsole();
    act(() => void store.add([logLine(1)]));
    await waitFor(() => expect(consoleState()).toBe('live'));
    fireEvent.click(screen.getByTestId('console-timestamps'));
    await waitFor(() => expect(terminals.latest().resets).toBe(1));
    await waitFor(() => expect(terminals.latest().rows()[0]).toMatch(/^\d\d:\d\d:\d\d.\d{3} +line 1$/));
    expect(screen.getByTestId('log-line').querySelector('time')?.getAttribute('datetime')).toBe(
      '2025-01-15T10:00:01.000Z',
    );
  });

  it('replays "as it happened" with a way to skip to live', async () => {
    const { store } = renderConsole();
    act(() => void store.add([logLine(1), logLine(2), logLine(3)])); // a second apart
    await waitFor(() => expect(consoleState()).toBe('live'));
    act(() =>
      cloudscape().findSegmentedControl('[data-testid="console-pacing"]')!.findSegmentById('as-it-happened')!.click(),
    );
    await screen.findByTestId('console-skip-to-live');
    expect(consoleState()).toBe('replaying');
    fireEvent.click(screen.getByTestId('console-skip-to-live'));
    await waitFor(() => expect(consoleState()).toBe('live'));
    expect(screen.queryByTestId('console-skip-to-live')).toBeNull();
    expect(textRows().map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('says where the older lines are when the console holds only the tail of the log', async () => {
    const store = createLogStore(1_000);
    store.startAt(900_000);
    store.add([logLine(900_001), logLine(900_002)]);
    renderConsole({ store });
    expect((await screen.findByTestId('console-truncated')).textContent).toContain(
      'The lines before line 900,001 are in Download full log',
    );
  });

  it('falls back to the text view when the terminal cannot start', async () => {
    const store = createLogStore(1_000);
    store.add([logLine(1)]);
    renderConsole({
      store,
      factory: () => {
        throw new Error('Canvas 2D is not available');
      },
    });
    expect((await screen.findByTestId('console-no-terminal')).textContent).toContain('Canvas 2D is not available');
    await waitFor(() => expect(textRows().map((r) => r.text)).toEqual(['line 1']));
    expect(screen.getByTestId('log-lines').className).not.toContain('kiln-visually-hidden');
  });

  it('names the log, and gives the terminal (its one focusable element) a read-only name and its keys', () => {
    const { terminals } = renderConsole();
    const frame = screen.getByTestId('console-frame');
    expect(frame.getAttribute('role')).toBe('log');
    expect(frame.getAttribute('aria-label')).toBe('Install log of web 1');
    // The frame is no Tab stop of its own: focus goes to the terminal inside, never to both.
    expect(frame.hasAttribute('tabindex')).toBe(false);
    const [options] = terminals.created;
    expect(options?.label).toBe('Install log of web 1 (read only)');
    expect(document.getElementById(options?.describedBy ?? '')?.textContent).toContain('Tab moves on');
  });

  it('disposes the terminal on unmount', () => {
    const { terminals, unmount } = renderConsole();
    const terminal = terminals.latest();
    unmount();
    expect(terminal.disposed).toBe(true);
  });
});
