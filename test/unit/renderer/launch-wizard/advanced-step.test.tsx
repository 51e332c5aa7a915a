// @vitest-environment happy-dom
// The Advanced step: each rule blocks Next with a field message, the choices reach the spec, and a count above 1
// launches through launch.startBatch and hands the batch over.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clickCheckbox,
  clickRadio,
  clickTile,
  expectBlockedOn,
  expectStep,
  next,
  patient,
  renderWizard,
  toStep,
  type,
} from './wizard-driver';

afterEach(cleanup);

describe('LaunchWizard: advanced', () => {
  it.each([
    ['0', /Launch at least 1 instance/],
    ['21', /at most 20 instances/],
    ['1.5', /The count is a whole number/],
  ])('blocks Next on a count of %s', async (count, message) => {
    renderWizard();
    await toStep('advanced');
    type('instance-count-input', count);
    next();
    await expectBlockedOn('advanced', message);
  });

  it('blocks Next on a malformed instance profile and on hours out of range', async () => {
    renderWizard();
    await toStep('advanced');
    type('instance-profile-input', 'not a profile!');
    clickCheckbox('auto-terminate-checkbox');
    type('auto-terminate-hours-input', '500');
    next();
    await expectBlockedOn('advanced', /Type an instance profile name/);
    expect(screen.getByText(/At most 168 hours/)).toBeTruthy();
  });

  it('blocks termination protection together with automatic termination', async () => {
    renderWizard();
    await toStep('advanced');
    clickCheckbox('termination-protection-checkbox');
    clickCheckbox('auto-terminate-checkbox');
    next();
    await expectBlockedOn('advanced', /Termination protection would stop Kiln from terminating the instance/);
  });

  it('blocks a new key pair for several instances', async () => {
    renderWizard();
    await toStep('key-pair');
    clickTile('key-pair-mode', 'create');
    type('key-pair-name-input', 'once');
    type('key-save-path-input', '/home/me/.ssh/once');
    await toStep('advanced', { from: 'key-pair' });
    type('instance-count-input', '2');
    next();
    await expectBlockedOn('advanced', /choose an existing key pair or none/);
  });

  it('sends the options with launch.start and shows them on the review', async () => {
    const { api, onLaunched } = renderWizard();
    await toStep('advanced');
    clickCheckbox('imdsv2-checkbox');
    type('instance-profile-input', 'kiln-builder');
    clickRadio('shutdown-behavior-radio', 'terminate');
    clickCheckbox('auto-terminate-checkbox');
    type('auto-terminate-hours-input', '6');
    next();
    await expectStep('review');
    expect(screen.getByTestId('review-auto-terminate').textContent).toBe('6 hours after launch');
    expect(screen.getByText('IMDSv1 and IMDSv2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(onLaunched).toHaveBeenCalledTimes(1));
    expect(api.callsOf('launch.start')[0].spec.advanced).toEqual({
      imdsv2Required: false,
      instanceProfile: 'kiln-builder',
      shutdownBehavior: 'terminate',
      terminationProtection: false,
      count: 1,
      autoTerminateAfterHours: 6,
    });
  });

  it('blocks Next on a probe whose failure threshold is shorter than its interval, at the probe', async () => {
    renderWizard();
    await toStep('advanced');
    fireEvent.click(screen.getByTestId('add-probe-button'));
    type('probe-0-port', '8080');
    type('probe-0-intervalSeconds', '60');
    type('probe-0-thresholdSeconds', '30');
    next();
    await expectBlockedOn('advanced', /The failure threshold \(30 s\) is shorter than the interval \(60 s\)/);
    type('probe-0-thresholdSeconds', '300');
    type('probe-0-path', 'status');
    next();
    await expectBlockedOn('advanced', /The URL path starts with \//);
  });

  it('sends the probes with launch.start', async () => {
    const { api, onLaunched } = renderWizard();
    await toStep('advanced');
    fireEvent.click(screen.getByTestId('add-probe-button'));
    type('probe-0-port', '8080');
    type('probe-0-path', '/health');
    type('probe-0-bodyContains', 'ok');
    next();
    await expectStep('review');
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(onLaunched).toHaveBeenCalledTimes(1));
    expect(api.callsOf('launch.start')[0].spec.probes).toEqual([
      {
        protocol: 'http',
        port: 8080,
        path: '/health',
        expectedStatus: 200,
        bodyContains: 'ok',
        intervalSeconds: 60,
        thresholdSeconds: 300,
        requireValidCertificate: false,
      },
    ]);
  });

  it('launches a count of 3 with launch.startBatch and hands over the three launches', async () => {
    const { api, onLaunched, onLaunchedMany } = renderWizard();
    await toStep('advanced');
    type('instance-count-input', '3');
    next();
    await expectStep('review');
    expect(screen.getByTestId('review-count').textContent).toBe('3');
    fireEvent.click(screen.getByRole('button', { name: 'Launch 3 instances' }));
    await waitFor(() => expect(onLaunchedMany).toHaveBeenCalledTimes(1), patient);
    expect(api.callsOf('launch.start')).toEqual([]);
    expect(api.callsOf('launch.startBatch')[0].spec.advanced?.count).toBe(3);
    const { launched } = onLaunchedMany.mock.calls[0][0] as { launched: { spec: { name: string } }[] };
    expect(launched.map((r) => r.spec.name)).toEqual(['web-1-1', 'web-1-2', 'web-1-3']);
    expect(onLaunched).not.toHaveBeenCalled();
  });

  it('shows a batch that failed before launching anything on its field', async () => {
    const { api } = renderWizard();
    api.respond('launch.startBatch', () => ({
      ok: false,
      error: {
        code: 'InstanceTypeNotOffered',
        message: 't3.micro is not offered here.',
        remedy: 'Pick another type.',
        field: 'instanceType',
      },
    }));
    await toStep('advanced');
    type('instance-count-input', '2');
    next();
    await expectStep('review');
    fireEvent.click(screen.getByRole('button', { name: 'Launch 2 instances' }));
    const alert = await screen.findByTestId('wizard-error');
    expect(alert.textContent).toContain('The launches did not start');
    fireEvent.click(screen.getByRole('button', { name: 'Go to Instance type' }));
    await expectStep('instance-type');
    expect(screen.getAllByText('t3.micro is not offered here.').length).toBeGreaterThan(1);
  });
});
