// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app';
import { createFakeKilnApi, launchRecord, type FakeKilnApi } from '../../support/fake-kiln-api';
import { patient, toStep } from './launch-wizard/wizard-driver';
import './render-with-api';

afterEach(cleanup);

function renderApp(api: FakeKilnApi) {
  render(<App api={api} />);
  return api;
}

const older = launchRecord({
  id: 'launch-a',
  createdAt: '2025-01-14T09:00:00.000Z',
  spec: { ...launchRecord().spec, name: 'older' },
});
const newer = launchRecord({
  id: 'launch-b',
  createdAt: '2025-01-15T09:00:00.000Z',
  phase: 'failed',
  spec: { ...launchRecord().spec, name: 'newer' },
});

describe('App: launches list', () => {
  it('lists launches newest first and keeps them live from launch.updated', async () => {
    const api = renderApp(createFakeKilnApi({ launches: [older, newer] }));
    const table = await screen.findByTestId('launches-table');
    await waitFor(() => expect(within(table).getByTestId('launch-link-launch-a')).toBeTruthy());
    const names = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent ?? '');
    expect(names[0]).toContain('newer');
    expect(names[0]).toContain('failed');
    expect(names[1]).toContain('older');

    act(() => api.emit('launch.updated', { ...older, phase: 'succeeded', instanceState: 'running' }));
    const row = within(table).getByTestId('launch-link-launch-a').closest('tr')!;
    expect(row.textContent).toContain('succeeded');
  });

  it('shows the empty state with a launch button', async () => {
    renderApp(createFakeKilnApi());
    expect(await screen.findByText('No launches yet')).toBeTruthy();
  });

  it('shows a load error with its remedy, without claiming there are no launches', async () => {
    const api = createFakeKilnApi();
    api.respond('launch.list', () => ({
      ok: false,
      error: {
        code: 'StoreUnreadable',
        message: 'The launch store is unreadable.',
        remedy: 'Check ~/.kiln permissions.',
      },
    }));
    renderApp(api);
    expect(await screen.findByText('Check ~/.kiln permissions.')).toBeTruthy();
    expect(screen.queryByText('No launches yet')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Launches');
  });

  it('opens a launch from its name and comes back', async () => {
    renderApp(createFakeKilnApi({ launches: [older] }));
    fireEvent.click(await screen.findByTestId('launch-link-launch-a'));
    expect((await screen.findByTestId('launch-detail')).getAttribute('data-launch-id')).toBe('launch-a');
    fireEvent.click(screen.getByTestId('back-to-launches'));
    expect(await screen.findByTestId('launches-table')).toBeTruthy();
  });
});

describe('App: notifications', () => {
  it('shows the unreadable files, then the notices of the run, above the content', async () => {
    renderApp(
      createFakeKilnApi({
        notices: [
          {
            code: 'SecretsInMemoryOnly',
            message: 'Kiln keeps agent tokens in memory only.',
            remedy: 'Install and unlock a keyring.',
          },
        ],
        storageProblems: [
          {
            kind: 'presets',
            file: '/home/op/.config/Kiln/presets.json',
            backupPath: '/home/op/.config/Kiln/presets.json.unreadable-2026-05-01T09-30-00.000Z',
            detectedAt: '2026-05-01T09:30:00.000Z',
            message: 'Kiln could not read presets.json (not valid JSON), so it starts without it.',
            remedy: 'The content is kept beside it; nothing was overwritten.',
          },
        ],
      }),
    );
    const notice = await screen.findByTestId('app-notice');
    const problems = await screen.findByTestId('storage-problems');
    expect(notice.textContent).toContain('Install and unlock a keyring.');
    expect(problems.compareDocumentPosition(notice) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(
      notice.compareDocumentPosition(screen.getByTestId('launches-table')) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });
});

describe('App: flashes belong to their page', () => {
  it('drops the launch flash when the operator moves to another page, and a second launch shows only its own', async () => {
    renderApp(createFakeKilnApi());
    fireEvent.click(await screen.findByTestId('launch-instance-button'));
    await toStep('review', { name: 'first' });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    expect(await screen.findByText(/Launch of first started/, {}, patient)).toBeTruthy();

    const navigation = () => within(screen.getByRole('navigation', { name: 'Navigation' }));
    fireEvent.click(navigation().getByRole('link', { name: 'Launches' }));
    await screen.findByTestId('launches-table');
    await waitFor(() => expect(screen.queryByText(/Launch of first started/)).toBeNull());

    fireEvent.click(navigation().getByRole('link', { name: 'Launch instance' }));
    await toStep('review', { name: 'second' });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    expect(await screen.findByText(/Launch of second started/, {}, patient)).toBeTruthy();
    expect(screen.queryByText(/Launch of first started/)).toBeNull();
  });
});

describe('App: several instances', () => {
  it('goes to the launches list with one notice after a launch of 3', async () => {
    renderApp(createFakeKilnApi());
    fireEvent.click(await screen.findByTestId('launch-instance-button'));
    await toStep('advanced', { name: 'fleet' });
    fireEvent.change(screen.getByTestId('instance-count-input'), { target: { value: '3' } });
    await toStep('review', { from: 'advanced' });
    fireEvent.click(screen.getByRole('button', { name: 'Launch 3 instances' }));
    await screen.findByTestId('launches-table');
    expect(await screen.findByText('3 launches started', {}, patient)).toBeTruthy();
    expect(screen.getByText('Started: fleet-1, fleet-2, fleet-3.')).toBeTruthy();
    for (const id of ['launch-1', 'launch-2', 'launch-3']) expect(screen.getByTestId(`launch-link-${id}`)).toBeTruthy();
  });
});

describe('App: a batch that stopped', () => {
  it('says which launches started and why the rest did not', async () => {
    const api = createFakeKilnApi();
    api.respond('launch.startBatch', ({ spec }) => {
      const first = launchRecord({ id: 'launch-9', spec: { ...spec, name: 'fleet-1' } });
      return {
        ok: true,
        value: {
          launched: [first],
          failed: {
            name: 'fleet-2',
            error: {
              code: 'InsufficientInstanceCapacity',
              message: 'No capacity for t3.micro.',
              remedy: 'Try another type.',
            },
          },
        },
      };
    });
    renderApp(api);
    fireEvent.click(await screen.findByTestId('launch-instance-button'));
    await toStep('advanced', { name: 'fleet' });
    fireEvent.change(screen.getByTestId('instance-count-input'), { target: { value: '3' } });
    await toStep('review', { from: 'advanced' });
    fireEvent.click(screen.getByRole('button', { name: 'Launch 3 instances' }));
    expect(await screen.findByText('1 launch started; fleet-2 and the rest did not', {}, patient)).toBeTruthy();
    expect(screen.getByText('Started: fleet-1. fleet-2: No capacity for t3.micro. Try another type.')).toBeTruthy();
    expect(screen.getByTestId('launch-link-launch-9')).toBeTruthy();
  });
});

describe('App: the walking skeleton', () => {
  it('goes from the launch button through the wizard to the new launch, then follows its events', async () => {
    const api = renderApp(createFakeKilnApi());
    fireEvent.click(await screen.findByTestId('launch-instance-button'));
    await toStep('review', { name: 'skeleton' });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));

    const detail = await screen.findByTestId('launch-detail');
    expect(detail.getAttribute('data-launch-id')).toBe('launch-1');
    expect(screen.getByTestId('launch-phase').getAttribute('data-phase')).toBe('requested');
    expect(screen.getByText(/Launch of skeleton started/)).toBeTruthy();

    const [started] = api.data.launches;
    act(() =>
      api.emit('launch.updated', {
        ...started,
        phase: 'succeeded',
        instanceId: 'i-0abc',
        instanceState: 'running',
        outcome: { result: 'success', exitCode: 0, signal: null },
      }),
    );
    expect(screen.getByTestId('launch-phase').getAttribute('data-phase')).toBe('succeeded');
    expect(screen.getByTestId('instance-state').textContent).toBe('running');
    expect(screen.getByTestId('outcome').getAttribute('data-result')).toBe('success');
  });
});
