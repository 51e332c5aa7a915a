// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchSpecInput } from '../../../../electron/common/models';
import type { Preset } from '../../../../electron/common/saved-spec';
import { LaunchWizard, type WizardPrefill } from '../../../../renderer/src/launch-wizard/launch-wizard';
import {
  AL2023_ARM,
  CUSTOM_IMAGE,
  createFakeKilnApi,
  defaultFakeData,
  type FakeKilnApi,
} from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi, selectOption } from '../render-with-api';
import { expectStep, next, patient, switchToPlainEditor, toStep, type } from './wizard-driver';

afterEach(cleanup);

function renderWizard(api: FakeKilnApi, prefill?: WizardPrefill) {
  const onLaunched = vi.fn();
  renderWithApi(<LaunchWizard prefill={prefill} onLaunched={onLaunched} onCancel={vi.fn()} />, api);
  return { api, onLaunched };
}

const notice = () => screen.getByTestId('wizard-fill-notice').textContent ?? '';
const value = (testId: string) => screen.getByTestId<HTMLInputElement>(testId).value;
const tileChecked = (imageId: string) =>
  cloudscape().findTiles('[data-testid="ami-tiles"]')!.findInputByValue(imageId)!.getElement().checked;
const regionShows = (region: string) =>
  waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain(region), patient);
const typeShows = (instanceType: string) =>
  waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain(instanceType), patient);

async function scriptOnItsStep(): Promise<string> {
  switchToPlainEditor();
  return (await screen.findByTestId<HTMLTextAreaElement>('install-script-input')).value;
}

async function launchFromReview(api: FakeKilnApi) {
  fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
  await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1), patient);
  return api.callsOf('launch.start')[0].spec;
}

/** A second available profile, for choosing one after the first is preselected. */
const twoProfiles = () => [
  ...defaultFakeData().profiles,
  {
    id: 'team',
    label: 'Team account',
    kind: 'aws' as const,
    credentialKind: 'static' as const,
    available: true,
    defaultRegion: 'us-east-1',
  },
];

const armDefaults = {
  region: 'eu-west-1',
  imageId: AL2023_ARM.imageId,
  instanceType: 't4g.micro',
  name: 'last-one',
  installScript: 'echo from defaults',
  tags: [{ key: 'team', value: 'platform' }],
  keyPair: { mode: 'existing' as const, name: 'team-key' },
};

describe('LaunchWizard: a profile’s defaults', () => {
  it('fills the form from the preselected profile’s last launch, region first, and launches with it', async () => {
    const { api } = renderWizard(createFakeKilnApi({ wizardDefaults: { sandbox: armDefaults } }));
    await regionShows('eu-west-1');
    expect(notice()).toContain('Filled in from your last launch with Local sandbox');
    expect(api.callsOf('wizard.defaults.get')).toEqual([{ profileId: 'sandbox' }]);
    next();
    // The name is the one thing each launch chooses anew.
    expect((await screen.findByTestId<HTMLInputElement>('instance-name-input', {}, patient)).value).toBe('');
    type('instance-name-input', 'next-one');
    await toStep('ami', { from: 'name-tags' });
    await waitFor(() => expect(tileChecked(AL2023_ARM.imageId)).toBe(true), patient);
    await toStep('instance-type', { from: 'ami' });
    await typeShows('t4g.micro');
    await toStep('install-script', { from: 'instance-type' });
    expect(await scriptOnItsStep()).toBe('echo from defaults');
    await toStep('review', { from: 'install-script' });
    expect(await launchFromReview(api)).toMatchObject({ profileId: 'sandbox', ...armDefaults, name: 'next-one' });
  });

  it('fills from the defaults of a profile the operator picks, and keeps the form for a profile without any', async () => {
    const api = createFakeKilnApi({
      profiles: twoProfiles(),
      wizardDefaults: { team: { region: 'ap-southeast-2', instanceType: 't3.small' } },
    });
    renderWizard(api);
    await regionShows('us-east-1');
    await waitFor(() => expect(api.callsOf('wizard.defaults.get')).toEqual([{ profileId: 'sandbox' }]), patient);
    expect(screen.queryByTestId('wizard-fill-notice')).toBeNull();
    selectOption('profile-select', 'team');
    await regionShows('ap-southeast-2');
    expect(notice()).toContain('Filled in from your last launch with Team account');
    await toStep('instance-type');
    await typeShows('t3.small');
  });

  it('does not keep a saved key pair that no longer exists in the region, and says so at the key pair', async () => {
    renderWizard(
      createFakeKilnApi({
        wizardDefaults: {
          sandbox: { ...armDefaults, region: 'us-east-1', keyPair: { mode: 'existing', name: 'gone-key' } },
        },
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('wizard-fill-notice')).not.toBeNull(), patient);
    await toStep('key-pair');
    expect((await screen.findByTestId('key-pair-changed', {}, patient)).textContent).toContain(
      'The key pair gone-key no longer exists in us-east-1',
    );
    next();
    await expectStep('network');
  });

  it('keeps what the operator typed while the defaults were loading', async () => {
    const api = createFakeKilnApi({ wizardDefaults: { sandbox: armDefaults } });
    let answer: () => void = () => {};
    api.respond(
      'wizard.defaults.get',
      () => new Promise((resolve) => (answer = () => resolve({ ok: true, value: armDefaults }))),
    );
    renderWizard(api);
    await regionShows('us-east-1');
    await waitFor(() => expect(api.callsOf('wizard.defaults.get')).toHaveLength(1), patient);
    next();
    await screen.findByTestId('instance-name-input', {}, patient);
    type('instance-name-input', 'typed-meanwhile');
    answer();
    await waitFor(() => expect(notice()).toContain('Kept what you entered'), patient);
    expect(value('instance-name-input')).toBe('typed-meanwhile');
    expect(api.callsOf('wizard.defaults.get')).toHaveLength(1);
  });

  it('starts from the usual defaults when the defaults cannot be read', async () => {
    const api = createFakeKilnApi();
    api.respond('wizard.defaults.get', () => ({ ok: false, error: { code: 'InternalError', message: 'boom' } }));
    renderWizard(api);
    await regionShows('us-east-1');
    expect(screen.queryByTestId('wizard-fill-notice')).toBeNull();
  });
});

describe('LaunchWizard: filled from a past launch', () => {
  const spec: LaunchSpecInput = {
    profileId: 'sandbox',
    region: 'eu-west-1',
    name: 'golden-2',
    imageId: CUSTOM_IMAGE.imageId,
    instanceType: 't3.small',
    installScript: 'echo again',
    keyPair: { mode: 'existing', name: 'team-key' },
    storage: { rootVolumeSizeGiB: 30, volumeType: 'gp3', encrypted: true },
    advanced: {
      imdsv2Required: true,
      instanceProfile: '',
      shutdownBehavior: 'terminate',
      terminationProtection: false,
      count: 1,
      autoTerminateAfterHours: 6,
    },
  };

  it('shows every choice of the launch, looks up its AMI, ignores the profile defaults and launches the same spec', async () => {
    const api = createFakeKilnApi({ wizardDefaults: { sandbox: armDefaults } });
    renderWizard(api, { spec, source: 'the launch golden-1' });
    expect(notice()).toContain('Filled in from the launch golden-1');
    await regionShows('eu-west-1');
    next();
    expect((await screen.findByTestId<HTMLInputElement>('instance-name-input', {}, patient)).value).toBe('golden-2');
    await toStep('ami', { from: 'name-tags' });
    await waitFor(
      () =>
        expect(api.callsOf('images.describe')).toEqual([
          { profileId: 'sandbox', region: 'eu-west-1', imageId: CUSTOM_IMAGE.imageId },
        ]),
      patient,
    );
    expect(value('ami-id-input')).toBe(CUSTOM_IMAGE.imageId);
    // A typed AMI: no tile is chosen, so Next is pressed here rather than by the driver.
    next();
    await expectStep('instance-type');
    await typeShows('t3.small');
    next();
    await toStep('review', { from: 'key-pair' });
    expect(screen.getByTestId('review-auto-terminate').textContent).toBe('6 hours after launch');
    expect(await launchFromReview(api)).toMatchObject(spec);
    expect(api.callsOf('wizard.defaults.get')).toEqual([]);
  });
});

describe('LaunchWizard: presets', () => {
  const armPreset: Preset = {
    name: 'arm builder',
    spec: {
      profileId: 'team',
      region: 'eu-west-1',
      imageId: AL2023_ARM.imageId,
      instanceType: 't4g.micro',
      name: 'builder',
      installScript: 'make',
    },
    savedAt: '2025-01-15T10:00:00.000Z',
  };

  it('loads a preset into the form, says so, and keeps the chosen profile', async () => {
    const api = createFakeKilnApi({ presets: [armPreset] });
    renderWizard(api);
    await regionShows('us-east-1');
    selectOption('preset-select', 'arm builder');
    expect(notice()).toContain('Loaded the preset "arm builder"');
    expect(notice()).toContain('The profile stays Local sandbox');
    expect(screen.getByTestId('profile-select').textContent).toContain('Local sandbox');
    await regionShows('eu-west-1');
    next();
    expect((await screen.findByTestId<HTMLInputElement>('instance-name-input', {}, patient)).value).toBe('builder');
    await toStep('ami', { from: 'name-tags' });
    await waitFor(() => expect(tileChecked(AL2023_ARM.imageId)).toBe(true), patient);
    await toStep('instance-type', { from: 'ami' });
    await typeShows('t4g.micro');
    await toStep('install-script', { from: 'instance-type' });
    expect(await scriptOnItsStep()).toBe('make');
  });

  it('saves the reviewed choices as a preset, asking before it replaces one', async () => {
    const api = createFakeKilnApi({ presets: [armPreset] });
    renderWizard(api);
    await toStep('review', { name: 'web-1' });
    fireEvent.click(await screen.findByTestId('save-preset-button'));
    expect(value('preset-name-input')).toBe('web-1');

    type('preset-name-input', '   ');
    fireEvent.click(screen.getByTestId('save-preset-confirm'));
    expect(await screen.findByText('Give the preset a name.')).toBeTruthy();
    type('preset-name-input', 'x'.repeat(65));
    fireEvent.click(screen.getByTestId('save-preset-confirm'));
    expect(await screen.findByText('A preset name holds at most 64 characters.')).toBeTruthy();
    expect(api.callsOf('presets.save')).toEqual([]);

    type('preset-name-input', 'ARM builder');
    expect(screen.getByTestId('preset-replace-warning').textContent).toContain('"arm builder" already exists');
    expect(screen.getByTestId('save-preset-confirm').textContent).toBe('Replace preset');
    fireEvent.click(screen.getByTestId('save-preset-confirm'));
    await waitFor(() => expect(notice()).toContain('Saved the preset "ARM builder"'), patient);
    expect(api.callsOf('presets.save')).toEqual([
      { name: 'ARM builder', spec: expect.objectContaining({ name: 'web-1' }), replace: true },
    ]);
    expect(api.data.presets!.map((p) => p.name)).toEqual(['ARM builder']);
  });

  it('deletes a preset after confirmation', async () => {
    const api = createFakeKilnApi({ presets: [armPreset] });
    renderWizard(api);
    await regionShows('us-east-1');
    selectOption('preset-select', 'arm builder');
    fireEvent.click(screen.getByTestId('preset-delete-button'));
    fireEvent.click(await screen.findByTestId('preset-delete-confirm'));
    await waitFor(() => expect(api.callsOf('presets.delete')).toEqual([{ name: 'arm builder' }]));
    await waitFor(() => expect(api.callsOf('presets.list').length).toBeGreaterThan(1));
    expect(api.data.presets).toEqual([]);
  });
});
