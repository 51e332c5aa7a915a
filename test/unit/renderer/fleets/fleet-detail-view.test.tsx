// @vitest-environment happy-dom
// A fleet's own page against the fake API: how it stands in AWS (counters, rollout, instances, activities newest
// first, alarms, CPU), when it reads again (on fleets.updated, every 15 s), the missing and read-error states, Pause
// scaling, and the Roll out dialog's refusals at the field.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FleetStatus, KilnImage } from '../../../../electron/common/models';
import { fail, ok } from '../../../../electron/common/result';
import { FleetDetailView } from '../../../../renderer/src/fleets/fleet-detail-view';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';
import { patient } from '../launch-wizard/wizard-driver';
import { fleetRecord, fleetSpec } from './fleet-fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const FLEET = 'fl-0000000a';

function status(overrides: Partial<FleetStatus> = {}): FleetStatus {
  return {
    fleetId: FLEET,
    capacity: { min: 1, desired: 3, max: 3 },
    inService: 2,
    pending: 1,
    unhealthy: 0,
    instances: [
      {
        instanceId: 'i-0aaa',
        lifecycleState: 'InService',
        health: 'Healthy',
        targetHealth: 'healthy',
        zone: 'us-east-1a',
        templateVersion: '1',
      },
      { instanceId: 'i-0bbb', lifecycleState: 'Pending', health: 'Healthy', zone: 'us-east-1b', templateVersion: '2' },
    ],
    activities: [
      { at: '2026-12-07T10:00:00.000Z', status: 'Successful', description: 'Launching a new EC2 instance: i-0aaa' },
      {
        at: '2026-12-07T10:05:00.000Z',
        status: 'InProgress',
        description: 'Launching a new EC2 instance: i-0bbb',
        cause: 'a policy kiln-0000000a-web-cpu changed the desired capacity from 1 to 3',
      },
    ],
    alarms: [],
    cpu: [],
    scalingSuspended: false,
    missing: false,
    ...overrides,
  };
}

function renderDetail(answer: FleetStatus = status(), spec = fleetSpec()) {
  const api = createFakeKilnApi({ fleets: [fleetRecord({}, spec)] });
  let current = answer;
  api.respond('fleets.status', () => ok([current]));
  renderWithApi(<FleetDetailView fleetId={FLEET} onBack={vi.fn()} />, api);
  return { api, setStatus: (next: FleetStatus) => (current = next) };
}

function chooseAction(id: string) {
  createWrapper(screen.getByTestId('fleet-detail-view')).findButtonDropdown()!.openDropdown();
  fireEvent.click(screen.getByTestId(id));
}
const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('Fleet page', () => {
  it('shows the counters, instances, activities newest first, no alarms plainly and an empty CPU chart', async () => {
    renderDetail();
    await waitFor(() => expect(text('fleet-in-service')).toBe('2'), patient);
    expect(text('fleet-desired')).toBe('3');
    expect(text('fleet-pending')).toBe('1');
    expect(text('fleet-unhealthy')).toBe('0');
    expect(text('fleet-min-max')).toBe('1 – 3');
    expect(text('fleet-scaling-state')).toContain('Tracking 80 % CPU');
    expect(screen.getByTestId('fleet-detail-lb-dns').getAttribute('data-value')).toBe(
      'kiln-0000000a-web-123.us-east-1.elb.amazonaws.com',
    );
    expect(screen.getByTestId('fleet-detail-dns-record').getAttribute('data-value')).toBe('app.example.test');
    expect(screen.getAllByTestId('fleet-instance').map((el) => el.textContent)).toEqual(['i-0aaa', 'i-0bbb']);
    const rows = within(screen.getByTestId('fleet-instances')).getAllByRole('row');
    expect(rows[1].textContent).toContain('healthy');
    expect(rows[1].textContent).toContain('us-east-1a');
    expect(screen.getAllByTestId('fleet-activity').map((el) => el.textContent)).toEqual([
      'Launching a new EC2 instance: i-0bbb',
      'Launching a new EC2 instance: i-0aaa',
    ]);
    expect(screen.getAllByTestId('fleet-activity-cause')[0].textContent).toContain('kiln-0000000a-web-cpu');
    expect(text('fleet-alarms')).toContain('No alarms reported');
    expect(screen.getByTestId('fleet-cpu-empty').textContent).toContain('No CPU data');
    expect(screen.queryByTestId('fleet-cpu-latest')).toBeNull();
    expect(screen.queryByTestId('fleet-rollout')).toBeNull();
  });

  it('shows a rollout as a progress bar, the alarms and their states, and reads again on fleets.updated', async () => {
    const { api, setStatus } = renderDetail(
      status({
        refresh: { id: 'r-1', status: 'InProgress', percentage: 40, reason: 'Waiting for instances to warm up.' },
        alarms: [
          {
            name: 'TargetTracking-kiln-AlarmHigh-1d2c',
            state: 'ALARM',
            reason:
              'Threshold Crossed: 3 datapoints [95.0 (07/12/26 23:10:00)] were greater than the threshold (50.0).',
          },
          { name: 'TargetTracking-kiln-AlarmLow-9f3e', state: 'OK' },
        ],
        // Newest first: the latest reading is the newest one, not the last in the list.
        cpu: [
          { at: new Date(Date.now() - 60_000).toISOString(), value: 95.4 },
          { at: new Date(Date.now() - 120_000).toISOString(), value: 40 },
        ],
      }),
    );
    const rollout = await screen.findByTestId('fleet-rollout', {}, patient);
    expect(rollout.getAttribute('data-percentage')).toBe('40');
    expect(createWrapper(rollout).findProgressBar()!.findPercentageText()!.getElement().textContent).toBe('40%');
    expect(rollout.textContent).toContain('Waiting for instances to warm up.');
    const alarms = screen.getAllByTestId('fleet-alarm');
    expect(alarms.map((el) => el.getAttribute('data-state'))).toEqual(['ALARM', 'OK']);
    expect(alarms[0].textContent).toContain('Scale out (CPU above the target): ALARM');
    expect(alarms[0].textContent).toContain('TargetTracking-kiln-AlarmHigh-1d2c');
    expect(alarms[1].textContent).toContain('Scale in (CPU below 90 % of the target): OK');
    expect(screen.getByTestId('fleet-alarm-reason').textContent).toContain('were greater than the threshold (50.0)');
    expect(screen.getByTestId('fleet-cpu-chart').getAttribute('data-points')).toBe('2');
    expect(screen.getByTestId('fleet-cpu-latest').textContent).toMatch(/^Latest: 95 % at .+ \(target \d+ %\)$/);
    expect(screen.queryByTestId('fleet-cpu-empty')).toBeNull();

    setStatus(status({ refresh: { id: 'r-1', status: 'Successful', percentage: 100 } }));
    const before = api.callsOf('fleets.status').length;
    act(() => api.emit('fleets.updated', fleetRecord()));
    await waitFor(
      () => expect(screen.getByTestId('fleet-rollout').getAttribute('data-percentage')).toBe('100'),
      patient,
    );
    expect(api.callsOf('fleets.status').length).toBe(before + 1);
    expect(api.callsOf('fleets.status').every((input) => input.fleetIds?.join() === FLEET)).toBe(true);
  });

  it('reads the status again every 15 seconds while shown', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api } = renderDetail();
    await waitFor(() => expect(api.callsOf('fleets.status')).toHaveLength(1), patient);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(15_000);
    });
    await waitFor(() => expect(api.callsOf('fleets.status').length).toBeGreaterThanOrEqual(2), patient);
  });

  it('says plainly when the group is gone and when AWS did not answer', async () => {
    const { api, setStatus } = renderDetail(status({ missing: true, instances: [], inService: 0, pending: 0 }));
    expect((await screen.findByTestId('fleet-missing', {}, patient)).textContent).toContain('deleted outside Kiln');
    setStatus(
      status({
        readError: { code: 'AccessDenied', message: 'Not allowed to DescribeAutoScalingGroups.', remedy: 'Grant it.' },
      }),
    );
    act(() => api.emit('fleets.updated', fleetRecord()));
    const error = await screen.findByTestId('fleet-read-error', {}, patient);
    expect(error.textContent).toContain('Not allowed to DescribeAutoScalingGroups.');
    expect(error.textContent).toContain('Grant it.');
    expect(screen.queryByTestId('fleet-missing')).toBeNull();
  });

  it('pauses scaling and shows it, then offers to resume', async () => {
    const { api, setStatus } = renderDetail();
    await waitFor(() => expect(text('fleet-in-service')).toBe('2'), patient);
    setStatus(status({ scalingSuspended: true }));
    chooseAction('fleet-pause');
    await waitFor(() => expect(text('fleet-scaling-state')).toBe('Scaling paused'), patient);
    expect(api.callsOf('fleets.suspendScaling')).toEqual([{ fleetId: FLEET, suspended: true }]);
    createWrapper(screen.getByTestId('fleet-detail-view')).findButtonDropdown()!.openDropdown();
    expect(screen.getByTestId('fleet-pause').textContent).toBe('Resume scaling');
  });

  it('rolls out a baked image of the fleet region, refusing a bad AMI or percentage at the field', async () => {
    const { api } = renderDetail();
    api.data.bakedImages = [
      bakedImage('ami-0c0ffee000000001', 'us-east-1'),
      bakedImage('ami-0c0ffee000000002', 'eu-west-1'),
    ];
    await waitFor(() => expect(text('fleet-in-service')).toBe('2'), patient);
    chooseAction('fleet-rollout');
    const modal = await screen.findByTestId('rollout-fleet-modal');
    expect(modal.textContent).toContain('new launch template version');

    // An AMI id that is no AMI id, and a percentage out of range: refused at their fields, nothing sent.
    createWrapper(modal).findRadioGroup()!.findInputByValue('ami')!.getElement().click();
    fireEvent.change(await screen.findByTestId('rollout-ami-input'), { target: { value: 'ami-nope' } });
    fireEvent.change(screen.getByTestId('rollout-min-healthy-input'), { target: { value: '120' } });
    fireEvent.click(screen.getByTestId('rollout-fleet-confirm'));
    expect(modal.textContent).toContain('Choose an image or type an AMI id (ami-…).');
    expect(modal.textContent).toContain('A whole percentage from 0 to 100.');
    expect(api.callsOf('fleets.rollout')).toHaveLength(0);

    // The backend's refusal of an AMI that cannot launch there shows at the image field too.
    api.respond('fleets.rollout', () =>
      fail({ code: 'InvalidAMIID.NotFound', message: 'The AMI ami-0deadbeef0000001 does not exist in us-east-1.' }),
    );
    fireEvent.change(screen.getByTestId('rollout-ami-input'), { target: { value: 'ami-0deadbeef0000001' } });
    fireEvent.change(screen.getByTestId('rollout-min-healthy-input'), { target: { value: '90' } });
    fireEvent.click(screen.getByTestId('rollout-fleet-confirm'));
    await waitFor(() => expect(modal.textContent).toContain('does not exist in us-east-1'), patient);

    // A baked image: only the fleet's region is offered; the default 90 % goes with it.
    api.respond('fleets.rollout', async ({ fleetId, imageId }) =>
      ok(fleetRecord({ id: fleetId }, fleetSpec({ imageId }))),
    );
    createWrapper(modal).findRadioGroup()!.findInputByValue('baked')!.getElement().click();
    const select = createWrapper(modal).findSelect()!;
    await waitFor(() => {
      select.openDropdown();
      expect(select.findDropdown().findOptions()).toHaveLength(1);
    }, patient);
    expect(select.findDropdown().findOption(1)!.getElement().textContent).toContain('ami-0c0ffee000000001');
    select.selectOption(1);
    fireEvent.click(screen.getByTestId('rollout-fleet-confirm'));
    await waitFor(() => expect(screen.queryByTestId('rollout-fleet-modal')).toBeNull(), patient);
    expect(api.callsOf('fleets.rollout').at(-1)).toEqual({
      fleetId: FLEET,
      imageId: 'ami-0c0ffee000000001',
      minHealthyPercentage: 90,
      launchFirst: false,
    });

    // Launch replacements first: every instance stays in service, so the percentage is 100 and not editable.
    chooseAction('fleet-rollout');
    const again = await screen.findByTestId('rollout-fleet-modal');
    fireEvent.change(screen.getByTestId('rollout-min-healthy-input'), { target: { value: '250' } });
    createWrapper(again).findCheckbox('[data-testid="rollout-launch-first"]')!.findNativeInput().getElement().click();
    expect(screen.getByTestId<HTMLInputElement>('rollout-min-healthy-input').disabled).toBe(true);
    expect(again.textContent).toContain('up to twice as many instances run');
    createWrapper(again).findRadioGroup()!.findInputByValue('ami')!.getElement().click();
    fireEvent.change(await screen.findByTestId('rollout-ami-input'), { target: { value: 'ami-0c0ffee000000002' } });
    fireEvent.click(screen.getByTestId('rollout-fleet-confirm'));
    await waitFor(() => expect(screen.queryByTestId('rollout-fleet-modal')).toBeNull(), patient);
    expect(api.callsOf('fleets.rollout').at(-1)).toEqual({
      fleetId: FLEET,
      imageId: 'ami-0c0ffee000000002',
      minHealthyPercentage: 100,
      launchFirst: true,
    });
  });
});

function bakedImage(imageId: string, region: string): KilnImage {
  return {
    imageId,
    region,
    name: `kiln-baked-${imageId}`,
    state: 'available',
    progress: null,
    sizeGiB: 8,
    sealed: true,
    snapshotIds: [],
    usdPerMonth: null,
    platform: 'linux',
  };
}
