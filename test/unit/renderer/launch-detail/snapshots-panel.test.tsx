// @vitest-environment happy-dom
// The Snapshots panel of the launch page: the list (time, size, state with progress, source), Take snapshot now,
// and Restore… which offers both methods with what each does, runs the chosen one with its steps, and shows a
// failure with what was rolled back.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchRecord, LaunchSnapshot } from '../../../../electron/common/models';
import { fail, ok } from '../../../../electron/common/result';
import { KilnApiProvider } from '../../../../renderer/src/common/api-context';
import { SnapshotsPanel } from '../../../../renderer/src/launch-detail/snapshots-panel';
import { createFakeKilnApi, launchRecord } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';

afterEach(cleanup);

const snapshot = (id: string, overrides: Partial<LaunchSnapshot> = {}): LaunchSnapshot => ({
  snapshotId: id,
  volumeId: 'vol-0123456789abcdef0',
  startTime: '2025-01-15T12:00:00.000Z',
  sizeGiB: 8,
  state: 'completed',
  progress: 100,
  description: '',
  source: 'scheduled',
  root: true,
  ...overrides,
});
const NEWER = 'snap-0000000000000b002';
const OLDER = 'snap-0000000000000b001';
const PENDING = 'snap-0000000000000b003';

function setup(snapshots: LaunchSnapshot[], overrides: Partial<LaunchRecord> = {}) {
  const record = launchRecord({ phase: 'succeeded', instanceId: 'i-0123456789abcdef0', ...overrides });
  const api = createFakeKilnApi({ launches: [record], snapshots: { [record.id]: snapshots } });
  const view = renderWithApi(<SnapshotsPanel record={record} refreshMs={100} />, api);
  return { api, record, view };
}

/** The snapshots' rows: each has its selection radio (the loading and empty states are a row without one). */
const rows = () =>
  within(screen.getByTestId('snapshots-table'))
    .getAllByRole('row')
    .filter((row) => within(row).queryByRole('radio') !== null);
const select = (snapshotId: string) => fireEvent.click(screen.getByRole('radio', { name: snapshotId }));
const restoreButton = () => screen.getByTestId<HTMLButtonElement>('restore-button');
/** Cloudscape marks a button with a disabled reason aria-disabled (so the reason can be focused) instead of disabled. */
const isDisabled = (button: HTMLButtonElement) => button.disabled || button.getAttribute('aria-disabled') === 'true';

describe('snapshots panel', () => {
  it('lists each snapshot with its size, state (progress while pending) and source', async () => {
    setup([
      snapshot(PENDING, { state: 'pending', progress: 40, source: 'manual', startTime: '2025-01-15T14:00:00.000Z' }),
      snapshot(NEWER),
      snapshot(OLDER, { root: false, sizeGiB: 20 }),
    ]);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const [pending, newer, data] = rows().map((row) => row.textContent ?? '');
    expect(pending).toContain(PENDING);
    expect(pending).toContain('Taken by hand');
    const bar = screen.getByRole('progressbar', { name: `${PENDING} progress` });
    expect(bar.getAttribute('aria-valuenow') ?? bar.getAttribute('value')).toBe('40');
    expect(newer).toContain('8 GiB');
    expect(newer).toContain('Schedule (DLM)');
    expect(newer).toContain('completed');
    expect(data).toContain('20 GiB');
    expect(data).toContain('data volume');
  });

  it('takes a snapshot now and lists it', async () => {
    const { api } = setup([snapshot(NEWER)]);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(screen.getByTestId('take-snapshot-button'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.callsOf('snapshots.take')).toEqual([{ launchId: 'launch-1' }]);
    expect(rows()[0].textContent).toContain('Taken by hand');
  });

  it('restores only a completed snapshot of the root volume', async () => {
    setup([snapshot(PENDING, { state: 'pending', progress: 10 }), snapshot(NEWER), snapshot(OLDER, { root: false })]);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(isDisabled(restoreButton())).toBe(true);
    select(PENDING);
    expect(isDisabled(restoreButton())).toBe(true);
    select(OLDER);
    expect(isDisabled(restoreButton())).toBe(true);
    select(NEWER);
    expect(isDisabled(restoreButton())).toBe(false);
  });

  it('offers both methods with what each does to the instance id and IP, and runs the chosen one', async () => {
    const { api } = setup([snapshot(NEWER), snapshot(OLDER)]);
    await waitFor(() => expect(rows()).toHaveLength(2));
    select(OLDER);
    fireEvent.click(restoreButton());
    const dialog = await screen.findByTestId('restore-dialog');
    await waitFor(() => expect(within(dialog).getByTestId('restore-method-details')).toBeTruthy());
    const details = () => within(dialog).getByTestId('restore-method-details');
    expect(details().getAttribute('data-method')).toBe('image');
    expect(details().textContent).toContain('new instance id');
    expect(details().textContent).toContain('keeps running');

    fireEvent.click(within(dialog).getByRole('radio', { name: /Swap the root volume/ }));
    expect(details().getAttribute('data-method')).toBe('swap-volume');
    expect(details().textContent).toContain('The instance id stays i-0123456789abcdef0');
    expect(details().textContent).toMatch(/public IP/);
    expect(details().textContent).toContain('old root volume is kept detached');

    fireEvent.click(within(dialog).getByTestId('restore-confirm'));
    await within(dialog).findByTestId('restore-done');
    expect(api.callsOf('snapshots.restore')).toEqual([
      { launchId: 'launch-1', snapshotId: OLDER, method: 'swap-volume' },
    ]);
    expect(api.callsOf('snapshots.restore.preview')).toEqual([{ launchId: 'launch-1', snapshotId: OLDER }]);
  });

  it('shows the steps of a restore as the record reports them, and a failure with what was rolled back', async () => {
    const record = launchRecord({ phase: 'succeeded', instanceId: 'i-0123456789abcdef0' });
    const api = createFakeKilnApi({ launches: [record], snapshots: { [record.id]: [snapshot(OLDER)] } });
    api.respond('snapshots.restore', () =>
      fail({
        code: 'IncorrectState',
        message:
          'The restore failed at "Attach vol-1 at /dev/xvda": it is busy. Rolled back: deleted the new volume vol-1.',
        remedy: 'Fix the cause and restore again.',
      }),
    );
    const view = renderWithApi(<SnapshotsPanel record={record} />, api);
    await waitFor(() => expect(rows()).toHaveLength(1));
    select(OLDER);
    fireEvent.click(restoreButton());
    const dialog = await screen.findByTestId('restore-dialog');
    await waitFor(() => expect(within(dialog).getByTestId('restore-method-details')).toBeTruthy());
    fireEvent.click(within(dialog).getByTestId('restore-confirm'));
    const at = '2025-01-15T12:00:00.000Z';
    view.rerender(
      <KilnApiProvider api={api}>
        <SnapshotsPanel
          record={{
            ...record,
            restore: {
              snapshotId: OLDER,
              method: 'image',
              state: 'failed',
              startedAt: at,
              steps: [
                { title: `Register an image from ${OLDER}`, state: 'done', at },
                { title: 'Launch the replacement instance', state: 'failed', at, detail: 'it is busy' },
                { title: 'deregistered the image ami-1', state: 'rolled-back', at },
              ],
            },
          }}
        />
      </KilnApiProvider>,
    );
    const error = await within(dialog).findByTestId('restore-error');
    expect(error.textContent).toContain('Rolled back: deleted the new volume vol-1');
    const steps = within(dialog).getByTestId('restore-steps').querySelectorAll('li');
    expect([...steps].map((li) => li.getAttribute('data-state'))).toEqual(['done', 'failed', 'rolled-back']);
    expect(within(dialog).queryByTestId('restore-done')).toBeNull();
  });

  it('shows why a snapshot cannot be restored when the preview refuses it', async () => {
    const { api } = setup([snapshot(OLDER)]);
    api.respond('snapshots.restore.preview', () =>
      fail({ code: 'LaunchTerminated', message: 'web-1 has no instance any more.', remedy: 'Launch again.' }),
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    select(OLDER);
    fireEvent.click(restoreButton());
    const dialog = await screen.findByTestId('restore-dialog');
    await waitFor(() => expect(dialog.textContent).toContain('web-1 has no instance any more.'));
    expect(within(dialog).getByTestId<HTMLButtonElement>('restore-confirm').disabled).toBe(true);
    expect(api.callsOf('snapshots.restore')).toEqual([]);
  });

  it('answers the list from the backend (no snapshots yet)', async () => {
    const { api } = setup([]);
    await waitFor(() => expect(screen.getByText('No snapshots of this launch yet.')).toBeTruthy());
    api.respond('snapshots.list', () => ok([snapshot(NEWER)]));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh snapshots' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
  });

  it('shows a restore that is running, and one that failed (also after Kiln was restarted)', async () => {
    const at = '2025-01-15T12:00:00.000Z';
    const base = { snapshotId: OLDER, method: 'swap-volume' as const, startedAt: at };
    setup([snapshot(OLDER)], {
      restore: { ...base, state: 'running', steps: [{ title: 'Stop i-0123456789abcdef0', state: 'running', at }] },
    });
    expect(screen.getByTestId('restore-running').textContent).toContain('Stop i-0123456789abcdef0');
    cleanup();
    setup([snapshot(OLDER)], {
      restore: {
        ...base,
        state: 'failed',
        steps: [],
        error: { code: 'RestoreInterrupted', message: 'Kiln stopped during this restore.', remedy: 'Check EC2.' },
      },
    });
    expect(screen.getByTestId('restore-failed').textContent).toContain('Kiln stopped during this restore.');
    await waitFor(() => expect(rows()).toHaveLength(1));
  });
});
