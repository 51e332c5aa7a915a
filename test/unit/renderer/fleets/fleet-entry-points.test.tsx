// @vitest-environment happy-dom
// Create fleet opened from a launch's outcome (its choices and baked image; without one, Save as AMI or the launch's
// own AMI plainly marked) and from the wizard's Review on a Kiln-baked image, in the app against the fake API.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchSpec } from '../../../../electron/common/models';
import { App } from '../../../../renderer/src/app';
import { AL2023_X86, createFakeKilnApi, KILN_BAKED_IMAGE } from '../../../support/fake-kiln-api';
import { availableBake, succeededRecord } from '../launch-detail/bake/bake-fixtures';
import { patient, toStep } from '../launch-wizard/wizard-driver';
import { cloudscape } from '../render-with-api';

afterEach(cleanup);

const spec: LaunchSpec = {
  ...succeededRecord().spec,
  name: 'shop',
  instanceType: 't3.small',
  keyPair: { mode: 'existing', name: 'ops' },
  network: {
    vpcId: 'vpc-01234567',
    subnetId: 'subnet-0a0a0a0a0a0a0a0a0',
    publicIp: 'subnet',
    securityGroupMode: 'existing',
    existingGroupIds: ['sg-0fedcba9876543210'],
    source: 'my-ip',
    cidr: '',
    confirmOpenToInternet: false,
  },
  advanced: {
    imdsv2Required: true,
    instanceProfile: 'shop-role',
    shutdownBehavior: 'stop',
    terminationProtection: false,
    count: 1,
  },
  storage: { rootVolumeSizeGiB: 16, volumeType: 'gp3', encrypted: true },
};

const inputValue = (testId: string) => screen.getByTestId<HTMLInputElement>(testId).value;
const imageInput = () =>
  cloudscape().findAutosuggest('[data-testid="fleet-image-input"]')!.findNativeInput().getElement().value;

async function openCreateFleetFromLaunch(bakes = [availableBake()]) {
  const record = succeededRecord({ id: 'launch-a', spec, bakes });
  const api = createFakeKilnApi({ launches: [record], bakeTickMs: null });
  window.history.replaceState(null, '', '/#/launches/launch-a');
  render(<App api={api} />);
  fireEvent.click(await screen.findByTestId('outcome-create-fleet-button', {}, patient));
  await screen.findByTestId('create-fleet-view', {}, patient);
  return api;
}

describe('Create fleet from a launch', () => {
  it('fills the form with the launch’s choices and its baked image', async () => {
    await openCreateFleetFromLaunch();
    expect(window.location.hash).toBe('#/fleets/new');
    expect(screen.getByTestId('fleet-prefill-notice').textContent).toContain('Filled in from the launch shop');
    expect(inputValue('fleet-name-input')).toBe('shop');
    expect(imageInput()).toBe(availableBake().images[0].imageId);
    expect(inputValue('fleet-instance-profile-input')).toBe('shop-role');
    expect(inputValue('root-volume-size-input')).toBe('16');
    const groups = cloudscape().findMultiselect('[data-testid="fleet-security-groups-select"]')!;
    await waitFor(() => expect(groups.findTokens()).toHaveLength(1), patient);
    expect(groups.findTokens()[0].getElement().textContent).toContain('corp-ssh');
    expect(screen.queryByTestId('fleet-image-needed')).toBeNull();
  });

  it('without a baked image, asks for one: Save as AMI, or the launch’s AMI without the install', async () => {
    await openCreateFleetFromLaunch([]);
    const needed = screen.getByTestId('fleet-image-needed');
    expect(needed.textContent).toContain('does not hold what the install put on the instance');
    expect(imageInput()).toBe('');
    fireEvent.click(screen.getByTestId('fleet-save-as-ami'));
    expect(await screen.findByTestId('bake-dialog', {}, patient)).toBeTruthy();
    fireEvent.click(screen.getByTestId('bake-cancel'));
    fireEvent.click(screen.getByTestId('fleet-use-launch-ami'));
    expect(imageInput()).toBe(spec.imageId);
    expect(screen.queryByTestId('fleet-image-needed')).toBeNull();
  });
});

describe('Create fleet from the wizard', () => {
  it('offers a fleet on Review for a Kiln-baked image, carrying the wizard’s choices', async () => {
    const api = createFakeKilnApi({ quickStart: [KILN_BAKED_IMAGE], images: [KILN_BAKED_IMAGE] });
    window.history.replaceState(null, '', '/#/new-launch');
    render(<App api={api} />);
    await toStep('review');
    fireEvent.click(screen.getByTestId('review-create-fleet-button'));
    await screen.findByTestId('create-fleet-view', {}, patient);
    expect(screen.getByTestId('fleet-prefill-notice').textContent).toContain('Filled in from the launch wizard');
    expect(imageInput()).toBe(KILN_BAKED_IMAGE.imageId);
  });

  it('makes no offer for an image Kiln did not bake', async () => {
    window.history.replaceState(null, '', '/#/new-launch');
    render(<App api={createFakeKilnApi({ quickStart: [AL2023_X86], images: [AL2023_X86] })} />);
    await toStep('review');
    expect(screen.getByTestId('review-name')).toBeTruthy();
    expect(screen.queryByTestId('review-fleet-offer')).toBeNull();
  });
});
