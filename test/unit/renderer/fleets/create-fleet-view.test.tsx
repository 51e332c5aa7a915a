// @vitest-environment happy-dom
// Create fleet against the fake API: the form opened from an image, Review showing the plan (every resource, the
// cost at min and at max, what Delete removes), a refusal shown at its field, and Create; and the Images page's
// Create fleet action opening it in the app.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../../renderer/src/app';
import { CreateFleetView } from '../../../../renderer/src/fleets/create-fleet-view';
import { fail } from '../../../../electron/common/result';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { AVAILABLE } from '../images/image-fixtures';
import { cloudscape, renderWithApi } from '../render-with-api';
import { patient } from '../launch-wizard/wizard-driver';

afterEach(cleanup);

const PREFILL = { profileId: 'sandbox', region: 'us-east-1', imageId: AVAILABLE.imageId, imageName: 'web-golden' };
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

function renderCreate() {
  const api = createFakeKilnApi({
    bakedImages: [AVAILABLE],
    bakeTickMs: null,
    hostedZones: [{ id: 'Z0123456789', name: 'example.test', private: false, recordCount: 3 }],
  });
  const onCreated = vi.fn();
  renderWithApi(<CreateFleetView prefill={PREFILL} onCreated={onCreated} onCancel={vi.fn()} />, api);
  return { api, onCreated };
}

async function fillForm() {
  await waitFor(() => expect(screen.getByTestId('fleet-region-select').textContent).toContain('us-east-1'), patient);
  type('fleet-name-input', 'web');
  const subnets = cloudscape().findMultiselect('[data-testid="fleet-subnets-select"]')!;
  subnets.openDropdown();
  await waitFor(() => expect(subnets.findDropdown().findOptionByValue('subnet-0b0b0b0b0b0b0b0b0')).toBeTruthy());
  expect(subnets.findDropdown().findOptionByValue('subnet-0b0b0b0b0b0b0b0b0')!.getElement().textContent).toContain(
    'us-east-1b',
  );
  subnets.selectOptionByValue('subnet-0a0a0a0a0a0a0a0a0');
  subnets.selectOptionByValue('subnet-0b0b0b0b0b0b0b0b0');
  // My IP is the default source; wait until it is known.
  await waitFor(() => expect(screen.getByTestId('fleet-source-radio').textContent).toContain('203.0.113.9/32'));
}

describe('Create fleet', () => {
  it('reviews the plan with its cost and what Delete removes, then creates the fleet', async () => {
    const { api, onCreated } = renderCreate();
    expect(screen.getByTestId('fleet-prefill-notice').textContent).toContain('web-golden');
    await fillForm();
    type('fleet-max-input', '3');
    fireEvent.click(screen.getByTestId('fleet-review-button'));

    const review = await screen.findByTestId('fleet-review', {}, patient);
    const spec = api.callsOf('fleets.preview')[0].spec;
    expect(spec).toMatchObject({
      profileId: 'sandbox',
      region: 'us-east-1',
      name: 'web',
      imageId: AVAILABLE.imageId,
      instanceType: 't3.micro',
      subnetIds: ['subnet-0a0a0a0a0a0a0a0a0', 'subnet-0b0b0b0b0b0b0b0b0'],
      capacity: { min: 1, desired: 1, max: 3 },
      cpuTarget: 80,
      loadBalancer: { allowedCidr: '203.0.113.9/32', healthCheckPath: '/ping', listenerPort: 80 },
    });
    const rows = within(screen.getByTestId('fleet-plan-resources')).getAllByRole('row');
    // A header row, then the two groups, template, target group, balancer, listener, Auto Scaling group, policy.
    expect(rows).toHaveLength(9);
    expect(review.textContent).toContain('Target tracking: adds or removes instances to keep average CPU near 80 %.');
    // The fake prices an instance at $0.0104/h; the load balancer adds $0.0225/h.
    expect(Number(screen.getByTestId('fleet-cost-min').getAttribute('data-value'))).toBeCloseTo(0.0329, 4);
    expect(Number(screen.getByTestId('fleet-cost-max').getAttribute('data-value'))).toBeCloseTo(0.0537, 4);
    expect(screen.getByTestId('fleet-cost-max').textContent).toBe('$0.0537/h');
    const order = within(screen.getByTestId('fleet-delete-order')).getAllByRole('listitem');
    expect(order[0].textContent).toMatch(/^scaling-policy /);
    expect(order.at(-1)!.textContent).toMatch(/^security-group .*-lb$/);

    fireEvent.click(screen.getByTestId('fleet-create'));
    await waitFor(() => expect(onCreated).toHaveBeenCalled(), patient);
    expect(onCreated.mock.calls[0][0]).toMatchObject({ state: 'active', spec: { name: 'web' } });
    expect(api.callsOf('fleets.create')).toHaveLength(1);
  });

  it('shows a refusal at its field, and a changed form needs a new review', async () => {
    const { api } = renderCreate();
    await fillForm();
    fireEvent.click(cloudscape().findToggle('[data-testid="fleet-dns-toggle"]')!.findNativeInput().getElement());
    const zones = cloudscape().findSelect('[data-testid="fleet-zone-select"]')!;
    zones.openDropdown();
    await waitFor(() => expect(zones.findDropdown().findOptionByValue('Z0123456789')).toBeTruthy(), patient);
    zones.selectOptionByValue('Z0123456789');
    type('fleet-record-input', 'taken.example.test');
    api.respond('fleets.preview', () =>
      fail({
        code: 'DnsNameTaken',
        message: 'taken.example.test already has a record in example.test. Nothing was created.',
        remedy: 'Choose another name, or delete that record first.',
        field: 'dns.recordName',
      }),
    );
    fireEvent.click(screen.getByTestId('fleet-review-button'));
    const refusal = await screen.findByTestId('fleet-refusal', {}, patient);
    expect(api.callsOf('fleets.preview')[0].spec.dns).toEqual({
      hostedZoneId: 'Z0123456789',
      recordName: 'taken.example.test',
    });
    expect(refusal.textContent).toContain('see the highlighted field');
    const field = cloudscape().findFormField(':has([data-testid="fleet-record-input"])')!;
    expect(field.findError()!.getElement().textContent).toContain('taken.example.test already has a record');
    expect(screen.queryByTestId('fleet-review')).toBeNull();

    type('fleet-record-input', 'free.example.test');
    expect(screen.queryByTestId('fleet-refusal')).toBeNull();
    expect(screen.queryByTestId('fleet-create')).toBeNull();
  });

  it('sends the chosen security groups, instance profile and root volume, and shows their refusals at them', async () => {
    const { api } = renderCreate();
    await fillForm();
    const groups = cloudscape().findMultiselect('[data-testid="fleet-security-groups-select"]')!;
    groups.openDropdown();
    await waitFor(() => expect(groups.findDropdown().findOptionByValue('sg-0fedcba9876543210')).toBeTruthy(), patient);
    groups.selectOptionByValue('sg-0fedcba9876543210');
    type('fleet-instance-profile-input', 'web-role');
    type('root-volume-size-input', '12');
    api.respond('fleets.preview', () =>
      fail({
        code: 'VolumeTooSmall',
        message: 'The root volume would be 12 GiB, but web-golden needs at least 15 GiB. Nothing was created.',
        remedy: 'Choose 15 GiB or more.',
        field: 'storage.rootVolumeSizeGiB',
      }),
    );
    fireEvent.click(screen.getByTestId('fleet-review-button'));
    await screen.findByTestId('fleet-refusal', {}, patient);
    expect(api.callsOf('fleets.preview')[0].spec).toMatchObject({
      securityGroupIds: ['sg-0fedcba9876543210'],
      instanceProfile: 'web-role',
      storage: { rootVolumeSizeGiB: 12, volumeType: 'gp3', encrypted: true },
    });
    const size = cloudscape().findFormField(':has([data-testid="root-volume-size-input"])')!;
    expect(size.findError()!.getElement().textContent).toContain('needs at least 15 GiB');

    type('fleet-instance-profile-input', 'not a profile');
    fireEvent.click(screen.getByTestId('fleet-review-button'));
    const profile = cloudscape().findFormField(':has([data-testid="fleet-instance-profile-input"])')!;
    await waitFor(() => expect(profile.findError()!.getElement().textContent).toContain('instance profile name'));
    expect(api.callsOf('fleets.preview')).toHaveLength(1);
  });

  it('refuses 0.0.0.0/0 without the confirmation, before asking the backend', async () => {
    const { api } = renderCreate();
    await fillForm();
    fireEvent.click(
      cloudscape()
        .find('[data-testid="fleet-source-radio"]')!
        .findRadioGroup()!
        .findInputByValue('world')!
        .getElement(),
    );
    fireEvent.click(screen.getByTestId('fleet-review-button'));
    expect(
      await screen.findByText(/Confirm that the load balancer may be reached from the whole internet/),
    ).toBeTruthy();
    expect(api.callsOf('fleets.preview')).toHaveLength(0);
    fireEvent.click(
      cloudscape().find('[data-testid="fleet-confirm-open"]')!.findCheckbox()!.findNativeInput().getElement(),
    );
    fireEvent.click(screen.getByTestId('fleet-review-button'));
    await screen.findByTestId('fleet-review', {}, patient);
    expect(api.callsOf('fleets.preview')[0].spec.loadBalancer).toMatchObject({
      allowedCidr: '0.0.0.0/0',
      confirmOpenToWorld: true,
    });
  });
});

describe('Fleets in the app', () => {
  it('opens Create fleet from an available image on the Images page, with the image and its region', async () => {
    const image = { ...AVAILABLE, region: 'eu-west-1' };
    render(<App api={createFakeKilnApi({ bakedImages: [image], bakeTickMs: null })} />);
    fireEvent.click(screen.getAllByText('Images').find((el) => el.closest('nav'))!);
    const row = (await screen.findByTestId('image-row', {}, patient)).closest('tr')!;
    createWrapper(row).findButtonDropdown()!.openDropdown();
    fireEvent.click(screen.getByTestId('image-create-fleet'));
    await screen.findByTestId('create-fleet-view', {}, patient);
    expect(window.location.hash).toBe('#/fleets/new');
    await waitFor(() => expect(screen.getByTestId('fleet-region-select').textContent).toContain('eu-west-1'), patient);
    expect(
      cloudscape().findAutosuggest('[data-testid="fleet-image-input"]')!.findNativeInput().getElement().value,
    ).toBe(image.imageId);
  });

  it('has a Fleets entry in the navigation that opens the list', async () => {
    render(<App api={createFakeKilnApi()} />);
    fireEvent.click(screen.getAllByText('Fleets').find((el) => el.closest('nav'))!);
    await screen.findByTestId('fleets-view', {}, patient);
    expect(window.location.hash).toBe('#/fleets');
  });
});
