// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../../electron/common/models';
import { SessionTerminalContext } from '../../../../../renderer/src/launch-detail/connect/session-terminal';
import { ConsoleTerminalContext } from '../../../../../renderer/src/launch-detail/console/console-terminal';
import { LaunchDetailView } from '../../../../../renderer/src/launch-detail/launch-detail-view';
import { createFakeKilnApi } from '../../../../support/fake-kiln-api';
import { renderWithApi } from '../../render-with-api';
import { fakeTerminalFactory } from '../console/fake-terminal';
import { linuxLaunch } from './connect-fixtures';
import { fakeSessionTerminals } from './fake-session-terminal';

afterEach(cleanup);

/** Renders the launch and waits until its install log has loaded. */
async function renderDetail(record: LaunchRecord) {
  const api = createFakeKilnApi({ launches: [record] });
  const view = renderWithApi(
    <ConsoleTerminalContext.Provider value={fakeTerminalFactory().factory}>
      <SessionTerminalContext.Provider value={fakeSessionTerminals().factory}>
        <LaunchDetailView
          launchId={record.id}
          record={record}
          loading={false}
          loadError={undefined}
          onBack={() => {}}
          onRetryLoad={() => {}}
          onRecord={() => {}}
        />
      </SessionTerminalContext.Provider>
    </ConsoleTerminalContext.Provider>,
    api,
  );
  await waitFor(() => expect(screen.getByTestId('install-log').getAttribute('aria-busy')).toBe('false'));
  return { ...view, api };
}

/** The kept panel of a launch tab. */
const panel = (tabId: string) => document.querySelector<HTMLElement>(`[data-tab-id="${tabId}"]`);

describe('LaunchDetailView: Connect tab', () => {
  it('starts on the install log; the outcome’s Connect button switches to Connect, which loads how to connect', async () => {
    const { api } = await renderDetail(linuxLaunch());
    expect(panel('install-log-tab')!.dataset.active).toBe('true');
    expect(panel('connect-tab')).toBeNull();
    expect(api.callsOf('connect.info')).toEqual([]);

    const connect = within(screen.getByTestId('outcome')).getByTestId('outcome-connect-button');
    expect(connect.textContent).toBe('Connect');
    fireEvent.click(connect);
    await waitFor(() => expect(screen.getByTestId('connect-panel').dataset.state).toBe('ready'));
    expect(panel('connect-tab')!.dataset.active).toBe('true');
    expect(api.callsOf('connect.info')).toEqual([{ launchId: 'launch-1' }]);
    // The log stays mounted (and keeps its lines) behind the other tab.
    expect(panel('install-log-tab')!.dataset.active).toBe('false');
    expect(screen.getByTestId('install-log')).toBeTruthy();

    fireEvent.click(screen.getByTestId('install-log-tab'));
    expect(panel('install-log-tab')!.dataset.active).toBe('true');
    expect(panel('connect-tab')!.dataset.active).toBe('false');
    fireEvent.click(screen.getByTestId('connect-tab'));
    await waitFor(() => expect(api.callsOf('connect.info')).toHaveLength(2));
  });

  it('disables Connect, with the reason, once the instance is terminated', async () => {
    await renderDetail(linuxLaunch({ phase: 'terminated', instanceState: 'terminated' }));
    const tab = screen.getByTestId('connect-tab');
    expect(tab.getAttribute('aria-disabled')).toBe('true');
    expect(document.body.textContent).toContain('The instance is terminated: there is nothing to connect to.');
    expect(screen.getByTestId('outcome-connect-button').hasAttribute('disabled')).toBe(true);
  });

  it('disables Connect before there is an instance', async () => {
    await renderDetail(linuxLaunch({ phase: 'requested', instanceId: undefined, outcome: undefined }));
    expect(screen.getByTestId('connect-tab').getAttribute('aria-disabled')).toBe('true');
    expect(screen.queryByTestId('outcome-connect-button')).toBeNull();
  });
});
