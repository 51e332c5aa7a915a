// @vitest-environment happy-dom
// The Recovery alarms panel of the launch page: the alarms' states as CloudWatch reports them, enable (saying first
// what it creates), the refusal of an instance EC2 cannot recover then the reboot alarm only, remove, and errors.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { fail, ok } from '../../../../electron/common/result';
import { ConsoleTerminalContext } from '../../../../renderer/src/launch-detail/console/console-terminal';
import { LaunchDetailView } from '../../../../renderer/src/launch-detail/launch-detail-view';
import { RecoveryAlarmsPanel } from '../../../../renderer/src/launch-detail/recovery-alarms-panel';
import { createFakeKilnApi, launchRecord } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';
import { fakeTerminalFactory } from './console/fake-terminal';

afterEach(cleanup);

const RECOVER = 'kiln-launch-1-recover';
const REBOOT = 'kiln-launch-1-reboot';

function setup(overrides: Partial<LaunchRecord> = {}, refreshMs?: number) {
  const record = launchRecord({ phase: 'succeeded', ...overrides });
  const api = createFakeKilnApi({ launches: [record] });
  const onRecord = vi.fn();
  renderWithApi(<RecoveryAlarmsPanel record={record} onRecord={onRecord} refreshMs={refreshMs} />, api);
  return { api, onRecord, record };
}

/** Each listed alarm's state, by name. */
function states(): Record<string, string | null> {
  const entries = screen
    .getAllByTestId('alarm-state')
    .map((el): [string, string | null] => [el.getAttribute('data-alarm') ?? '', el.getAttribute('data-state')]);
  return Object.fromEntries(entries);
}

describe('recovery alarms panel', () => {
  it('shows each alarm with what it does and its state, and reads them again on an interval', async () => {
    const record = launchRecord({ phase: 'succeeded', recoveryAlarms: [RECOVER, REBOOT] });
    const api = createFakeKilnApi({ launches: [record] });
    let reboot: 'OK' | 'ALARM' = 'ALARM';
    api.respond('health.alarms.list', () =>
      ok([
        {
          launchId: 'launch-1',
          region: 'us-east-1',
          alarms: [
            { name: RECOVER, action: 'recover', state: 'INSUFFICIENT_DATA' },
            { name: REBOOT, action: 'reboot', state: reboot },
          ],
        },
      ]),
    );
    renderWithApi(<RecoveryAlarmsPanel record={record} onRecord={() => {}} refreshMs={100} />, api);
    await waitFor(() => expect(states()).toEqual({ [RECOVER]: 'INSUFFICIENT_DATA', [REBOOT]: 'ALARM' }));
    const table = screen.getByTestId('alarms-table');
    expect(table.textContent).toContain('Recover the instance on system status check failure');
    expect(table.textContent).toContain('Reboot on instance status check failure');
    expect(table.textContent).toContain('INSUFFICIENT_DATA');
    expect(api.callsOf('health.alarms.list')[0]).toEqual({ launchIds: ['launch-1'] });
    expect(screen.getByRole('heading', { name: 'Recovery alarms' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Enable recovery alarms' })).toBeNull();

    reboot = 'OK';
    await waitFor(() => expect(states()[REBOOT]).toBe('OK'));
    expect(api.callsOf('health.alarms.list').length).toBeGreaterThan(1);
  });

  it("takes the states from the backend's slow-tick read as it arrives, between its own reads", async () => {
    const record = launchRecord({ phase: 'succeeded', recoveryAlarms: [RECOVER, REBOOT] });
    const api = createFakeKilnApi({ launches: [record] });
    api.respond('health.alarms.list', () =>
      ok([
        {
          launchId: 'launch-1',
          region: 'us-east-1',
          alarms: [
            { name: RECOVER, action: 'recover', state: 'OK' },
            { name: REBOOT, action: 'reboot', state: 'OK' },
          ],
        },
      ]),
    );
    renderWithApi(<RecoveryAlarmsPanel record={record} onRecord={() => {}} />, api);
    await waitFor(() => expect(states()).toEqual({ [RECOVER]: 'OK', [REBOOT]: 'OK' }));
    const alarms = [
      { name: RECOVER, action: 'recover' as const, state: 'ALARM' as const },
      { name: REBOOT, action: 'reboot' as const, state: 'OK' as const },
    ];
    act(() =>
      api.emit('health.alarms.updated', {
        launches: [
          { launchId: 'other', region: 'us-east-1', alarms: [] },
          { launchId: 'launch-1', region: 'us-east-1', alarms },
        ],
        fired: [{ launchId: 'launch-1', launchName: 'web-1', alarmName: RECOVER, action: 'recover' }],
      }),
    );
    expect(states()).toEqual({ [RECOVER]: 'ALARM', [REBOOT]: 'OK' });
    expect(api.callsOf('health.alarms.list')).toHaveLength(1);
  });

  it('keeps the last states shown when a read cannot reach the region, and says why', async () => {
    const record = launchRecord({
      phase: 'succeeded',
      recoveryAlarms: [RECOVER, REBOOT],
      defaultRecoveryAlarms: 'created',
    });
    const api = createFakeKilnApi({ launches: [record] });
    api.respond('health.alarms.list', () =>
      ok([
        {
          launchId: 'launch-1',
          region: 'us-east-1',
          alarms: [
            { name: RECOVER, action: 'recover', state: 'OK' },
            { name: REBOOT, action: 'reboot', state: 'ALARM' },
          ],
        },
      ]),
    );
    renderWithApi(<RecoveryAlarmsPanel record={record} onRecord={() => {}} />, api);
    await waitFor(() => expect(states()).toEqual({ [RECOVER]: 'OK', [REBOOT]: 'ALARM' }));
    expect(screen.getByTestId('alarms-by-default').textContent).toContain('kept longer than the salvage window');
    act(() =>
      api.emit('health.alarms.updated', {
        launches: [
          {
            launchId: 'launch-1',
            region: 'us-east-1',
            alarms: [],
            readError: { code: 'AccessDenied', message: 'Not allowed to call DescribeAlarms.', remedy: 'Ask for it.' },
          },
        ],
        fired: [],
      }),
    );
    expect(states()).toEqual({ [RECOVER]: 'OK', [REBOOT]: 'ALARM' });
    expect(screen.getByText('Kiln could not read the alarm states')).toBeTruthy();
    expect(document.body.textContent).toContain('Not allowed to call DescribeAlarms.');
  });

  it('says what enabling creates, then creates both alarms and lists them', async () => {
    const { api, onRecord } = setup();
    await waitFor(() => expect(api.callsOf('health.alarms.list')).toHaveLength(1));
    const none = screen.getByTestId('alarms-none');
    expect(none.textContent).toContain(RECOVER);
    expect(none.textContent).toContain(REBOOT);
    expect(screen.getByTestId('alarms-default-note').textContent).toContain('24 hours after its install ends');
    expect(screen.getByTestId('recovery-alarms').getAttribute('data-alarms')).toBe('false');

    fireEvent.click(screen.getByRole('button', { name: 'Enable recovery alarms' }));
    await waitFor(() => expect(states()).toEqual({ [RECOVER]: 'OK', [REBOOT]: 'OK' }));
    expect(api.callsOf('health.alarms.enable')).toEqual([{ launchId: 'launch-1', rebootOnly: false }]);
    expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ recoveryAlarms: [RECOVER, REBOOT] }));
    expect(screen.getByRole('button', { name: 'Remove alarms' })).toBeTruthy();
  });

  it('shows the refusal of an instance EC2 cannot recover and creates the reboot alarm only on request', async () => {
    const record = launchRecord({ phase: 'succeeded', spec: { ...launchRecord().spec, instanceType: 'm5d.large' } });
    const api = createFakeKilnApi({ launches: [record] });
    const created: string[][] = [];
    api.respond('health.alarms.enable', ({ launchId, rebootOnly }) => {
      if (!rebootOnly) {
        return fail({
          code: 'RecoverUnsupported',
          message: 'EC2 cannot recover web-1 (i-0123456789abcdef0): m5d.large has no automatic recovery.',
          remedy: 'Enable reboot-only alarms instead.',
          field: 'rebootOnly',
        });
      }
      const names = [`kiln-${launchId}-reboot`];
      created.push(names);
      const next = { ...record, recoveryAlarms: names };
      api.data.launches[0] = next;
      return ok(next);
    });
    renderWithApi(<RecoveryAlarmsPanel record={record} onRecord={() => {}} />, api);

    fireEvent.click(screen.getByRole('button', { name: 'Enable recovery alarms' }));
    const refusal = await screen.findByTestId('recover-refusal');
    expect(refusal.getAttribute('data-code')).toBe('RecoverUnsupported');
    expect(refusal.textContent).toContain('m5d.large has no automatic recovery');
    expect(refusal.textContent).toContain('Enable reboot-only alarms instead.');
    expect(created).toEqual([]);

    fireEvent.click(within(refusal).getByRole('button', { name: 'Create the reboot alarm only' }));
    await waitFor(() => expect(states()).toEqual({ [REBOOT]: 'OK' }));
    expect(api.callsOf('health.alarms.enable')).toEqual([
      { launchId: 'launch-1', rebootOnly: false },
      { launchId: 'launch-1', rebootOnly: true },
    ]);
    expect(screen.queryByTestId('recover-refusal')).toBeNull();
    expect(screen.getByTestId('alarms-table').textContent).toContain('Reboot on instance status check failure');
  });

  it('removes the alarms', async () => {
    const { api, onRecord } = setup({ recoveryAlarms: [RECOVER, REBOOT] });
    await waitFor(() => expect(states()).toEqual({ [RECOVER]: 'OK', [REBOOT]: 'OK' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove alarms' }));
    await screen.findByTestId('alarms-none');
    expect(api.callsOf('health.alarms.disable')).toEqual([{ launchId: 'launch-1' }]);
    expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ recoveryAlarms: undefined }));
    expect(screen.getByRole('button', { name: 'Enable recovery alarms' })).toBeTruthy();
  });

  it('shows a failed enable, a failed remove and a failed read with their remedies', async () => {
    const record = launchRecord({ phase: 'succeeded', recoveryAlarms: [RECOVER, REBOOT] });
    const api = createFakeKilnApi({ launches: [record] });
    api.respond('health.alarms.list', () =>
      fail({ code: 'AccessDenied', message: 'CloudWatch refused DescribeAlarms.', remedy: 'Allow it.' }),
    );
    api.respond('health.alarms.disable', () =>
      fail({
        code: 'AccessDenied',
        message: 'CloudWatch refused DeleteAlarms.',
        remedy: 'Allow cloudwatch:DeleteAlarms.',
      }),
    );
    renderWithApi(<RecoveryAlarmsPanel record={record} onRecord={() => {}} />, api);
    await waitFor(() => expect(screen.getByTestId('recovery-alarms').textContent).toContain('refused DescribeAlarms'));
    expect(screen.getByText('Kiln could not read the alarm states')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Remove alarms' }));
    await screen.findByText('The alarms were not removed');
    expect(screen.getByTestId('recovery-alarms').textContent).toContain('Allow cloudwatch:DeleteAlarms.');
  });

  it('shows an enable that failed for another reason as an error, without the reboot-only offer', async () => {
    const { api } = setup();
    api.respond('health.alarms.enable', () =>
      fail({ code: 'AccessDenied', message: 'CloudWatch refused PutMetricAlarm.', remedy: 'Allow it.' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Enable recovery alarms' }));
    await screen.findByText('The alarms were not created');
    expect(screen.getByTestId('recovery-alarms').textContent).toContain('refused PutMetricAlarm');
    expect(screen.queryByRole('button', { name: 'Create the reboot alarm only' })).toBeNull();
  });
});

describe('recovery alarms on the launch page', () => {
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

  it('has the panel in the Health tab while the instance lives, and no Health once it is terminated', async () => {
    renderPage(launchRecord({ phase: 'succeeded', recoveryAlarms: [RECOVER, REBOOT] }));
    // Not loaded (and not read) until the tab is opened.
    expect(screen.queryByTestId('recovery-alarms')).toBeNull();
    fireEvent.click(screen.getByTestId('health-tab'));
    await waitFor(() => expect(states()).toEqual({ [RECOVER]: 'OK', [REBOOT]: 'OK' }));
    cleanup();
    renderPage(launchRecord({ phase: 'terminated', instanceState: 'terminated' }));
    expect(screen.getByTestId('launch-detail')).toBeTruthy();
    expect(screen.getByTestId('health-tab').getAttribute('aria-disabled')).toBe('true');
    expect(screen.queryByTestId('recovery-alarms')).toBeNull();
  });
});
