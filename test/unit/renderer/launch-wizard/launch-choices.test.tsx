// @vitest-environment happy-dom
// The wizard's tags, storage, key pair and network choices: each blocks Next with a field message when invalid,
// the review shows them, and launch.start receives them.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LaunchWizard } from '../../../../renderer/src/launch-wizard/launch-wizard';
import { AL2023_ARM, AL2023_X86, CUSTOM_IMAGE, createFakeKilnApi, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi, selectOption } from '../render-with-api';

afterEach(cleanup);

const AL2023_8GIB = { ...AL2023_X86, rootDeviceName: '/dev/xvda', rootVolumeSizeGiB: 8 };

function renderWizard(api: FakeKilnApi = createFakeKilnApi({ quickStart: [AL2023_8GIB, AL2023_ARM], images: [AL2023_8GIB, AL2023_ARM, CUSTOM_IMAGE] })) {
  const onLaunched = vi.fn();
  renderWithApi(<LaunchWizard onLaunched={onLaunched} onCancel={vi.fn()} />, api);
  return { api, onLaunched };
}

const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const clickTile = (testId: string, value: string) =>
  fireEvent.click(cloudscape().find(`[data-testid="${testId}"]`)!.findTiles()!.findInputByValue(value)!.getElement());
const clickRadio = (testId: string, value: string) =>
  fireEvent.click(cloudscape().find(`[data-testid="${testId}"]`)!.findRadioGroup()!.findInputByValue(value)!.getElement());

// Generous timeouts: the first render of Cloudscape is slow on a loaded machine.
const patient = { timeout: 5_000 };

async function toImageStep() {
  await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('us-east-1'), patient);
  next();
  await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t3.micro'), patient);
}

/** Next did not move on: the step's own fields are still there, with the message. */
async function expectBlockedWith(message: RegExp) {
  await waitFor(() => expect(screen.getByText(message)).toBeTruthy(), patient);
  expect(screen.queryByTestId('instance-name-input')).toBeNull();
}

describe('LaunchWizard: storage', () => {
  it('blocks Next on a root volume smaller than the AMI, with both sizes', async () => {
    renderWizard();
    await toImageStep();
    type('root-volume-size-input', '4');
    next();
    await expectBlockedWith(/root volume is 8 GiB; choose 8 GiB or more \(not 4\)/);
    type('root-volume-size-input', '30');
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
  });
});

describe('LaunchWizard: network', () => {
  it('blocks Next on a malformed CIDR', async () => {
    renderWizard();
    await toImageStep();
    clickRadio('source-radio', 'cidr');
    type('source-cidr-input', '10.0.0.300/32');
    next();
    await expectBlockedWith(/Type an IPv4 CIDR such as 203\.0\.113\.7\/32/);
  });

  it('blocks 0.0.0.0/0 until the operator confirms it, then moves on', async () => {
    renderWizard();
    await toImageStep();
    clickRadio('source-radio', 'cidr');
    type('source-cidr-input', '0.0.0.0/0');
    next();
    await expectBlockedWith(/0\.0\.0\.0\/0 opens the agent port and SSH to the whole internet; confirm it/);
    fireEvent.click(cloudscape().find('[data-testid="confirm-open-checkbox"]')!.findCheckbox()!.findNativeInput().getElement());
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
  });

  it('shows My IP as detected', async () => {
    renderWizard();
    await toImageStep();
    await waitFor(() => expect(screen.getByTestId('source-radio').textContent).toContain('203.0.113.9/32'));
  });
});

describe('LaunchWizard: key pair', () => {
  it('blocks Next when the new key pair name is taken in the region', async () => {
    renderWizard();
    await toImageStep();
    clickTile('key-pair-mode', 'create');
    type('key-pair-name-input', 'team-key');
    type('key-save-path-input', '/home/me/.ssh/team-key');
    next();
    await expectBlockedWith(/A key pair named "team-key" already exists in this region/);
  });

  it('blocks Next on a create without a file to save to', async () => {
    renderWizard();
    await toImageStep();
    clickTile('key-pair-mode', 'create');
    type('key-pair-name-input', 'new-key');
    next();
    await expectBlockedWith(/Choose a file to save the private key to/);
  });
});

describe('LaunchWizard: tags', () => {
  it.each([
    ['aws:owner', 'me', /reserved by AWS/],
    ['kiln:launch-id', 'x', /reserved by Kiln/],
    ['team', 'bad{value}', /A tag value may use letters/],
  ])('blocks Next on the tag %s=%s', async (key, value, message) => {
    renderWizard();
    await toImageStep();
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
    type('instance-name-input', 'web-1');
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    type('tag-key-0', key);
    type('tag-value-0', value);
    next();
    await waitFor(() => expect(screen.getByText(message)).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Launch' })).toBeNull();
  });

  it('blocks duplicate keys', async () => {
    renderWizard();
    await toImageStep();
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
    type('instance-name-input', 'web-1');
    for (const index of [0, 1]) {
      fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
      type(`tag-key-${index}`, 'team');
    }
    next();
    await waitFor(() => expect(screen.getByText(/The tag key "team" is used twice/)).toBeTruthy());
  });
});

describe('LaunchWizard: review and launch with choices', () => {
  it('shows every choice on the review and sends them with launch.start', async () => {
    const { api, onLaunched } = renderWizard();
    await toImageStep();
    type('root-volume-size-input', '20');
    clickTile('key-pair-mode', 'create');
    type('key-pair-name-input', 'new-key');
    type('key-save-path-input', '/home/me/.ssh/new-key');
    clickRadio('source-radio', 'cidr');
    type('source-cidr-input', '198.51.100.7/32');
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
    type('instance-name-input', 'web-1');
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    type('tag-key-0', 'team');
    type('tag-value-0', 'platform');
    next();
    await screen.findByRole('button', { name: 'Launch' });
    expect(screen.getByTestId('review-storage').textContent).toBe('20 GiB gp3, encrypted');
    expect(screen.getByTestId('review-key-pair').textContent).toContain('New ED25519 key new-key, saved to /home/me/.ssh/new-key');
    expect(screen.getByTestId('review-source').textContent).toBe('198.51.100.7/32');
    expect(screen.getByTestId('review-tags').textContent).toBe('team=platform');
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(onLaunched).toHaveBeenCalledTimes(1));
    expect(api.callsOf('launch.start')[0]!.spec).toMatchObject({
      tags: [{ key: 'team', value: 'platform' }],
      keyPair: { mode: 'create', name: 'new-key', type: 'ed25519', savePath: '/home/me/.ssh/new-key' },
      storage: { rootVolumeSizeGiB: 20, volumeType: 'gp3', encrypted: true },
      network: { source: 'cidr', cidr: '198.51.100.7/32', confirmOpenToInternet: false },
    });
  });

  it('puts a backend key pair error under its field and offers the step', async () => {
    const api = createFakeKilnApi({ quickStart: [AL2023_8GIB], images: [AL2023_8GIB] });
    api.respond('launch.start', () => ({
      ok: false,
      error: { code: 'InvalidKeyPair.Duplicate', message: 'A key pair named "raced" already exists in this region.', remedy: 'Choose another name.', field: 'keyPair.name' },
    }));
    renderWizard(api);
    await toImageStep();
    clickTile('key-pair-mode', 'import');
    type('key-pair-name-input', 'raced');
    type('public-key-input', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPZcvLpiFucZ1BtaJeM+oddfAtFjs7ONyeWqCWaveIQh me');
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
    type('instance-name-input', 'web-1');
    next();
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    await screen.findByTestId('wizard-error');
    fireEvent.click(screen.getByRole('button', { name: /Go to AMI and instance type/ }));
    await waitFor(() => expect(screen.getAllByText(/"raced" already exists/).length).toBeGreaterThan(1));
  });
});

describe('LaunchWizard: existing key pair and subnet', () => {
  it('lists the region\'s key pairs and subnets and sends the choice', async () => {
    const { api } = renderWizard();
    await toImageStep();
    clickTile('key-pair-mode', 'existing');
    next();
    await expectBlockedWith(/Give the key pair a name/);
    selectOption('existing-key-select', 'team-key');
    selectOption('subnet-select', 'subnet-0b0b0b0b0b0b0b0b0');
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
    type('instance-name-input', 'web-1');
    next();
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }, patient));
    await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1), patient);
    expect(api.callsOf('launch.start')[0]!.spec).toMatchObject({
      keyPair: { mode: 'existing', name: 'team-key' },
      network: { subnetId: 'subnet-0b0b0b0b0b0b0b0b0', source: 'my-ip' },
    });
  });
});
