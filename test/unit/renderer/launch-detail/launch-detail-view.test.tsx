// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord, LogLine } from '../../../../electron/common/models';
import { fail, ok, type Result } from '../../../../electron/common/result';
import { ConsoleTerminalContext } from '../../../../renderer/src/launch-detail/console/console-terminal';
import { CONSOLE_SCROLLBACK } from '../../../../renderer/src/launch-detail/console/live-console';
import { LOG_PAGE_LINES } from '../../../../renderer/src/launch-detail/console/read-log-pages';
import { LaunchDetailView } from '../../../../renderer/src/launch-detail/launch-detail-view';
import { createFakeKilnApi, deferred, launchRecord, logLine, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';
import { fakeTerminalFactory } from './console/fake-terminal';

afterEach(cleanup);

function renderDetail(record: LaunchRecord | undefined, api: FakeKilnApi = createFakeKilnApi()) {
  const onRecord = vi.fn();
  const onBack = vi.fn();
  const terminals = fakeTerminalFactory();
  const view = renderWithApi(
    <ConsoleTerminalContext.Provider value={terminals.factory}>
      <LaunchDetailView
        launchId={record?.id ?? 'launch-404'}
        record={record}
        loading={false}
        loadError={undefined}
        onBack={onBack}
        onRetryLoad={() => {}}
        onRecord={onRecord}
      />
    </ConsoleTerminalContext.Provider>,
    api,
  );
  return { ...view, onRecord, onBack, terminals };
}

/** Renders and waits until the initial log load has answered. */
async function renderLoaded(record: LaunchRecord, api: FakeKilnApi = createFakeKilnApi()) {
  const view = renderDetail(record, api);
  await waitFor(() => expect(screen.getByTestId('install-log').getAttribute('aria-busy')).toBe('false'));
  return view;
}

function renderedLines() {
  return screen.queryAllByTestId('log-line').map((el) => ({
    seq: Number(el.getAttribute('data-seq')),
    stream: el.getAttribute('data-stream'),
    text: el.textContent,
  }));
}

describe('LaunchDetailView: facts', () => {
  it('shows phase, instance, security group and agent link with their test hooks', async () => {
    await renderLoaded(
      launchRecord({
        phase: 'succeeded',
        securityGroupDeleted: true,
        agentLink: { state: 'finished', detail: 'final token received', since: '2025-01-15T10:05:00Z' },
        timeline: [
          { phase: 'requested', at: '2025-01-15T10:00:00Z' },
          { phase: 'succeeded', at: '2025-01-15T10:05:00Z' },
        ],
      }),
    );
    const phase = screen.getByTestId('launch-phase');
    expect(phase.getAttribute('data-phase')).toBe('succeeded');
    expect(phase.textContent).toBe('succeeded');
    expect(screen.getByTestId('instance-id').textContent).toBe('i-0123456789abcdef0');
    expect(screen.getByTestId('instance-state').getAttribute('data-state')).toBe('running');
    expect(screen.getByTestId('instance-state').textContent).toBe('running');
    expect(screen.getByTestId('security-group').getAttribute('data-deleted')).toBe('true');
    expect(screen.getByTestId('security-group').textContent).toBe('sg-0123456789abcdef0 (deleted)');
    expect(screen.getByTestId('agent-link-status').textContent).toBe('finished: final token received');
    expect(within(screen.getByTestId('phase-timeline')).getByText('requested')).toBeTruthy();
  });

  it('shows what the launch went ahead without, and what to do', async () => {
    await renderLoaded(
      launchRecord({
        warnings: [
          {
            code: 'NodeRuntimeUnavailable',
            message: 'No Node.js download: Ubuntu 22.04 will fail.',
            remedy: 'Set KILN_NODE_DIST_URL.',
          },
        ],
      }),
    );
    const warning = screen.getByTestId('launch-warning');
    expect(warning.getAttribute('data-code')).toBe('NodeRuntimeUnavailable');
    expect(warning.textContent).toContain('No Node.js download: Ubuntu 22.04 will fail.');
    expect(warning.textContent).toContain('Set KILN_NODE_DIST_URL.');
  });

  it('says so when the launch is unknown, with the way back', () => {
    const { onBack } = renderDetail(undefined);
    expect(screen.getByText('There is no launch with the id launch-404.')).toBeTruthy();
    fireEvent.click(screen.getByTestId('back-to-launches'));
    expect(onBack).toHaveBeenCalled();
  });
});

describe('LaunchDetailView: install log', () => {
  it('merges the loaded lines and live events in seq order without duplicates', async () => {
    const api = createFakeKilnApi();
    const load = deferred<Result<{ lines: LogLine[]; lastSeq: number }>>();
    api.respond('launch.logPage', () => load.promise);
    renderDetail(launchRecord(), api);
    expect(api.callsOf('launch.logPage')).toEqual([{ launchId: 'launch-1', after: 0, limit: LOG_PAGE_LINES }]);
    expect(api.listenerCount('launch.log')).toBe(1);

    // Live lines arrive before the initial load answers, overlapping it and out of order.
    act(() => api.emit('launch.log', { launchId: 'launch-1', lines: [logLine(4), logLine(3, 'oops', 'stderr')] }));
    act(() => api.emit('launch.log', { launchId: 'other-launch', lines: [logLine(9, 'not mine')] }));
    await act(async () =>
      load.resolve(ok({ lines: [logLine(1), logLine(2), logLine(3, 'oops', 'stderr')], lastSeq: 3 })),
    );
    act(() =>
      api.emit('launch.log', {
        launchId: 'launch-1',
        lines: [logLine(4), logLine(5), logLine(6, '\u001b[32mgreen\u001b[0m')],
      }),
    );

    await waitFor(() => expect(renderedLines()).toHaveLength(6));
    expect(renderedLines()).toEqual([
      { seq: 1, stream: 'stdout', text: 'line 1' },
      { seq: 2, stream: 'stdout', text: 'line 2' },
      { seq: 3, stream: 'stderr', text: 'oops' },
      { seq: 4, stream: 'stdout', text: 'line 4' },
      { seq: 5, stream: 'stdout', text: 'line 5' },
      { seq: 6, stream: 'stdout', text: 'green' },
    ]);
    expect(screen.getAllByTestId('log-line')[2].className).toContain('kiln-log-line--stderr');
    expect(screen.getByText('(6)')).toBeTruthy();
  });

  it('fetches only the tail the console keeps when the agent cursor says the log is long', async () => {
    const api = createFakeKilnApi({ logs: { 'launch-1': [logLine(149_999), logLine(150_000)] } });
    renderDetail(launchRecord({ phase: 'succeeded', agentCursor: 150_000 }), api);
    await waitFor(() => expect(renderedLines().map((l) => l.seq)).toEqual([149_999, 150_000]));
    expect(api.callsOf('launch.logPage')).toEqual([{ launchId: 'launch-1', after: 50_000, limit: LOG_PAGE_LINES }]);
    expect(screen.getByText('(150,000)')).toBeTruthy();
    expect(screen.getByTestId('console-truncated').textContent).toContain('before line 149,999');
  });

  it('reads a long log in pages, and only the newest lines the console keeps when the cursor is not known', async () => {
    const lines = Array.from({ length: CONSOLE_SCROLLBACK + 2 * LOG_PAGE_LINES + 5 }, (_, i) => logLine(i + 1));
    const api = createFakeKilnApi({ logs: { 'launch-1': lines } });
    renderDetail(launchRecord({ phase: 'succeeded', agentCursor: 0 }), api);
    const last = lines.length;
    await waitFor(() => expect(screen.getByTestId('install-log').getAttribute('data-lines')).toBe(String(last)), {
      timeout: 10_000,
    });
    const kept = last - CONSOLE_SCROLLBACK;
    // The first page says where the log ends; reading starts again at the first line kept, one page at a time.
    expect(api.callsOf('launch.logPage').map((c) => c.after)).toEqual([
      0,
      ...Array.from({ length: CONSOLE_SCROLLBACK / LOG_PAGE_LINES + 1 }, (_, i) => kept + i * LOG_PAGE_LINES),
    ]);
    expect(api.callsOf('launch.log')).toEqual([]);
    expect(screen.getByTestId('console-truncated').textContent).toContain(
      `before line ${(kept + 1).toLocaleString('en')}`,
    );
  });

  it('shows a failed log load with its remedy and retries', async () => {
    const api = createFakeKilnApi({ logs: { 'launch-1': [logLine(1)] } });
    api.respond('launch.logPage', () =>
      fail({ code: 'StoreUnreadable', message: 'The log file is unreadable.', remedy: 'Check the disk.' }),
    );
    renderDetail(launchRecord(), api);
    expect(await screen.findByText('The log file is unreadable.')).toBeTruthy();
    expect(screen.getByText('Check the disk.')).toBeTruthy();
    api.respond('launch.logPage', ({ after }) =>
      ok({ lines: api.data.logs['launch-1'].filter((l) => l.seq > after), lastSeq: 1 }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(renderedLines().map((l) => l.seq)).toEqual([1]));
    expect(screen.queryByText('The log file is unreadable.')).toBeNull();
  });
});

describe('LaunchDetailView: outcome', () => {
  it('shows a successful install with exit code 0', async () => {
    await renderLoaded(launchRecord({ phase: 'succeeded', outcome: { result: 'success', exitCode: 0, signal: null } }));
    const outcome = screen.getByTestId('outcome');
    expect(outcome.getAttribute('data-result')).toBe('success');
    expect(outcome.textContent).toContain('Install succeeded');
    expect(outcome.textContent).toContain('exited with code 0');
    expect(within(outcome).getByRole('button', { name: 'Terminate instance' })).toBeTruthy();
  });

  it('shows a failed install with its exit code, or its signal, and the message', async () => {
    await renderLoaded(
      launchRecord({
        phase: 'failed',
        outcome: { result: 'failure', exitCode: 3, signal: null, message: 'nginx: unknown directive' },
      }),
    );
    let outcome = screen.getByTestId('outcome');
    expect(outcome.getAttribute('data-result')).toBe('failure');
    expect(outcome.textContent).toContain('Install failed');
    expect(outcome.textContent).toContain('exited with code 3');
    expect(outcome.textContent).toContain('nginx: unknown directive');
    cleanup();

    await renderLoaded(
      launchRecord({ phase: 'failed', outcome: { result: 'failure', exitCode: null, signal: 'SIGKILL' } }),
    );
    outcome = screen.getByTestId('outcome');
    expect(outcome.textContent).toContain('stopped by signal SIGKILL');
  });

  it('shows no outcome while installing', async () => {
    await renderLoaded(launchRecord({ phase: 'installing' }));
    expect(screen.queryByTestId('outcome')).toBeNull();
  });
});

/** The confirm button once the termination protection check has answered. */
async function readyConfirmButton(): Promise<HTMLElement> {
  const button = await screen.findByTestId('confirm-terminate-button');
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  return button;
}

describe('LaunchDetailView: terminate', () => {
  it('asks first, then calls launch.terminate and hands over the returned record', async () => {
    const record = launchRecord({ phase: 'succeeded', outcome: { result: 'success', exitCode: 0, signal: null } });
    const api = createFakeKilnApi({ launches: [record] });
    const { onRecord } = await renderLoaded(record, api);
    fireEvent.click(screen.getByTestId('terminate-button'));
    expect(api.callsOf('launch.terminate')).toEqual([]);
    fireEvent.click(await readyConfirmButton());
    await waitFor(() => expect(onRecord).toHaveBeenCalledTimes(1));
    expect(api.callsOf('launch.terminate')).toEqual([{ launchId: 'launch-1' }]);
    expect(onRecord.mock.calls[0][0]).toMatchObject({ id: 'launch-1', phase: 'terminating' });
  });

  it('keeps the dialog open with the error and its remedy when terminate fails', async () => {
    const api = createFakeKilnApi();
    api.respond('launch.terminate', () =>
      fail({
        code: 'UnauthorizedOperation',
        message: 'You may not terminate this instance.',
        remedy: 'Ask for ec2:TerminateInstances.',
      }),
    );
    const { onRecord } = await renderLoaded(launchRecord(), api);
    fireEvent.click(screen.getByTestId('terminate-button'));
    fireEvent.click(await readyConfirmButton());
    expect(await screen.findByText('You may not terminate this instance.')).toBeTruthy();
    expect(screen.getByText('Ask for ec2:TerminateInstances.')).toBeTruthy();
    expect(screen.getByTestId('confirm-terminate-button')).toBeTruthy();
    expect(onRecord).not.toHaveBeenCalled();
  });

  it('disables Terminate once the launch is terminating or terminated', async () => {
    await renderLoaded(launchRecord({ phase: 'terminated', instanceState: 'terminated' }));
    expect(screen.getByTestId('terminate-button').hasAttribute('disabled')).toBe(true);
  });
});
