// @vitest-environment happy-dom
// The Snapshot schedule panel of the launch page: the form starts from the launch's schedule (else hourly, keep 2),
// refuses inline what DLM does not allow and asks nothing for it, says what Set creates before the click, offers the
// DLM role only when it is missing and creates it only on the click, shows the active policy and removes it.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { fail } from '../../../../electron/common/result';
import { ConsoleTerminalContext } from '../../../../renderer/src/launch-detail/console/console-terminal';
import { LaunchDetailView } from '../../../../renderer/src/launch-detail/launch-detail-view';
import { SnapshotSchedulePanel } from '../../../../renderer/src/launch-detail/snapshot-schedule-panel';
import { createFakeKilnApi, launchRecord, type FakeData } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';
import { fakeTerminalFactory } from './console/fake-terminal';

afterEach(cleanup);

function setup(overrides: Partial<LaunchRecord> = {}, data: Partial<FakeData> = {}) {
  const record = launchRecord({ phase: 'succeeded', ...overrides });
  const api = createFakeKilnApi({ launches: [record], ...data });
  const onRecord = vi.fn();
  renderWithApi(<SnapshotSchedulePanel record={record} onRecord={onRecord} />, api);
  return { api, onRecord, record };
}

const input = (testId: string) => screen.getByTestId<HTMLInputElement>(testId);
const setButton = () => screen.getByTestId<HTMLButtonElement>('set-schedule-button');
const type = (testId: string, value: string) => fireEvent.change(input(testId), { target: { value } });
const choose = (label: string) => fireEvent.click(screen.getByLabelText(label));

describe('snapshot schedule panel', () => {
  it('creates the missing DLM role only on request, says what Set creates, then sets hourly keep 2', async () => {
    const { api } = setup();
    await waitFor(() => expect(screen.getByTestId('dlm-role-missing')).toBeTruthy());
    expect(input('schedule-keep-input').value).toBe('2');
    expect(screen.getByLabelText<HTMLInputElement>('Every hour').checked).toBe(true);
    expect(screen.getByTestId('dlm-role-missing').textContent).toContain(
      'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole',
    );
    expect(screen.getByTestId('schedule-creates').textContent).toContain(
      'Creates one DLM lifecycle policy that snapshots every hour, keeping the last 2 snapshots.',
    );
    expect(setButton().disabled).toBe(true);
    expect(api.callsOf('snapshots.dlmRole.create')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Create the DLM default role' }));
    await waitFor(() => expect(screen.queryByTestId('dlm-role-missing')).toBeNull());
    expect(api.callsOf('snapshots.dlmRole.create')).toEqual([{ profileId: 'sandbox', region: 'us-east-1' }]);
    expect(api.callsOf('snapshots.schedule.set')).toEqual([]);

    await waitFor(() => expect(setButton().disabled).toBe(false));
    fireEvent.click(setButton());
    await waitFor(() => expect(screen.getByTestId('policy-state').getAttribute('data-state')).toBe('ENABLED'));
    expect(api.callsOf('snapshots.schedule.set')).toEqual([
      { launchId: 'launch-1', schedule: { rule: { kind: 'hourly' }, keep: 2 } },
    ]);
    expect(screen.getByTestId('policy-schedule').textContent).toBe('every hour, keeping the last 2 snapshots');
    expect(screen.getByRole('button', { name: 'Remove schedule' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Change schedule' })).toBeTruthy();
  });

  it('refuses inline a count or interval DLM does not allow and a bad time, asking the backend nothing for them', async () => {
    const { api } = setup({}, { dlmRoleExists: true });
    await waitFor(() => expect(setButton().disabled).toBe(false));

    type('schedule-keep-input', '0');
    await waitFor(() => expect(screen.getByText(/Keeping 0 snapshots is not possible/)).toBeTruthy());
    expect(screen.getByText(/Choose a whole number from 1 to 1000/)).toBeTruthy();
    expect(setButton().disabled).toBe(true);
    expect(screen.queryByTestId('schedule-creates')).toBeNull();
    type('schedule-keep-input', '3');

    choose('Every N hours');
    type('schedule-hours-input', '5');
    await waitFor(() => expect(screen.getByText(/DLM cannot snapshot every 5 hours/)).toBeTruthy());
    expect(setButton().disabled).toBe(true);
    type('schedule-hours-input', '6');
    await waitFor(() => expect(setButton().disabled).toBe(false));
    expect(screen.getByTestId('schedule-creates').textContent).toContain('every 6 hours, keeping the last 3');

    choose('Daily at a time (UTC)');
    type('schedule-time-input', '25:00');
    await waitFor(() => expect(screen.getByText(/"25:00" is not a time of day/)).toBeTruthy());
    expect(setButton().disabled).toBe(true);

    const asked = api.callsOf('snapshots.schedule.preview').map((c) => c.schedule);
    expect(asked).not.toContainEqual(expect.objectContaining({ keep: 0 }));
    expect(asked).not.toContainEqual(expect.objectContaining({ rule: { kind: 'every', hours: 5 } }));
    expect(asked).not.toContainEqual(expect.objectContaining({ rule: { kind: 'daily', time: '25:00' } }));
    expect(api.callsOf('snapshots.schedule.set')).toEqual([]);

    type('schedule-time-input', '03:30');
    await waitFor(() => expect(setButton().disabled).toBe(false));
    fireEvent.click(setButton());
    await waitFor(() => expect(api.callsOf('snapshots.schedule.set')).toHaveLength(1));
    expect(api.callsOf('snapshots.schedule.set')[0]).toEqual({
      launchId: 'launch-1',
      schedule: { rule: { kind: 'daily', time: '03:30' }, keep: 3 },
    });
  });

  it("starts from the launch's policy, shows its state, and removes it", async () => {
    const policyId = 'policy-0b4e0000000000001';
    const { api, onRecord } = setup(
      { snapshotPolicyId: policyId },
      {
        dlmRoleExists: true,
        snapshotPolicies: {
          [policyId]: { policyId, state: 'ENABLED', schedule: { rule: { kind: 'daily', time: '03:30' }, keep: 7 } },
        },
      },
    );
    await waitFor(() => expect(screen.getByTestId('active-policy').textContent).toContain(policyId));
    expect(screen.getByTestId('policy-schedule').textContent).toBe('daily at 03:30 UTC, keeping the last 7 snapshots');
    expect(screen.getByLabelText<HTMLInputElement>('Daily at a time (UTC)').checked).toBe(true);
    expect(input('schedule-time-input').value).toBe('03:30');
    expect(input('schedule-keep-input').value).toBe('7');
    expect(screen.getByTestId('schedule-creates').textContent).toContain(
      `Changes the DLM lifecycle policy ${policyId}`,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Remove schedule' }));
    await waitFor(() => expect(onRecord).toHaveBeenCalled());
    expect(api.callsOf('snapshots.schedule.remove')).toEqual([{ launchId: 'launch-1' }]);
    expect((onRecord.mock.calls[0][0] as LaunchRecord).snapshotPolicyId).toBeUndefined();
  });

  it('shows why Set was refused', async () => {
    const { api } = setup({}, { dlmRoleExists: true });
    api.respond('snapshots.schedule.set', () =>
      fail({ code: 'NoVolumes', message: 'web-1 has no EBS volume tagged.', remedy: 'Tag the volumes.' }),
    );
    await waitFor(() => expect(setButton().disabled).toBe(false));
    fireEvent.click(setButton());
    await waitFor(() => expect(screen.getByText('The schedule was not set')).toBeTruthy());
    expect(screen.getByText('web-1 has no EBS volume tagged.')).toBeTruthy();
    expect(screen.getByText('Tag the volumes.')).toBeTruthy();
  });
});

describe('snapshot schedule on the launch page', () => {
  function renderPage(record: LaunchRecord) {
    renderWithApi(
      <ConsoleTerminalContext.Provider value={fakeTerminalFactory().factory}>
        <LaunchDetailView
          launchId={record.id}
          record={record}
          loading={false}
          loadError={undefined}
          onBack={() => {}}
          onRetryLoad={() => {}}
          onRecord={() => {}}
        />
      </ConsoleTerminalContext.Provider>,
      createFakeKilnApi({ launches: [record] }),
    );
  }

  it('has the panel above the snapshots in the Snapshots tab while the instance lives, and only the list after', async () => {
    renderPage(launchRecord({ phase: 'succeeded' }));
    expect(screen.queryByTestId('snapshot-schedule')).toBeNull();
    fireEvent.click(screen.getByTestId('snapshots-tab'));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Snapshot schedule' })).toBeTruthy());
    const panels = screen.getAllByTestId(/^(snapshots|snapshot-schedule)$/).map((el) => el.dataset.testid);
    expect(panels).toEqual(['snapshot-schedule', 'snapshots']);
    cleanup();
    renderPage(launchRecord({ phase: 'terminated', instanceState: 'terminated' }));
    fireEvent.click(screen.getByTestId('snapshots-tab'));
    await waitFor(() => expect(screen.getByTestId('snapshots')).toBeTruthy());
    expect(screen.queryByTestId('snapshot-schedule')).toBeNull();
  });
});
