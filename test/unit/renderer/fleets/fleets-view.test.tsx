// @vitest-environment happy-dom
// The Fleets page against the fake API: rows live through fleets.updated, the empty state, the Scale dialog's
// validation, and the Delete dialog's resource list and typed confirmation.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FleetsView } from '../../../../renderer/src/fleets/fleets-view';
import { fail, ok } from '../../../../electron/common/result';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';
import { patient } from '../launch-wizard/wizard-driver';
import { fleetRecord, fleetSpec } from './fleet-fixtures';

afterEach(cleanup);

function renderFleets(fleets = [fleetRecord()]) {
  const api = createFakeKilnApi({ fleets });
  const onCreateFleet = vi.fn();
  const onOpenFleet = vi.fn();
  renderWithApi(<FleetsView onCreateFleet={onCreateFleet} onOpenFleet={onOpenFleet} />, api);
  return { api, onCreateFleet, onOpenFleet };
}

const trOf = (fleetId: string) =>
  screen
    .getAllByTestId('fleet-row')
    .find((el) => el.getAttribute('data-fleet-id') === fleetId)!
    .closest('tr')!;
function clickRowAction(fleetId: string, action: 'fleet-scale' | 'fleet-delete') {
  createWrapper(trOf(fleetId)).findButtonDropdown()!.openDropdown();
  fireEvent.click(screen.getByTestId(action));
}
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const isDisabled = (testId: string) => screen.getByTestId(testId).hasAttribute('disabled');

describe('Fleets page', () => {
  it('lists each fleet with its state, place, image, capacity, load balancer and DNS name, live', async () => {
    const { api } = renderFleets();
    await screen.findByTestId('fleet-row', {}, patient);
    const row = trOf('fl-0000000a');
    expect(within(row).getByTestId('fleet-state').textContent).toBe('Active');
    expect(row.textContent).toContain('us-east-1');
    expect(row.textContent).toContain('ami-0b4e0000000000001');
    expect(row.textContent).toContain('t3.micro');
    expect(within(row).getByTestId('fleet-capacity').textContent).toBe('1 / 1 / 3');
    expect(within(row).getByTestId('fleet-lb-dns').getAttribute('data-value')).toBe(
      'kiln-0000000a-web-123.us-east-1.elb.amazonaws.com',
    );
    expect(within(row).getByTestId('fleet-dns-record').textContent).toBe('app.example.test');

    // Another fleet being created appears through the event, then fails with its remedy and a Delete.
    const other = fleetRecord({ id: 'fl-0000000b', state: 'creating', resources: [] }, fleetSpec({ name: 'api' }));
    act(() => api.emit('fleets.updated', other));
    await waitFor(() => expect(within(trOf('fl-0000000b')).getByTestId('fleet-state').textContent).toBe('Creating'));
    act(() =>
      api.emit('fleets.updated', {
        ...other,
        state: 'failed',
        error: { code: 'Interrupted', message: 'Kiln stopped while creating.', remedy: 'Delete the fleet.' },
      }),
    );
    const failure = await screen.findByTestId('fleet-failure');
    expect(failure.textContent).toContain('Kiln stopped while creating.');
    expect(failure.textContent).toContain('Delete the fleet.');
    fireEvent.click(within(failure).getByTestId('fleet-failure-delete'));
    expect((await screen.findByTestId('delete-fleet-modal')).textContent).toContain('Delete api?');
  });

  it('shows in service and unhealthy from one status read for all fleets, and links each name to its page', async () => {
    const two = [fleetRecord(), fleetRecord({ id: 'fl-0000000b' }, fleetSpec({ name: 'api', region: 'eu-west-1' }))];
    const api = createFakeKilnApi({ fleets: two });
    api.respond('fleets.status', ({ fleetIds }) =>
      ok(
        two
          .filter((f) => !fleetIds || fleetIds.includes(f.id))
          .map((f, i) => ({
            fleetId: f.id,
            inService: 2 + i,
            pending: 0,
            unhealthy: i,
            instances: [],
            activities: [],
            alarms: [],
            cpu: [],
            scalingSuspended: false,
            missing: false,
          })),
      ),
    );
    const onOpenFleet = vi.fn();
    renderWithApi(<FleetsView onCreateFleet={vi.fn()} onOpenFleet={onOpenFleet} />, api);
    await waitFor(
      () => expect(within(trOf('fl-0000000b')).getByTestId('fleet-in-service').textContent).toBe('3'),
      patient,
    );
    expect(within(trOf('fl-0000000b')).getByTestId('fleet-unhealthy').textContent).toBe('1');
    expect(within(trOf('fl-0000000a')).getByTestId('fleet-in-service').textContent).toBe('2');
    expect(within(trOf('fl-0000000a')).getByTestId('fleet-unhealthy').textContent).toBe('0');
    expect(api.callsOf('fleets.status')).toEqual([{}]);
    const link = screen.getByTestId('fleet-link-fl-0000000b');
    expect(link.getAttribute('href')).toBe('#/fleets/fl-0000000b');
    fireEvent.click(link);
    expect(onOpenFleet).toHaveBeenCalledWith('fl-0000000b');
  });

  it('offers Create fleet when there is none', async () => {
    const { onCreateFleet } = renderFleets([]);
    const empty = await screen.findByTestId('fleets-empty', {}, patient);
    fireEvent.click(within(empty).getByRole('button', { name: 'Create fleet' }));
    expect(onCreateFleet).toHaveBeenCalled();
  });

  it('scales only within min ≤ desired ≤ max ≤ 100, and shows the new capacity', async () => {
    const { api } = renderFleets();
    await screen.findByTestId('fleet-row', {}, patient);
    clickRowAction('fl-0000000a', 'fleet-scale');
    await screen.findByTestId('scale-fleet-modal');
    type('scale-desired-input', '4');
    expect(screen.getByText('The desired capacity cannot be more than the maximum.')).toBeTruthy();
    expect(isDisabled('scale-fleet-confirm')).toBe(true);
    type('scale-max-input', '101');
    expect(screen.getByText('Kiln makes fleets of at most 100 instances.')).toBeTruthy();
    type('scale-max-input', '5');
    type('scale-min-input', '5');
    expect(screen.getByText('The minimum cannot be more than the desired capacity.')).toBeTruthy();
    type('scale-min-input', '2');
    expect(isDisabled('scale-fleet-confirm')).toBe(false);
    fireEvent.click(screen.getByTestId('scale-fleet-confirm'));
    await waitFor(() => expect(screen.queryByTestId('scale-fleet-modal')).toBeNull());
    expect(api.callsOf('fleets.scale')).toEqual([{ fleetId: 'fl-0000000a', capacity: { min: 2, desired: 4, max: 5 } }]);
    expect(within(trOf('fl-0000000a')).getByTestId('fleet-capacity').textContent).toBe('2 / 4 / 5');
  });

  it('lists every resource Delete removes, newest first, and deletes once the name is typed', async () => {
    const { api } = renderFleets();
    await screen.findByTestId('fleet-row', {}, patient);
    clickRowAction('fl-0000000a', 'fleet-delete');
    const modal = await screen.findByTestId('delete-fleet-modal');
    expect(
      within(modal)
        .getAllByTestId('delete-fleet-resource')
        .map((li) => li.getAttribute('data-kind')),
    ).toEqual([
      'dns-record',
      'scaling-policy',
      'auto-scaling-group',
      'listener',
      'load-balancer',
      'target-group',
      'launch-template',
      'security-group',
      'security-group',
    ]);
    expect(within(modal).getAllByTestId('delete-fleet-resource')[0].textContent).toContain('app.example.test');
    expect(isDisabled('delete-fleet-confirm')).toBe(true);
    type('delete-fleet-name-input', 'we');
    expect(isDisabled('delete-fleet-confirm')).toBe(true);
    type('delete-fleet-name-input', 'web');
    expect(isDisabled('delete-fleet-confirm')).toBe(false);
    fireEvent.click(screen.getByTestId('delete-fleet-confirm'));
    await waitFor(() => expect(screen.queryByTestId('fleet-row')).toBeNull());
    expect(api.callsOf('fleets.delete')).toEqual([{ fleetId: 'fl-0000000a' }]);
  });

  it('says why a deletion failed, and keeps the fleet', async () => {
    const { api } = renderFleets();
    api.respond('fleets.delete', () =>
      fail({ code: 'DependencyViolation', message: 'The security group is in use.', remedy: 'Try again in a minute.' }),
    );
    await screen.findByTestId('fleet-row', {}, patient);
    clickRowAction('fl-0000000a', 'fleet-delete');
    await screen.findByTestId('delete-fleet-modal');
    type('delete-fleet-name-input', 'web');
    fireEvent.click(screen.getByTestId('delete-fleet-confirm'));
    expect((await screen.findByText('Fleet web was not deleted')).closest('[data-code]')!.textContent).toContain(
      'Try again in a minute.',
    );
    expect(screen.getAllByTestId('fleet-row')).toHaveLength(1);
  });
});
