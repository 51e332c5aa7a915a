// @vitest-environment happy-dom
// The Images page against the fake API: rows, live updates, Copy to region and Deregister.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImagesView } from '../../../../renderer/src/images/images-view';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { createFakeKilnApi, type FakeData } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';
import { AVAILABLE, FAILED, PENDING } from './image-fixtures';

afterEach(cleanup);

function renderImages(overrides: Partial<FakeData> = {}) {
  const api = createFakeKilnApi({ bakedImages: [AVAILABLE, PENDING, FAILED], bakeTickMs: null, ...overrides });
  const props = { onOpenLaunch: vi.fn(), onLaunchFromImage: vi.fn(), onOpenCleanup: vi.fn() };
  renderWithApi(<ImagesView launchName={(id) => (id === 'launch-1' ? 'web-1' : undefined)} {...props} />, api);
  return { api, ...props };
}

const rowOf = (imageId: string) =>
  screen.getAllByTestId('image-row').find((el) => el.getAttribute('data-image-id') === imageId);
const trOf = (imageId: string) => rowOf(imageId)!.closest('tr')!;
const inRow = (imageId: string, testId: string) => within(trOf(imageId)).getByTestId(testId);
/** Opens the row's Actions menu and returns one of its items (Cloudscape makes an item's id its data-testid). */
function rowAction(imageId: string, action: 'image-launch' | 'image-copy' | 'image-deregister'): HTMLElement {
  createWrapper(trOf(imageId)).findButtonDropdown()!.openDropdown();
  return screen.getByTestId(action);
}
const clickRowAction = (imageId: string, action: Parameters<typeof rowAction>[1]) =>
  fireEvent.click(rowAction(imageId, action));
const isDisabled = (item: HTMLElement) =>
  item.querySelector('[aria-disabled="true"]') !== null || item.getAttribute('aria-disabled') === 'true';

describe('Images page', () => {
  it('lists the profile’s baked images with state, progress, lineage, sealing and cost', async () => {
    const { api, onOpenLaunch } = renderImages();
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    expect(api.callsOf('images.baked')).toEqual([{ profileId: 'sandbox' }]);
    // Newest first.
    expect(screen.getAllByTestId('image-row').map((r) => r.getAttribute('data-image-id'))).toEqual([
      PENDING.imageId,
      AVAILABLE.imageId,
      FAILED.imageId,
    ]);
    expect(inRow(PENDING.imageId, 'image-progress').getAttribute('data-value')).toBe('42');
    expect(inRow(PENDING.imageId, 'image-progress').textContent).toContain('42%');
    expect(inRow(FAILED.imageId, 'image-state').textContent).toContain(
      'Client.InternalError: snapshot creation failed',
    );
    expect(inRow(AVAILABLE.imageId, 'image-sealed').textContent).toBe('yes');
    expect(inRow(PENDING.imageId, 'image-sealed').textContent).toBe('no');
    expect(inRow(FAILED.imageId, 'image-sealed').textContent).toBe('unknown');
    expect(trOf(AVAILABLE.imageId).textContent).toContain('$0.40');
    expect(trOf(AVAILABLE.imageId).textContent).toContain(AVAILABLE.sourceImageId);
    // A launch this workstation knows is a link; another one is only its id.
    fireEvent.click(inRow(AVAILABLE.imageId, 'image-launch-link'));
    expect(onOpenLaunch).toHaveBeenCalledWith('launch-1');
    expect(within(trOf(PENDING.imageId)).queryByTestId('image-launch-link')).toBeNull();
    expect(trOf(PENDING.imageId).textContent).toContain('launch-gone');
    // Only available images launch and copy.
    expect(isDisabled(rowAction(PENDING.imageId, 'image-launch'))).toBe(true);
    expect(isDisabled(screen.getByTestId('image-copy'))).toBe(true);
    expect(isDisabled(screen.getByTestId('image-deregister'))).toBe(false);
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    expect(isDisabled(rowAction(AVAILABLE.imageId, 'image-launch'))).toBe(false);
  });

  it('filters the rows by text', async () => {
    renderImages();
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    act(() =>
      cloudscape().findTable('[data-testid="images-table"]')!.findTextFilter()!.findInput().setInputValue('eu-west'),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('image-row').map((r) => r.getAttribute('data-image-id'))).toEqual([FAILED.imageId]),
    );
  });

  it('updates a row live from images.updated, matched by image id', async () => {
    const { api } = renderImages();
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    expect(api.listenerCount('images.updated')).toBe(1);
    act(() => api.emit('images.updated', { ...PENDING, progress: 80 }));
    await waitFor(() => expect(inRow(PENDING.imageId, 'image-progress').getAttribute('data-value')).toBe('80'));
    act(() => api.emit('images.updated', { ...PENDING, state: 'available', progress: null }));
    await waitFor(() => expect(rowOf(PENDING.imageId)!.getAttribute('data-state')).toBe('available'));
    // Events carry no profile: an image the list does not hold waits for a refresh.
    act(() => api.emit('images.updated', { ...AVAILABLE, imageId: 'ami-0b4e00000000000ff' }));
    expect(screen.getAllByTestId('image-row')).toHaveLength(3);
  });

  it('refreshes the list', async () => {
    const { api } = renderImages();
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    api.data.bakedImages = [AVAILABLE];
    fireEvent.click(screen.getByTestId('images-refresh'));
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(1));
    expect(api.callsOf('images.baked')).toHaveLength(2);
  });

  it('copies an image to another region, and the copy appears pending', async () => {
    const { api } = renderImages();
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    clickRowAction(AVAILABLE.imageId, 'image-copy');
    expect(screen.getByTestId('copy-modal')).toBeTruthy();
    expect(screen.getByTestId('copy-confirm').hasAttribute('disabled')).toBe(true);
    const select = cloudscape().findSelect('[data-testid="copy-region-select"]')!;
    select.openDropdown();
    await waitFor(() => expect(select.findDropdown().findOptionByValue('eu-west-1')).toBeTruthy());
    expect(select.findDropdown().findOptionByValue('us-east-1')).toBeNull();
    select.selectOptionByValue('eu-west-1');
    fireEvent.click(screen.getByTestId('copy-confirm'));

    await waitFor(() => expect(screen.queryByTestId('copy-modal')).toBeNull());
    expect(api.callsOf('images.copy')).toEqual([
      { profileId: 'sandbox', region: 'us-east-1', imageId: AVAILABLE.imageId, targetRegion: 'eu-west-1' },
    ]);
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(4));
    const copy = screen
      .getAllByTestId('image-row')
      .find(
        (r) => ![AVAILABLE, PENDING, FAILED].map<string>((i) => i.imageId).includes(r.getAttribute('data-image-id')!),
      )!;
    expect(copy.getAttribute('data-state')).toBe('pending');
    expect(copy.closest('tr')!.textContent).toContain('eu-west-1');
    expect(screen.getByTestId('copy-result').textContent).toContain('eu-west-1');
  });

  it('deregisters after a confirmation that lists the snapshots, and reports what was deleted', async () => {
    const { api } = renderImages();
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    clickRowAction(PENDING.imageId, 'image-deregister');
    const modal = screen.getByTestId('deregister-modal');
    expect(modal.textContent).toContain('cannot be launched any more');
    const snapshots = within(screen.getByTestId('deregister-snapshots'));
    expect(snapshots.getByText('snap-0b4e0000000000002')).toBeTruthy();
    expect(snapshots.getByText('snap-0b4e0000000000003')).toBeTruthy();
    expect(api.callsOf('images.deregister')).toEqual([]);

    fireEvent.click(screen.getByTestId('deregister-confirm'));
    await waitFor(() => expect(screen.queryByTestId('deregister-modal')).toBeNull());
    expect(api.callsOf('images.deregister')).toEqual([
      { profileId: 'sandbox', region: 'us-east-1', imageId: PENDING.imageId },
    ]);
    expect(rowOf(PENDING.imageId)).toBeUndefined();
    expect(screen.getByTestId('deregister-result').textContent).toContain(
      'snap-0b4e0000000000002, snap-0b4e0000000000003',
    );
    expect(screen.queryByTestId('deregister-kept')).toBeNull();
  });

  it('warns about snapshots AWS kept, with their reason and the way to the Cleanup page', async () => {
    const { onOpenCleanup } = renderImages({
      keptSnapshots: {
        [PENDING.imageId]: [{ snapshotId: 'snap-0b4e0000000000003', reason: 'It is in use by ami-0b4e00000000000aa.' }],
      },
    });
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    clickRowAction(PENDING.imageId, 'image-deregister');
    fireEvent.click(screen.getByTestId('deregister-confirm'));
    const kept = await screen.findByTestId('deregister-kept');
    expect(kept.textContent).toContain('snap-0b4e0000000000003: It is in use by ami-0b4e00000000000aa.');
    expect(screen.getByTestId('deregister-result').textContent).toContain('snap-0b4e0000000000002');
    expect(screen.getByTestId('deregister-result').textContent).not.toContain('snap-0b4e0000000000003');
    fireEvent.click(within(kept).getByText('Cleanup page'));
    expect(onOpenCleanup).toHaveBeenCalled();
  });

  it('hands the profile, region and AMI to Launch from this image', async () => {
    const { onLaunchFromImage } = renderImages();
    await waitFor(() => expect(screen.getAllByTestId('image-row')).toHaveLength(3));
    clickRowAction(AVAILABLE.imageId, 'image-launch');
    expect(onLaunchFromImage).toHaveBeenCalledWith({
      profileId: 'sandbox',
      region: 'us-east-1',
      imageId: AVAILABLE.imageId,
      name: 'web-golden',
    });
  });
});
