// @vitest-environment happy-dom
// The Health section of the launch page: each probe's state, last result, port warning and 24 h chart, live updates
// from health.probes.updated, and the editor with its inline checks (the contract's schema) and saving.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActiveProbe, LaunchProbes, ProbePoint } from '../../../../electron/common/models';
import { ProbesPanel } from '../../../../renderer/src/launch-detail/probes-panel';
import { createFakeKilnApi, launchRecord } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';

afterEach(cleanup);

const probe: ActiveProbe = {
  id: 'web',
  protocol: 'http',
  port: 8080,
  path: '/health',
  expectedStatus: 200,
  bodyContains: 'ok',
  intervalSeconds: 60,
  thresholdSeconds: 300,
  requireValidCertificate: false,
};
const URL = 'http://127.1.2.3:8080/health';
const T0 = Date.parse('2026-12-07T10:00:00.000Z');

function launchProbes(state: 'up' | 'down', at: number): LaunchProbes {
  return {
    launchId: 'launch-1',
    health: state,
    probes: [
      {
        probe,
        url: URL,
        state,
        last:
          state === 'up'
            ? { at: new Date(at).toISOString(), ok: true, latencyMs: 12, status: 200 }
            : {
                at: new Date(at).toISOString(),
                ok: false,
                latencyMs: null,
                status: null,
                error: 'Connection refused.',
              },
        portNotice: {
          message: 'Port 8080 is not open to your address (203.0.113.7/32) in sg-1.',
          remedy: 'Add an inbound rule for tcp 8080 from 203.0.113.7/32 to sg-1.',
        },
      },
    ],
  };
}

function setup() {
  const record = launchRecord({ phase: 'succeeded', spec: { ...launchRecord().spec, probes: [probe] } });
  const points: ProbePoint[] = Array.from({ length: 120 }, (_, i) => [T0 + i * 60_000, i % 10 !== 0, 10 + i, 200]);
  const api = createFakeKilnApi({
    launches: [record],
    probes: { 'launch-1': launchProbes('up', T0 + 119 * 60_000) },
    probeHistory: { 'launch-1': { launchId: 'launch-1', probes: [{ probeId: 'web', points }] } },
  });
  const onRecord = vi.fn();
  renderWithApi(<ProbesPanel record={record} onRecord={onRecord} />, api);
  return { api, onRecord };
}

describe('probes panel', () => {
  it('shows each probe with its state, last result, port warning and a 24 h chart', async () => {
    setup();
    const view = await screen.findByTestId('probe-web');
    expect(view.getAttribute('data-state')).toBe('up');
    expect(view.textContent).toContain(URL);
    expect(within(view).getByTestId('probe-last').textContent).toMatch(/HTTP 200 in 12 ms$/);
    expect(within(view).getByTestId('probe-port-notice').textContent).toContain(
      'Add an inbound rule for tcp 8080 from 203.0.113.7/32 to sg-1.',
    );
    const chart = within(view).getByTestId('probe-chart');
    await waitFor(() => expect(chart.getAttribute('data-points')).toBe('120'));
    expect(chart.textContent).toContain('Up in 90% of 120 checks over the last 24 hours.');
    expect(screen.getByTestId('probes-panel').getAttribute('data-health')).toBe('up');
  });

  it('follows health.probes.updated: the state changes and the new result joins the chart', async () => {
    const { api } = setup();
    const chart = await screen.findByTestId('probe-chart');
    await waitFor(() => expect(chart.getAttribute('data-points')).toBe('120'));
    act(() =>
      api.emit('health.probes.updated', {
        launch: launchProbes('down', T0 + 120 * 60_000),
        transitions: [{ launchId: 'launch-1', launchName: 'web-1', probeId: 'web', url: URL, to: 'down' }],
      }),
    );
    expect(screen.getByTestId('probe-web').getAttribute('data-state')).toBe('down');
    expect(screen.getByTestId('probe-last').textContent).toContain('Connection refused.');
    expect(screen.getByTestId('probe-chart').getAttribute('data-points')).toBe('121');
    expect(screen.getByTestId('probes-panel').getAttribute('data-health')).toBe('down');
  });

  it('checks the probes inline and saves them through health.probes.set', async () => {
    const { api, onRecord } = setup();
    fireEvent.click(await screen.findByTestId('edit-probes-button'));
    const threshold = screen.getByTestId<HTMLInputElement>('probe-0-thresholdSeconds');
    fireEvent.change(threshold, { target: { value: '30' } });
    expect(
      await screen.findByText(
        'The failure threshold (30 s) is shorter than the interval (60 s): make it at least one interval.',
      ),
    ).toBeTruthy();
    expect(screen.getByTestId<HTMLButtonElement>('save-probes-button').disabled).toBe(true);
    fireEvent.change(screen.getByTestId('probe-0-path'), { target: { value: 'health' } });
    expect(await screen.findByText(/The URL path starts with \//)).toBeTruthy();

    fireEvent.change(screen.getByTestId('probe-0-path'), { target: { value: '/ready' } });
    fireEvent.change(threshold, { target: { value: '120' } });
    fireEvent.click(screen.getByTestId('add-probe-button'));
    fireEvent.change(screen.getByTestId('probe-1-port'), { target: { value: '443' } });
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('save-probes-button').disabled).toBe(false));
    fireEvent.click(screen.getByTestId('save-probes-button'));
    await waitFor(() => expect(api.callsOf('health.probes.set')).toHaveLength(1));
    expect(api.callsOf('health.probes.set')[0]).toEqual({
      launchId: 'launch-1',
      probes: [
        { ...probe, path: '/ready', thresholdSeconds: 120 },
        {
          protocol: 'http',
          port: 443,
          path: '/',
          expectedStatus: 200,
          bodyContains: '',
          intervalSeconds: 60,
          thresholdSeconds: 300,
          requireValidCertificate: false,
        },
      ],
    });
    await waitFor(() => expect(screen.queryByTestId('save-probes-button')).toBeNull());
    expect(onRecord).toHaveBeenCalledWith(
      expect.objectContaining({ spec: expect.objectContaining({ probes: expect.any(Array) as unknown }) as unknown }),
    );
    expect(screen.getByTestId('probe-new-1').getAttribute('data-state')).toBe('pending');
  });
});
