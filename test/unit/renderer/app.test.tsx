// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app';
import { createFakeKilnApi, launchRecord, type FakeKilnApi } from '../../support/fake-kiln-api';
import './render-with-api';

afterEach(cleanup);

function renderApp(api: FakeKilnApi) {
  render(<App api={api} />);
  return api;
}

const older = launchRecord({ id: 'launch-a', createdAt: '2025-01-14T09:00:00.000Z', spec: { ...launchRecord().spec, name: 'older' } });
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
    const names = within(table).getAllByRole('row').slice(1).map((row) => row.textContent ?? '');
    expect(names[0]).toContain('newer');
    expect(names[0]).toContain('failed');
    expect(names[1]).toContain('older');

    act(() => api.emit('launch.updated', { ...older, phase: 'succeeded', instanceState: 'running' }));
    const row = within(table).getByTestId('launch-link-launch-a').closest('tr')!;
    expect(row.textContent).toContain('succeeded');
  });

  it('shows the empty state with a launch button, and a load error with its remedy', async () => {
    const api = createFakeKilnApi();
    api.respond('launch.list', () => ({
      ok: false,
      error: { code: 'StoreUnreadable', message: 'The launch store is unreadable.', remedy: 'Check ~/.kiln permissions.' },
    }));
    renderApp(api);
    expect(await screen.findByText('Check ~/.kiln permissions.')).toBeTruthy();
    expect(screen.getByText('No launches yet')).toBeTruthy();
  });

  it('opens a launch from its name and comes back', async () => {
    renderApp(createFakeKilnApi({ launches: [older] }));
    fireEvent.click(await screen.findByTestId('launch-link-launch-a'));
    expect((await screen.findByTestId('launch-detail')).getAttribute('data-launch-id')).toBe('launch-a');
    fireEvent.click(screen.getByTestId('back-to-launches'));
    expect(await screen.findByTestId('launches-table')).toBeTruthy();
  });
});

describe('App: the walking skeleton', () => {
  it('goes from the launch button through the wizard to the new launch, then follows its events', async () => {
    const api = renderApp(createFakeKilnApi());
    fireEvent.click(await screen.findByTestId('launch-instance-button'));
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('us-east-1'));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t3.micro'));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.change(await screen.findByTestId('instance-name-input'), { target: { value: 'skeleton' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));

    const detail = await screen.findByTestId('launch-detail');
    expect(detail.getAttribute('data-launch-id')).toBe('launch-1');
    expect(screen.getByTestId('launch-phase').getAttribute('data-phase')).toBe('requested');
    expect(screen.getByText(/Launch of skeleton started/)).toBeTruthy();

    const [started] = api.data.launches;
    act(() =>
      api.emit('launch.updated', {
        ...started!,
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
