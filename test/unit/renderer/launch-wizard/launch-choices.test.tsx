// @vitest-environment happy-dom
// The wizard's tags, storage, key pair and network choices: each blocks Next with a field message when invalid,
// the review shows them, and launch.start receives them.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AL2023_ARM,
  AL2023_X86,
  CUSTOM_IMAGE,
  createFakeKilnApi,
  type FakeKilnApi,
} from '../../../support/fake-kiln-api';
import { selectOption } from '../render-with-api';
import {
  clickCheckbox,
  clickRadio,
  clickTile,
  expectBlockedOn,
  expectStep,
  next,
  patient,
  renderWizard as render,
  toStep,
  type,
} from './wizard-driver';

afterEach(cleanup);

const AL2023_8GIB = { ...AL2023_X86, rootDeviceName: '/dev/xvda', rootVolumeSizeGiB: 8 };

const renderWizard = (
  api: FakeKilnApi = createFakeKilnApi({
    quickStart: [AL2023_8GIB, AL2023_ARM],
    images: [AL2023_8GIB, AL2023_ARM, CUSTOM_IMAGE],
  }),
) => render(api);

describe('LaunchWizard: storage', () => {
  it('blocks Next on a root volume smaller than the AMI, with both sizes', async () => {
    renderWizard();
    await toStep('storage');
    type('root-volume-size-input', '4');
    next();
    await expectBlockedOn('storage', /root volume is 8 GiB; choose 8 GiB or more \(not 4\)/);
    type('root-volume-size-input', '30');
    next();
    await expectStep('install-script');
  });
});

describe('LaunchWizard: network', () => {
  it('blocks Next on a malformed CIDR', async () => {
    renderWizard();
    await toStep('network');
    clickRadio('source-radio', 'cidr');
    type('source-cidr-input', '10.0.0.300/32');
    next();
    await expectBlockedOn('network', /Type an IPv4 CIDR such as 203\.0\.113\.7\/32/);
  });

  it('blocks 0.0.0.0/0 until the operator confirms it, then moves on', async () => {
    renderWizard();
    await toStep('network');
    clickRadio('source-radio', 'cidr');
    type('source-cidr-input', '0.0.0.0/0');
    next();
    await expectBlockedOn('network', /0\.0\.0\.0\/0 opens the agent port and SSH to the whole internet; confirm it/);
    clickCheckbox('confirm-open-checkbox');
    next();
    await expectStep('storage');
  });

  it('shows My IP as detected', async () => {
    renderWizard();
    await toStep('network');
    await waitFor(() => expect(screen.getByTestId('source-radio').textContent).toContain('203.0.113.9/32'));
  });
});

describe('LaunchWizard: key pair', () => {
  it('blocks Next when the new key pair name is taken in the region', async () => {
    renderWizard();
    await toStep('key-pair');
    clickTile('key-pair-mode', 'create');
    type('key-pair-name-input', 'team-key');
    type('key-save-path-input', '/home/me/.ssh/team-key');
    next();
    await expectBlockedOn('key-pair', /A key pair named "team-key" already exists in this region/);
  });

  it('blocks Next on a create without a file to save to', async () => {
    renderWizard();
    await toStep('key-pair');
    clickTile('key-pair-mode', 'create');
    type('key-pair-name-input', 'new-key');
    next();
    await expectBlockedOn('key-pair', /Choose a file to save the private key to/);
  });
});

describe('LaunchWizard: tags', () => {
  it.each([
    ['aws:owner', 'me', /reserved by AWS/],
    ['kiln:launch-id', 'x', /reserved by Kiln/],
    ['team', 'bad{value}', /A tag value may use letters/],
  ])('blocks Next on the tag %s=%s', async (key, value, message) => {
    renderWizard();
    await toStep('name-tags');
    type('instance-name-input', 'web-1');
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    type('tag-key-0', key);
    type('tag-value-0', value);
    next();
    await expectBlockedOn('name-tags', message);
  });

  it('blocks duplicate keys', async () => {
    renderWizard();
    await toStep('name-tags');
    type('instance-name-input', 'web-1');
    for (const index of [0, 1]) {
      fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
      type(`tag-key-${index}`, 'team');
    }
    next();
    await expectBlockedOn('name-tags', /The tag key "team" is used twice/);
  });
});

describe('LaunchWizard: review and launch with choices', () => {
  it('shows every choice on the review and sends them with launch.start', async () => {
    const { api, onLaunched } = renderWizard();
    await toStep('name-tags');
    type('instance-name-input', 'web-1');
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    type('tag-key-0', 'team');
    type('tag-value-0', 'platform');
    await toStep('key-pair', { from: 'name-tags' });
    clickTile('key-pair-mode', 'create');
    type('key-pair-name-input', 'new-key');
    type('key-save-path-input', '/home/me/.ssh/new-key');
    await toStep('network', { from: 'key-pair' });
    clickRadio('source-radio', 'cidr');
    type('source-cidr-input', '198.51.100.7/32');
    await toStep('storage', { from: 'network' });
    type('root-volume-size-input', '20');
    await toStep('review', { from: 'storage' });
    expect(screen.getByTestId('review-storage').textContent).toBe('20 GiB gp3, encrypted');
    expect(screen.getByTestId('review-key-pair').textContent).toContain(
      'New ED25519 key new-key, saved to /home/me/.ssh/new-key',
    );
    expect(screen.getByTestId('review-source').textContent).toBe('198.51.100.7/32');
    expect(screen.getByTestId('review-tags').textContent).toBe('team=platform');
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(onLaunched).toHaveBeenCalledTimes(1));
    expect(api.callsOf('launch.start')[0].spec).toMatchObject({
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
      error: {
        code: 'InvalidKeyPair.Duplicate',
        message: 'A key pair named "raced" already exists in this region.',
        remedy: 'Choose another name.',
        field: 'keyPair.name',
      },
    }));
    renderWizard(api);
    await toStep('key-pair');
    clickTile('key-pair-mode', 'import');
    type('key-pair-name-input', 'raced');
    type('public-key-input', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPZcvLpiFucZ1BtaJeM+oddfAtFjs7ONyeWqCWaveIQh me');
    await toStep('review', { from: 'key-pair' });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    await screen.findByTestId('wizard-error');
    fireEvent.click(screen.getByRole('button', { name: /Go to Key pair/ }));
    await waitFor(() => expect(screen.getAllByText(/"raced" already exists/).length).toBeGreaterThan(1));
  });
});

describe('LaunchWizard: existing key pair and subnet', () => {
  it("lists the region's key pairs and subnets and sends the choice", async () => {
    const { api } = renderWizard();
    await toStep('key-pair');
    clickTile('key-pair-mode', 'existing');
    next();
    await expectBlockedOn('key-pair', /Give the key pair a name/);
    selectOption('existing-key-select', 'team-key');
    await toStep('network', { from: 'key-pair' });
    selectOption('subnet-select', 'subnet-0b0b0b0b0b0b0b0b0');
    await toStep('review', { from: 'network' });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }, patient));
    await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1), patient);
    expect(api.callsOf('launch.start')[0].spec).toMatchObject({
      keyPair: { mode: 'existing', name: 'team-key' },
      network: { subnetId: 'subnet-0b0b0b0b0b0b0b0b0', source: 'my-ip' },
    });
  });
});
