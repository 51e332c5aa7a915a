// @vitest-environment happy-dom
// The Review step: a section per step with an Edit link back to it, the cost from launch.estimate (or "unknown"),
// and what Kiln creates and what stays after terminate.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LaunchWizard } from '../../../../renderer/src/launch-wizard/launch-wizard';
import { STEPS } from '../../../../renderer/src/launch-wizard/step-definitions';
import { renderWithApi } from '../render-with-api';
import { AL2023_X86, createFakeKilnApi, WINDOWS_IMAGE } from '../../../support/fake-kiln-api';
import { expectStep, patient, renderWizard, toStep, type } from './wizard-driver';

afterEach(cleanup);

describe('LaunchWizard: review', () => {
  it('has a section with an Edit link for every step, each going back to its step', async () => {
    renderWizard();
    await toStep('review');
    for (const step of STEPS.slice(0, -1)) {
      expect(screen.getByRole('button', { name: `Edit ${step.title.toLowerCase()}` })).toBeTruthy();
    }
    fireEvent.click(screen.getByRole('button', { name: 'Edit storage' }));
    await expectStep('storage');
  });

  it('estimates the cost per hour and per day from the instance price, the root volume and the count', async () => {
    // The fake answers launch.estimate with Kiln's own launchCost; the figures here are AWS's list prices, worked
    // out by hand: t3.micro at $0.0104 an hour (the fake's snapshot), gp3 at $0.08 per GB-month.
    const { api } = renderWizard();
    await toStep('storage');
    type('root-volume-size-input', '20');
    await toStep('advanced', { from: 'storage' });
    type('instance-count-input', '2');
    await toStep('review', { from: 'advanced' });
    const volumePerDay = (0.08 * 20 * 12) / 365;
    const perDay = (0.0104 * 24 + volumePerDay) * 2;
    await waitFor(
      () => expect(screen.getByTestId('estimate-per-day').textContent).toBe(`$${perDay.toFixed(4)}`),
      patient,
    );
    expect(screen.getByTestId('estimate-per-hour').textContent).toBe(`$${(perDay / 24).toFixed(4)}`);
    expect(screen.getByTestId('estimate-price-note').textContent).toBe(
      'Linux on-demand: price snapshot of 2026-11-01, us-east-1',
    );
    expect(api.callsOf('launch.estimate').at(-1)!.spec).toMatchObject({
      instanceType: 't3.micro',
      storage: { rootVolumeSizeGiB: 20, volumeType: 'gp3' },
      advanced: { count: 2 },
    });
  });

  it('gives no Linux price for a Windows AMI, and says why', async () => {
    renderWizard(createFakeKilnApi({ quickStart: [WINDOWS_IMAGE], images: [WINDOWS_IMAGE] }));
    await toStep('review');
    await waitFor(() => expect(screen.getByTestId('estimate-per-hour').textContent).toBe('unknown'), patient);
    expect(screen.getByTestId('estimate-price-note').textContent).toBe("Windows prices are not in Kiln's price data");
  });

  it('says "unknown" when the instance type has no price', async () => {
    renderWizard(createFakeKilnApi({ prices: { prices: {} } }));
    await toStep('review');
    await waitFor(() => expect(screen.getByTestId('estimate-per-hour').textContent).toBe('unknown'), patient);
    expect(screen.getByTestId('estimate-per-day').textContent).toBe('unknown');
  });

  it('lists what Kiln creates (the agent rule for My IP only) and what is left after terminate', async () => {
    renderWizard();
    await toStep('review');
    await waitFor(
      () => expect(screen.getByTestId('review-created').textContent).toContain('from 203.0.113.9/32 only'),
      patient,
    );
    const created = screen.getByTestId('review-created').textContent;
    expect(created).toContain('security group: the agent port (8443) and SSH (22)');
    expect(created).toContain('artifact bucket');
    expect(created).toContain('/kiln/launches/<launch id>/agent');
    expect(screen.getByTestId('review-deleted').textContent).toContain('The security group');
    expect(screen.getByTestId('review-kept').textContent).toContain('The install log on this computer');
    expect(screen.getByText(AL2023_X86.imageId, { exact: false })).toBeTruthy();
  });
});

describe('LaunchWizard: review of a name Kiln did not write', () => {
  it('spells out direction characters in a name that came from AWS (Launch again of an imported launch)', async () => {
    const spec = {
      profileId: 'sandbox',
      region: 'us-east-1',
      name: 'found\u202e-2',
      imageId: AL2023_X86.imageId,
      instanceType: 't3.micro',
      installScript: 'echo hi',
    };
    renderWithApi(
      <LaunchWizard prefill={{ spec, source: 'the launch found' }} onLaunched={() => {}} onCancel={() => {}} />,
      createFakeKilnApi(),
    );
    await screen.findByTestId('wizard-fill-notice', {}, patient);
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('us-east-1'), patient);
    await toStep('review');
    expect(screen.getByTestId('review-name').textContent).toBe('found<U+202E>-2');
  });
});
