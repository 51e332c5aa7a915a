// @vitest-environment happy-dom
// The Save-as-AMI dialog against the fake API: the name checked as typed and by the backend, the review, sealing.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../../../electron/common/models';
import { BakeDialog } from '../../../../../renderer/src/launch-detail/bake/bake-dialog';
import { createFakeKilnApi, launchRecord, type FakeKilnApi } from '../../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../../render-with-api';
import { succeededRecord } from './bake-fixtures';

afterEach(cleanup);

function renderDialog(
  record: LaunchRecord,
  api: FakeKilnApi = createFakeKilnApi({ launches: [record], bakeTickMs: null }),
) {
  const onStarted = vi.fn();
  const onDismiss = vi.fn();
  renderWithApi(<BakeDialog record={record} onStarted={onStarted} onDismiss={onDismiss} previewDelayMs={0} />, api);
  return { api, onStarted, onDismiss };
}

const typeName = (value: string) => cloudscape().findInput('[data-testid="bake-name-input"]')!.setInputValue(value);
const startButton = () => screen.getByTestId('bake-start');
/** The messages the name input is described by: its FormField's error among them. */
const nameDescription = () => {
  const ids = screen.getByTestId('bake-name-input').querySelector('input')!.getAttribute('aria-describedby') ?? '';
  return ids
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
};
const check = (testId: string) =>
  fireEvent.click(cloudscape().findCheckbox(`[data-testid="${testId}"]`)!.findNativeInput().getElement());
const review = () => screen.getByTestId('bake-review');

describe('Save as AMI dialog: the name', () => {
  it('says what is wrong with the name as it is typed, and keeps Start disabled', async () => {
    renderDialog(succeededRecord());
    await waitFor(() => expect(review().getAttribute('data-state')).toBe('ready'));
    expect(startButton().hasAttribute('disabled')).toBe(false);

    typeName('ab');
    expect(await screen.findByText('An AMI name holds at least 3 characters.')).toBeTruthy();
    expect(nameDescription()).toContain('An AMI name holds at least 3 characters.');
    expect(startButton().hasAttribute('disabled')).toBe(true);
    expect(review().getAttribute('data-state')).toBe('blocked');

    typeName('x'.repeat(129));
    expect(await screen.findByText('An AMI name holds at most 128 characters.')).toBeTruthy();

    typeName('web #1');
    expect(
      await screen.findByText("An AMI name may use letters, digits, spaces and ( ) [ ] . / - ' @ _ only."),
    ).toBeTruthy();

    typeName('web (1) [golden]');
    await waitFor(() => expect(screen.queryByText(/An AMI name/)).toBeNull());
    await waitFor(() => expect(startButton().hasAttribute('disabled')).toBe(false));
  });

  it('shows the backend refusing a taken name on the name field, and lets another name through', async () => {
    const record = succeededRecord();
    const api = createFakeKilnApi({ launches: [record], bakeTickMs: null });
    api.data.bakedImages = [
      {
        imageId: 'ami-0b4e000000000000a',
        region: 'us-east-1',
        name: 'taken-name',
        state: 'available',
        progress: null,
        sizeGiB: 8,
        sealed: true,
        snapshotIds: [],
        usdPerMonth: 0.4,
        platform: 'linux',
      },
    ];
    renderDialog(record, api);
    typeName('taken-name');
    await screen.findByText(/An AMI named "taken-name" already exists/);
    expect(nameDescription()).toContain('An AMI named "taken-name" already exists in us-east-1. Choose another name.');
    expect(startButton().hasAttribute('disabled')).toBe(true);
    expect(within(review()).queryByText(/Kiln cannot save/)).toBeNull();

    typeName('free-name');
    await waitFor(() => expect(screen.queryByText(/already exists/)).toBeNull());
    await waitFor(() => expect(startButton().hasAttribute('disabled')).toBe(false));
  });
});

describe('Save as AMI dialog: the review', () => {
  it('shows what will be created, the volumes, the cost per month and the duration', async () => {
    const record = succeededRecord();
    const { api } = renderDialog(record);
    await waitFor(() => expect(review().getAttribute('data-state')).toBe('ready'));
    expect(screen.getByTestId('bake-will-create').textContent).toContain('in us-east-1, with 1 EBS snapshot (8 GiB)');
    expect(screen.getByTestId('bake-volumes').textContent).toContain('/dev/xvda: 8 GiB');
    expect(screen.getByTestId('bake-cost').textContent).toContain('$0.40');
    expect(screen.getByTestId('bake-cost').textContent).toContain('per GiB-month');
    expect(screen.getByTestId('bake-duration').textContent).toBe('about 6 min');
    expect(screen.queryByTestId('bake-unsealed-warning')).toBeNull();

    const regions = cloudscape().find('[data-testid="bake-copy-regions"]')!.findMultiselect()!;
    regions.openDropdown();
    await waitFor(() => expect(regions.findDropdown().findOptionByValue('eu-west-1')).toBeTruthy());
    expect(regions.findDropdown().findOptionByValue('us-east-1')).toBeNull();
    regions.selectOptionByValue('eu-west-1');
    await waitFor(() => expect(screen.getByTestId('bake-cost').textContent).toContain('$0.80 with the 1 copy'));
    expect(api.callsOf('bake.preview').at(-1)!.request).toMatchObject({
      launchId: 'launch-1',
      copyToRegions: ['eu-west-1'],
      allowUnsealed: false,
    });
  });

  it('warns that the image will be unsealed when the agent cannot seal, and needs the checkbox to start', async () => {
    // The install has not ended: the agent does not seal.
    const record = launchRecord({ phase: 'installing' });
    const { api, onStarted } = renderDialog(record);
    const warning = await screen.findByTestId('bake-unsealed-warning');
    expect(warning.textContent).toContain('The install has not ended');
    expect(warning.textContent).toContain('UNSEALED');
    expect(warning.textContent).toContain('kiln:sealed=false');
    expect(startButton().hasAttribute('disabled')).toBe(true);

    check('bake-allow-unsealed');
    await waitFor(() => expect(startButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(startButton());
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.callsOf('bake.start')[0].request).toMatchObject({ allowUnsealed: true, mode: 'stop' });
    const started = onStarted.mock.calls[0][0] as LaunchRecord;
    expect(started.bakes?.[0]?.seal).toMatchObject({ sealed: false });
  });

  it('offers Windows launches sysprep, and others not', async () => {
    renderDialog(succeededRecord());
    await screen.findByTestId('bake-keep-agent');
    expect(screen.queryByTestId('bake-generalize')).toBeNull();
    cleanup();
    const windows = succeededRecord({ spec: { ...launchRecord().spec, imageId: 'ami-00000000000000ccc' } });
    renderDialog(windows);
    expect(await screen.findByTestId('bake-generalize')).toBeTruthy();
  });
});

describe('Save as AMI dialog: starting', () => {
  it('sends the choices and hands back the record', async () => {
    const { api, onStarted } = renderDialog(succeededRecord());
    typeName('web-golden');
    fireEvent.click(
      cloudscape().find('[data-testid="bake-mode"]')!.findRadioGroup()!.findInputByValue('reboot')!.getElement(),
    );
    check('bake-keep-agent');
    cloudscape().findInput('[data-testid="bake-description-input"]')!.setInputValue('Golden web server');
    await waitFor(() => expect(startButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(startButton());
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.callsOf('bake.start')[0].request).toEqual({
      launchId: 'launch-1',
      name: 'web-golden',
      description: 'Golden web server',
      mode: 'reboot',
      tags: [],
      copyToRegions: [],
      keepAgent: true,
      generalize: false,
      allowUnsealed: false,
    });
  });

  it('shows a failed seal with the same checkbox, then retries imaging it unsealed', async () => {
    const record = succeededRecord();
    const api = createFakeKilnApi({
      launches: [record],
      bakeTickMs: null,
      sealFailure: 'the agent did not answer on port 8443.',
    });
    const { onStarted } = renderDialog(record, api);
    await waitFor(() => expect(review().getAttribute('data-state')).toBe('ready'));
    expect(screen.queryByTestId('bake-unsealed-warning')).toBeNull();
    fireEvent.click(startButton());

    const error = await screen.findByTestId('bake-start-error');
    expect(error.getAttribute('data-code')).toBe('SealFailed');
    expect(error.textContent).toContain('the agent did not answer on port 8443.');
    expect(screen.getByTestId('bake-unsealed-warning')).toBeTruthy();
    expect(startButton().hasAttribute('disabled')).toBe(true);
    expect(onStarted).not.toHaveBeenCalled();

    check('bake-allow-unsealed');
    await waitFor(() => expect(startButton().hasAttribute('disabled')).toBe(false));
    expect(startButton().textContent).toBe('Try again');
    fireEvent.click(startButton());
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.callsOf('bake.start').map((c) => c.request.allowUnsealed)).toEqual([false, true]);
  });

  it('closes on Cancel', async () => {
    const { onDismiss } = renderDialog(succeededRecord());
    fireEvent.click(screen.getByTestId('bake-cancel'));
    expect(onDismiss).toHaveBeenCalled();
  });
});
