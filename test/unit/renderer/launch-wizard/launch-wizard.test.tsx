// @vitest-environment happy-dom
// The wizard's steps in order: each blocks Next with the schema's message, the review launches, a backend error
// leads back to its step.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../../../electron/common/result';
import { EXAMPLE_INSTALL_SCRIPT } from '../../../../renderer/src/launch-wizard/example-install-script';
import { STEP_TITLES } from '../../../../renderer/src/launch-wizard/step-definitions';
import { AL2023_ARM, AL2023_X86, CUSTOM_IMAGE, createFakeKilnApi, deferred } from '../../../support/fake-kiln-api';
import { cloudscape, selectOption } from '../render-with-api';
import { expectBlockedOn, expectStep, next, patient, renderWizard, toStep, type } from './wizard-driver';

afterEach(cleanup);

describe('LaunchWizard: steps', () => {
  it('has one step per concern, in the order of the EC2 console', async () => {
    renderWizard();
    await expectStep('profile-region');
    const titles = cloudscape()
      .findWizard()!
      .findMenuNavigationLinks()
      .map((link) => link.getElement().textContent);
    expect(titles).toEqual([
      'Profile and region',
      'Name and tags',
      'AMI',
      'Instance type',
      'Key pair',
      'Network',
      'Storage',
      'Install script',
      'Advanced',
      'Review',
    ]);
  });
});

describe('LaunchWizard: profile and region', () => {
  it('preselects the first available profile and its default region, and lists unavailable ones disabled', async () => {
    const { api } = renderWizard();
    await waitFor(() => expect(screen.getByTestId('profile-select').textContent).toContain('Local sandbox'), patient);
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('us-east-1'), patient);
    const select = cloudscape().findSelect('[data-testid="profile-select"]')!;
    select.openDropdown();
    const unavailable = select.findDropdown().findOptionByValue('default')!;
    expect(unavailable.isDisabled()).toBe(true);
    expect(unavailable.findDescription()?.getElement().textContent).toBe('No AWS credentials found.');
    // The rest of the catalog follows the preselections.
    await waitFor(() =>
      expect(api.callsOf('instanceTypes.list')).toEqual([
        { profileId: 'sandbox', region: 'us-east-1', architecture: 'x86_64' },
      ]),
    );
  });

  it('shows a failing catalog call with its message and remedy', async () => {
    const api = createFakeKilnApi();
    api.respond('profiles.list', () =>
      fail({ code: 'BackendUnreachable', message: 'The Kiln backend does not answer.', remedy: 'Restart Kiln.' }),
    );
    renderWizard(api);
    expect(await screen.findByText('The Kiln backend does not answer. Restart Kiln.')).toBeTruthy();
  });
});

describe('LaunchWizard: name and tags', () => {
  it('blocks Next on an empty name with the schema message', async () => {
    renderWizard();
    await toStep('name-tags');
    next();
    await expectBlockedOn('name-tags', /^Give the instance a name\.$/);
  });
});

describe('LaunchWizard: AMI and instance type', () => {
  it('preselects the first quick-start image and t3.micro, and filters types by the image architecture', async () => {
    const { api } = renderWizard();
    await toStep('ami');
    const tiles = cloudscape().findTiles('[data-testid="ami-tiles"]')!;
    await waitFor(() => expect(tiles.findInputByValue(AL2023_X86.imageId)!.getElement().checked).toBe(true), patient);
    await toStep('instance-type', { from: 'ami' });
    await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t3.micro'), patient);
    const selected = screen.getByTestId('instance-type-select').textContent;
    expect(selected).toContain('2 vCPU · 1 GiB');
    expect(selected).toContain('Free tier eligible');
    const table = cloudscape().findTable('[data-testid="instance-type-table"]')!;
    const rows = table.findRows().map((row) => row.getElement().textContent ?? '');
    expect(rows.some((text) => text.includes('t3.micro'))).toBe(true);
    expect(rows.some((text) => text.includes('t4g.micro'))).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await expectStep('ami');
    cloudscape().findTiles('[data-testid="ami-tiles"]')!.findItemByValue(AL2023_ARM.imageId)!.click();
    next();
    await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t4g.micro'), patient);
    expect(api.callsOf('instanceTypes.list').at(-1)).toMatchObject({ architecture: AL2023_ARM.architecture });
  });

  it('shows the lookup error under the AMI id field and does not move on', async () => {
    const { api } = renderWizard();
    await toStep('ami');
    type('ami-id-input', 'ami-0000000000000000f');
    fireEvent.blur(screen.getByTestId('ami-id-input'));
    expect(
      await screen.findByText(/The AMI ami-0000000000000000f does not exist in us-east-1\. Check the AMI id/),
    ).toBeTruthy();
    expect(api.callsOf('images.describe')).toEqual([
      { profileId: 'sandbox', region: 'us-east-1', imageId: 'ami-0000000000000000f' },
    ]);
    // Next retries the failed lookup, then stays on the step with the error.
    next();
    await waitFor(() => expect(api.callsOf('images.describe')).toHaveLength(2));
    expect(await screen.findByText(/does not exist in us-east-1/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next' }).getAttribute('aria-disabled')).toBeNull());
    expect(screen.queryByTestId('instance-type-select')).toBeNull();
  });

  it('explains a malformed AMI id without asking the backend', async () => {
    const { api } = renderWizard();
    await toStep('ami');
    type('ami-id-input', 'ubuntu');
    fireEvent.keyDown(screen.getByTestId('ami-id-input'), { key: 'Enter', keyCode: 13 });
    expect(await screen.findByText('An AMI id looks like ami-0123456789abcdef0.')).toBeTruthy();
    expect(api.callsOf('images.describe')).toEqual([]);
  });

  it('shows a found AMI and launches it instead of the tile', async () => {
    const { api } = renderWizard();
    await toStep('ami');
    type('ami-id-input', CUSTOM_IMAGE.imageId);
    fireEvent.blur(screen.getByTestId('ami-id-input'));
    expect(await screen.findByText(/team-golden-image-2025-01 \(x86_64, linux\)/)).toBeTruthy();
    next();
    await toStep('review', { from: 'instance-type' });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1));
    expect(api.callsOf('launch.start')[0].spec.imageId).toBe(CUSTOM_IMAGE.imageId);
  });
});

describe('LaunchWizard: review and launch', () => {
  it('calls launch.start with the spec and hands over the new record', async () => {
    const { api, onLaunched } = renderWizard();
    await toStep('review');
    expect(screen.getByText(AL2023_X86.imageId, { exact: false })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(onLaunched).toHaveBeenCalledTimes(1));
    expect(api.callsOf('launch.start')).toEqual([
      {
        spec: {
          profileId: 'sandbox',
          region: 'us-east-1',
          name: 'web-1',
          imageId: AL2023_X86.imageId,
          instanceType: 't3.micro',
          installScript: EXAMPLE_INSTALL_SCRIPT,
          tags: [],
          keyPair: { mode: 'none' },
          storage: { rootVolumeSizeGiB: undefined, volumeType: 'gp3', encrypted: true },
          network: {
            vpcId: '',
            subnetId: '',
            publicIp: 'subnet',
            securityGroupMode: 'kiln',
            existingGroupIds: [],
            source: 'my-ip',
            cidr: '',
            confirmOpenToInternet: false,
          },
          advanced: {
            imdsv2Required: true,
            instanceProfile: '',
            shutdownBehavior: 'stop',
            terminationProtection: false,
            count: 1,
            autoTerminateAfterHours: undefined,
          },
        },
      },
    ]);
    expect(api.callsOf('launch.startBatch')).toEqual([]);
    expect(onLaunched.mock.calls[0][0]).toMatchObject({ id: 'launch-1', phase: 'requested' });
  });

  it('shows a backend error with its remedy, keeps the form and offers the step of the field', async () => {
    const api = createFakeKilnApi();
    const reply = deferred<ReturnType<typeof fail>>();
    api.respond('launch.start', () => reply.promise);
    const { onLaunched } = renderWizard(api);
    await toStep('review');
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Launch/ }).getAttribute('aria-disabled')).toBe('true'),
    );

    await act(async () =>
      reply.resolve(
        fail({
          code: 'InvalidParameterValue',
          message: 'The Name tag contains characters EC2 rejects.',
          remedy: 'Use letters, digits, spaces and - _ . only.',
          field: 'spec.name',
        }),
      ),
    );
    const alert = await screen.findByTestId('wizard-error');
    expect(alert.textContent).toContain('The Name tag contains characters EC2 rejects.');
    expect(alert.textContent).toContain('Use letters, digits, spaces and - _ . only.');
    expect(onLaunched).not.toHaveBeenCalled();

    fireEvent.click(within(alert).getByRole('button', { name: 'Go to Name and tags' }));
    const name = await screen.findByTestId('instance-name-input');
    expect((name as HTMLInputElement).value).toBe('web-1');
    expect(screen.getAllByText('The Name tag contains characters EC2 rejects.').length).toBeGreaterThanOrEqual(2);
  });

  it('edits a step from the review and comes back with the change', async () => {
    const { api } = renderWizard();
    await toStep('review');
    fireEvent.click(screen.getByRole('button', { name: 'Edit profile and region' }));
    await expectStep('profile-region');
    selectOption('region-select', 'eu-west-1');
    await toStep('review', { from: 'profile-region' });
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1));
    expect(api.callsOf('launch.start')[0].spec).toMatchObject({ region: 'eu-west-1', name: 'web-1' });
  });
});

describe('LaunchWizard: leaving and going back', () => {
  const cancel = () => cloudscape().findWizard()!.findCancelButton().click();
  /** The steps the wizard's menu marks as not reached (1-based). */
  const unreached = () =>
    STEP_TITLES.map((_, i) => i + 1).filter((n) => cloudscape().findWizard()!.findMenuNavigationLink(n, 'disabled'));

  it('cancels an untouched wizard at once', async () => {
    const { onCancel } = renderWizard();
    await expectStep('profile-region');
    cancel();
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('asks before Cancel throws a filled wizard away', async () => {
    const { onCancel } = renderWizard();
    await toStep('ami', { name: 'keep-me' });
    cancel();
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Discard this launch?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect((await screen.findByTestId<HTMLInputElement>('instance-name-input')).value).toBe('keep-me');
    cancel();
    fireEvent.click(await screen.findByTestId('discard-launch-button'));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('shows the steps after the current one as not reached, optional ones included', async () => {
    renderWizard();
    await toStep('instance-type');
    expect(unreached()).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('sent back to a failing step, the steps after it no longer show as completed', async () => {
    const api = createFakeKilnApi();
    api.respond('launch.start', () =>
      fail({
        code: 'InvalidKeyPair.NotFound',
        message: 'No such key pair.',
        remedy: 'Pick another.',
        field: 'spec.keyPair',
      }),
    );
    renderWizard(api);
    await toStep('review');
    expect(unreached()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    const alert = await screen.findByTestId('wizard-error');
    fireEvent.click(within(alert).getByRole('button', { name: /^Go to / }));
    await expectStep('key-pair');
    expect(unreached()).toEqual([6, 7, 8, 9, 10]);
  });
});
