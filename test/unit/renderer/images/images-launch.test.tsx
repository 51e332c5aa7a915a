// @vitest-environment happy-dom
// From the Images page in the app: Launch from this image opens the wizard on that AMI.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/src/app';
import { launchFromImagePrefill } from '../../../../renderer/src/launch-wizard/launch-from-image';
import { createFakeKilnApi, launchRecord } from '../../../support/fake-kiln-api';
import '../render-with-api';
import { patient, toStep } from '../launch-wizard/wizard-driver';
import { AVAILABLE } from './image-fixtures';

afterEach(cleanup);

const navLink = (text: string) => screen.getAllByText(text).find((el) => el.closest('nav'))!;

describe('Images page in the app', () => {
  it('is in the navigation, and opens the wizard on an image with the AMI id filled in', async () => {
    const image = { ...AVAILABLE, region: 'eu-west-1' };
    render(<App api={createFakeKilnApi({ bakedImages: [image], bakeTickMs: null })} />);
    fireEvent.click(navLink('Images'));
    await screen.findByTestId('images-view');
    const row = (await screen.findByTestId('image-row', {}, patient)).closest('tr')!;
    createWrapper(row).findButtonDropdown()!.openDropdown();
    fireEvent.click(screen.getByTestId('image-launch'));

    expect((await screen.findByTestId('wizard-fill-notice', {}, patient)).textContent).toContain(
      `the image web-golden (${image.imageId})`,
    );
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('eu-west-1'), patient);
    await toStep('ami');
    await waitFor(
      () => expect(screen.getByTestId<HTMLInputElement>('ami-id-input').value).toBe(image.imageId),
      patient,
    );
  });

  it('opens the launch an image came from', async () => {
    const api = createFakeKilnApi({
      launches: [launchRecord({ id: 'launch-1' })],
      bakedImages: [AVAILABLE],
      bakeTickMs: null,
    });
    render(<App api={api} />);
    fireEvent.click(navLink('Images'));
    fireEvent.click(await screen.findByTestId('image-launch-link', {}, patient));
    expect((await screen.findByTestId('launch-detail')).getAttribute('data-launch-id')).toBe('launch-1');
  });

  it('makes a prefill with only the profile, region and AMI', () => {
    expect(
      launchFromImagePrefill({ profileId: 'sandbox', region: 'eu-west-1', imageId: 'ami-0b4e0000000000001' }),
    ).toMatchObject({
      spec: { profileId: 'sandbox', region: 'eu-west-1', imageId: 'ami-0b4e0000000000001' },
      source: 'the image ami-0b4e0000000000001',
    });
  });
});
