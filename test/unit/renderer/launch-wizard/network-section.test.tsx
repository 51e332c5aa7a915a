// @vitest-environment happy-dom
// The wizard's network section: VPC (default preselected), the chosen VPC's subnets and groups, the public IP choice
// with its warning, Kiln's or existing security groups, and what launch.start receives.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeKilnApi, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape, selectOption } from '../render-with-api';
import { expectBlockedOn, next, patient, renderWizard as render, toStep } from './wizard-driver';

afterEach(cleanup);

async function toNetworkStep() {
  await toStep('network');
}

async function launch(api: FakeKilnApi) {
  await toStep('review', { from: 'network' });
  fireEvent.click(await screen.findByRole('button', { name: 'Launch' }, patient));
  await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1), patient);
  return api.callsOf('launch.start')[0].spec.network;
}

const renderWizard = (api: FakeKilnApi = createFakeKilnApi()) => render(api).api;

describe('LaunchWizard: network section', () => {
  it('preselects the default VPC, and lists the subnets of a chosen VPC with their zone and public IP setting', async () => {
    const api = renderWizard();
    await toNetworkStep();
    await waitFor(
      () => expect(screen.getByTestId('vpc-select').textContent).toContain('vpc-01234567 (default)'),
      patient,
    );
    expect(api.callsOf('network.subnets').at(-1)).toMatchObject({ vpcId: '' });

    selectOption('vpc-select', 'vpc-0c0c0c0c0c0c0c0c0');
    await waitFor(() =>
      expect(api.callsOf('network.subnets').at(-1)).toMatchObject({ vpcId: 'vpc-0c0c0c0c0c0c0c0c0' }),
    );
    const subnet = cloudscape().findSelect('[data-testid="subnet-select"]')!;
    subnet.openDropdown();
    await waitFor(() => expect(subnet.findDropdown().findOptionByValue('subnet-0c0c0c0c0c0c0c0c0')).toBeTruthy());
    expect(subnet.findDropdown().findOptionByValue('subnet-0a0a0a0a0a0a0a0a0')).toBeNull();
    expect(subnet.findDropdown().findOptionByValue('subnet-0c0c0c0c0c0c0c0c0')!.getElement().textContent).toContain(
      'us-east-1a',
    );
    expect(subnet.findDropdown().findOptionByValue('subnet-0c0c0c0c0c0c0c0c0')!.getElement().textContent).toContain(
      'no public IP on launch',
    );
    subnet.selectOptionByValue('subnet-0c0c0c0c0c0c0c0c0');

    // That subnet assigns no public IP: the section says what that means until the operator enables one.
    await screen.findByTestId('no-public-ip-warning');
    fireEvent.click(
      cloudscape().find('[data-testid="public-ip-control"]')!.findSegmentedControl()!.findSegments()[1].getElement(),
    );
    await waitFor(() => expect(screen.queryByTestId('no-public-ip-warning')).toBeNull());

    expect(await launch(api)).toMatchObject({
      vpcId: 'vpc-0c0c0c0c0c0c0c0c0',
      subnetId: 'subnet-0c0c0c0c0c0c0c0c0',
      publicIp: 'enable',
      securityGroupMode: 'kiln',
    });
  });

  it('needs at least one existing group in that mode, shows their rules, and sends the choice', async () => {
    const api = renderWizard();
    await toNetworkStep();
    fireEvent.click(
      cloudscape().find('[data-testid="security-group-mode"]')!.findTiles()!.findInputByValue('existing')!.getElement(),
    );
    expect(screen.getByText('Allow the agent port from')).toBeTruthy();
    next();
    await expectBlockedOn('network', /Choose at least one existing security group/);

    const groups = cloudscape().findMultiselect('[data-testid="existing-groups-select"]')!;
    groups.openDropdown();
    await waitFor(() => expect(groups.findDropdown().findOptionByValue('sg-0fedcba9876543210')).toBeTruthy());
    expect(groups.findDropdown().findOptionByValue('sg-0fedcba9876543210')!.getElement().textContent).toContain(
      'tcp 22 from 198.51.100.0/24',
    );
    groups.selectOptionByValue('sg-0fedcba9876543210');

    expect(await launch(api)).toMatchObject({
      securityGroupMode: 'existing',
      existingGroupIds: ['sg-0fedcba9876543210'],
    });
  });

  it('asks for a confirmation for a /24, none for a /32', async () => {
    const api = renderWizard();
    await toNetworkStep();
    fireEvent.click(
      cloudscape().find('[data-testid="source-radio"]')!.findRadioGroup()!.findInputByValue('cidr')!.getElement(),
    );
    const cidr = await screen.findByTestId('source-cidr-input');
    fireEvent.change(cidr, { target: { value: '198.51.100.7/32' } });
    expect(screen.queryByTestId('confirm-open-checkbox')).toBeNull();
    fireEvent.change(cidr, { target: { value: '198.51.100.0/24' } });
    expect(screen.getByText(/198\.51\.100\.0\/24 opens the agent port and SSH to 256 addresses/)).toBeTruthy();
    next();
    await expectBlockedOn('network', /256 addresses; confirm it/);
    fireEvent.click(
      cloudscape().find('[data-testid="confirm-open-checkbox"]')!.findCheckbox()!.findNativeInput().getElement(),
    );
    expect(await launch(api)).toMatchObject({ source: 'cidr', cidr: '198.51.100.0/24', confirmOpenToInternet: true });
  });

  it('chooses the VPC, subnet and groups again after the region changes', async () => {
    const api = renderWizard();
    await toNetworkStep();
    await waitFor(() => expect(screen.getByTestId('vpc-select').textContent).toContain('(default)'), patient);
    selectOption('vpc-select', 'vpc-0c0c0c0c0c0c0c0c0');
    await waitFor(() =>
      expect(api.callsOf('network.subnets').at(-1)).toMatchObject({ vpcId: 'vpc-0c0c0c0c0c0c0c0c0' }),
    );
    fireEvent.click(cloudscape().findWizard()!.findMenuNavigationLink(1)!.getElement());
    await screen.findByTestId('region-select', {}, patient);
    selectOption('region-select', 'eu-west-1');
    await toStep('network');
    await waitFor(() => expect(screen.getByTestId('vpc-select').textContent).toContain('(default)'), patient);
    expect(await launch(api)).toMatchObject({ vpcId: '', subnetId: '', existingGroupIds: [] });
  });

  it('shows a saved VPC that is not in the region as no choice, and asks for one', async () => {
    const api = createFakeKilnApi({
      wizardDefaults: {
        sandbox: {
          region: 'us-east-1',
          network: {
            vpcId: 'vpc-0dddddddddddddddd',
            subnetId: 'subnet-0dddddddddddddddd',
            publicIp: 'subnet',
            securityGroupMode: 'kiln',
            existingGroupIds: [],
            source: 'my-ip',
            cidr: '',
          },
        },
      },
    });
    renderWizard(api);
    await waitFor(() => expect(screen.queryByTestId('wizard-fill-notice')).not.toBeNull(), patient);
    await toNetworkStep();
    await waitFor(() => expect(screen.getByTestId('vpc-select').textContent).toContain('Choose a VPC'), patient);
    expect(screen.getByTestId('subnet-select').textContent).toContain('Choose a subnet');
    next();
    await expectBlockedOn('network', /The VPC vpc-0dddddddddddddddd is not in this account and region/);
  });

  it('says RDP instead of SSH for a Windows AMI', async () => {
    const windows = {
      imageId: 'ami-b7e93bce',
      name: 'Windows_Server-2016',
      label: 'Windows Server',
      architecture: 'x86_64',
      platform: 'windows' as const,
    };
    renderWizard(createFakeKilnApi({ quickStart: [windows], images: [windows] }));
    await toNetworkStep();
    expect(screen.getByText('Allow the agent port and RDP from')).toBeTruthy();
  });
});
