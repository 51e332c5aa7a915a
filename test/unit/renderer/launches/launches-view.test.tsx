// @vitest-environment happy-dom
// The launches list's row actions with the fake API: Terminate through the launch page's dialog, Remove for a
// terminated launch (launch.forget), hiding terminated launches, and the columns a narrow window starts with.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { LaunchesTable } from '../../../../renderer/src/launches/launches-table';
import { LaunchesView } from '../../../../renderer/src/launches/launches-view';
import { useLaunches } from '../../../../renderer/src/launches/use-launches';
import { createFakeKilnApi, launchRecord } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';

afterEach(cleanup);

function Page() {
  const launches = useLaunches();
  return <LaunchesView launches={launches} onOpen={() => {}} onNewLaunch={() => {}} onLaunchAgain={() => {}} />;
}

const named = (id: string, name: string, extra: Partial<LaunchRecord> = {}) =>
  launchRecord({ id, spec: { ...launchRecord().spec, name }, ...extra });
const live = () => named('live-1', 'web-live', { phase: 'succeeded' });
const done = () =>
  named('done-1', 'web-done', {
    phase: 'terminated',
    instanceState: 'terminated',
    securityGroupDeleted: true,
    createdAt: '2025-01-14T10:00:00.000Z',
  });
const lost = () => named('lost-1', 'web-lost', { phase: 'lost', createdAt: '2025-01-13T10:00:00.000Z' });

describe('launches table row actions', () => {
  it('terminates a live launch from its row through the confirmation dialog', async () => {
    const api = createFakeKilnApi({ launches: [live(), done()] });
    renderWithApi(<Page />, api);
    await screen.findByTestId('launch-link-live-1');
    expect(screen.queryByTestId('terminate-done-1')).toBeNull();
    fireEvent.click(screen.getByTestId('terminate-live-1'));
    const deletes = await screen.findByTestId('terminate-deletes');
    expect(deletes.textContent).toContain('web-live');
    await waitFor(() => expect(screen.getByTestId('confirm-terminate-button').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('confirm-terminate-button'));
    await waitFor(() => expect(api.callsOf('launch.terminate')).toEqual([{ launchId: 'live-1' }]));
    await waitFor(() => expect(screen.queryByTestId('terminate-live-1')).toBeNull());
    const row = screen.getByTestId('launch-link-live-1').closest('tr')!;
    expect(within(row).getByText('terminating')).toBeTruthy();
  });

  it('removes a terminated launch after asking, and offers Remove for no other', async () => {
    const api = createFakeKilnApi({ launches: [live(), done()] });
    renderWithApi(<Page />, api);
    await screen.findByTestId('launch-link-done-1');
    expect(screen.queryByTestId('remove-live-1')).toBeNull();
    fireEvent.click(screen.getByTestId('remove-done-1'));
    fireEvent.click(await screen.findByTestId('confirm-remove-button'));
    await waitFor(() => expect(screen.queryByTestId('launch-link-done-1')).toBeNull());
    expect(api.callsOf('launch.forget')).toEqual([{ launchId: 'done-1' }]);
    expect(api.data.launches.map((r) => r.id)).toEqual(['live-1']);
    expect(screen.getByTestId('launch-link-live-1')).toBeTruthy();
  });

  it('keeps the row and shows why when the backend refuses to forget it', async () => {
    const pending = named('done-2', 'web-left', { phase: 'terminated', securityGroupDeleted: false });
    const api = createFakeKilnApi({ launches: [pending] });
    renderWithApi(<Page />, api);
    fireEvent.click(await screen.findByTestId('remove-done-2'));
    fireEvent.click(await screen.findByTestId('confirm-remove-button'));
    expect(await screen.findByText(/has not deleted the security group/)).toBeTruthy();
    expect(screen.getByTestId('launch-link-done-2')).toBeTruthy();
  });

  it('hides terminated and lost launches with the toggle, and says how many are hidden', async () => {
    renderWithApi(<Page />, createFakeKilnApi({ launches: [live(), done(), lost()] }));
    await screen.findByTestId('launch-link-lost-1');
    cloudscape().findToggle('[data-testid="hide-finished-toggle"]')!.findNativeInput().click();
    await waitFor(() => expect(screen.queryByTestId('launch-link-done-1')).toBeNull());
    expect(screen.queryByTestId('launch-link-lost-1')).toBeNull();
    expect(screen.getByTestId('launch-link-live-1')).toBeTruthy();
    expect(screen.getByTestId('hide-finished-toggle').textContent).toContain('2 hidden');
  });
});

describe('launches health column', () => {
  it('shows up / failing / down / no probes per launch and follows health.probes.updated', async () => {
    // A wide window: in a narrow one the column starts hidden (table preferences bring it back).
    const width = window.innerWidth;
    Object.defineProperty(window, 'innerWidth', { value: 1400, configurable: true });
    onTestFinished(() => {
      Object.defineProperty(window, 'innerWidth', { value: width, configurable: true });
    });
    const api = createFakeKilnApi({
      launches: [live(), named('live-2', 'web-two', { phase: 'succeeded' }), done()],
      probes: { 'live-1': { launchId: 'live-1', health: 'up', probes: [] } },
    });
    renderWithApi(<Page />, api);
    const healthOf = (id: string) =>
      within(screen.getByTestId(`launch-link-${id}`).closest('tr')!).getByTestId('launch-health');
    await waitFor(() => expect(healthOf('live-1').getAttribute('data-health')).toBe('up'));
    expect(healthOf('live-1').textContent).toBe('Up');
    expect(healthOf('live-2').textContent).toBe('No probes');
    expect(healthOf('done-1').getAttribute('data-health')).toBe('none');
    api.emit('health.probes.updated', {
      launch: { launchId: 'live-2', health: 'failing', probes: [] },
      transitions: [],
    });
    await waitFor(() => expect(healthOf('live-2').textContent).toBe('Failing'));
    api.emit('health.probes.updated', { launch: { launchId: 'live-1', health: 'down', probes: [] }, transitions: [] });
    await waitFor(() => expect(healthOf('live-1').textContent).toBe('Down'));
  });
});

describe('launches table columns', () => {
  const table = (windowWidth: number) =>
    renderWithApi(
      <LaunchesTable
        records={[live()]}
        loading={false}
        onOpen={() => {}}
        onNewLaunch={() => {}}
        onLaunchAgain={() => {}}
        onRefresh={() => {}}
        windowWidth={windowWidth}
      />,
    );
  const headers = () =>
    cloudscape()
      .findTable('[data-testid="launches-table"]')!
      .findColumnHeaders()
      .map((h) => h.getElement().textContent);

  it('starts without the columns the launch page repeats in a 1024 px window, keeping the actions', () => {
    table(1024);
    expect(headers()).toEqual(['Name', 'Instance ID', 'Phase', 'Status checks', 'AMI', 'Actions']);
  });

  it('shows every column in a wide window', () => {
    table(1400);
    expect(headers()).toEqual([
      'Name',
      'Instance ID',
      'Phase',
      'Instance state',
      'Status checks',
      'Health',
      'AMI',
      'Region',
      'Created',
      'Actions',
    ]);
  });
});
