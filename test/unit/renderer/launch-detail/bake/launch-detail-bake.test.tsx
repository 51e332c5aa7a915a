// @vitest-environment happy-dom
// Save as AMI from the launch page: when the buttons are offered, and a bake from the dialog to an available image.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../../electron/common/models';
import { App } from '../../../../../renderer/src/app';
import { bakeAvailability } from '../../../../../renderer/src/launch-detail/bake/bake-availability';
import { LaunchDetailView } from '../../../../../renderer/src/launch-detail/launch-detail-view';
import { createFakeKilnApi, launchRecord } from '../../../../support/fake-kiln-api';
import { renderWithApi } from '../../render-with-api';
import { patient } from '../../launch-wizard/wizard-driver';
import { pendingBake, succeededRecord } from './bake-fixtures';

afterEach(cleanup);

function renderDetail(record: LaunchRecord) {
  renderWithApi(
    <LaunchDetailView
      launchId={record.id}
      record={record}
      loading={false}
      loadError={undefined}
      onBack={() => {}}
      onRetryLoad={() => {}}
      onRecord={() => {}}
    />,
    createFakeKilnApi({ launches: [record], bakeTickMs: null }),
  );
}

// A disabled Cloudscape button with a reason stays focusable (aria-disabled) so the reason can be read.
const isDisabled = (el: HTMLElement) => el.getAttribute('aria-disabled') === 'true' || el.hasAttribute('disabled');

describe('Save as AMI availability', () => {
  it('is offered for a running or stopped instance of a live launch, and says why not otherwise', () => {
    expect(bakeAvailability(launchRecord({ instanceState: 'running' }))).toEqual({ enabled: true });
    expect(bakeAvailability(launchRecord({ instanceState: 'stopped' }))).toEqual({ enabled: true });
    expect(bakeAvailability(launchRecord({ instanceState: 'pending' }))).toMatchObject({
      enabled: false,
      reason: expect.stringContaining('pending'),
    });
    expect(bakeAvailability(launchRecord({ instanceId: undefined }))).toMatchObject({
      enabled: false,
      reason: 'The instance has not been launched yet.',
    });
    expect(bakeAvailability(launchRecord({ phase: 'terminating' }))).toMatchObject({ enabled: false });
    expect(bakeAvailability(launchRecord({ phase: 'terminated' }))).toMatchObject({ enabled: false });
    expect(bakeAvailability(launchRecord({ bakes: [pendingBake({ phase: 'stopping', images: [] })] }))).toMatchObject({
      enabled: false,
    });
    expect(bakeAvailability(launchRecord({ bakes: [pendingBake()] }))).toEqual({ enabled: true });
  });

  it('puts the button in the header and beside Connect and Terminate in the outcome', () => {
    renderDetail(succeededRecord());
    expect(isDisabled(screen.getByTestId('save-as-ami-button'))).toBe(false);
    expect(isDisabled(screen.getByTestId('outcome-save-as-ami-button'))).toBe(false);
    fireEvent.click(screen.getByTestId('outcome-save-as-ami-button'));
    expect(screen.getByTestId('bake-dialog')).toBeTruthy();
  });

  it('disables both buttons with the reason for a terminated launch', () => {
    renderDetail(succeededRecord({ phase: 'terminated', instanceState: 'terminated' }));
    expect(isDisabled(screen.getByTestId('save-as-ami-button'))).toBe(true);
    expect(isDisabled(screen.getByTestId('outcome-save-as-ami-button'))).toBe(true);
    fireEvent.click(screen.getByTestId('save-as-ami-button'));
    expect(screen.queryByTestId('bake-dialog')).toBeNull();
  });
});

describe('Save as AMI from the launch page', () => {
  it('starts a bake, follows it to available, and launches from the image', async () => {
    const record = succeededRecord();
    const api = createFakeKilnApi({ launches: [record], bakeTickMs: 30 });
    render(<App api={api} />);
    fireEvent.click(await screen.findByTestId('launch-link-launch-1'));
    fireEvent.click(await screen.findByTestId('save-as-ami-button'));
    await waitFor(() => expect(screen.getByTestId('bake-review').getAttribute('data-state')).toBe('ready'), patient);
    fireEvent.click(screen.getByTestId('bake-start'));

    await waitFor(() => expect(screen.queryByTestId('bake-dialog')).toBeNull(), patient);
    const progress = await screen.findByTestId('bake-progress');
    expect(['stopping', 'creating-image', 'pending']).toContain(progress.getAttribute('data-phase'));
    await waitFor(() => expect(screen.getAllByTestId('snapshot-progress').length).toBeGreaterThan(0), patient);
    await waitFor(
      () => expect(screen.getByTestId('bake-progress').getAttribute('data-phase')).toBe('available'),
      patient,
    );

    const imageId = screen.getByTestId('bake-image').getAttribute('data-image-id')!;
    fireEvent.click(screen.getByTestId('bake-launch-from-image'));
    expect((await screen.findByTestId('wizard-fill-notice', {}, patient)).textContent).toContain(imageId);
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('us-east-1'), patient);
  });

  it('shows the bake in the launches list', async () => {
    render(
      <App api={createFakeKilnApi({ launches: [succeededRecord({ bakes: [pendingBake()] })], bakeTickMs: null })} />,
    );
    const status = await screen.findByTestId('launch-bake-status');
    expect(status.getAttribute('data-phase')).toBe('pending');
    expect(status.textContent).toBe('Baking 26 %');
  });
});
