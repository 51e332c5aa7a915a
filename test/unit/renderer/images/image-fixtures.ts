/** Kiln-baked images as images.baked lists them, for the Images page tests. */
import type { KilnImage } from '../../../../electron/common/models';

export function kilnImage(overrides: Partial<KilnImage> = {}): KilnImage {
  return {
    imageId: 'ami-0b4e0000000000001',
    region: 'us-east-1',
    name: 'web-golden',
    state: 'available',
    progress: null,
    sizeGiB: 8,
    createdAt: '2026-11-20T10:01:00.000Z',
    sourceImageId: 'ami-0ed094fb1304fd857',
    launchId: 'launch-1',
    sealed: true,
    snapshotIds: ['snap-0b4e0000000000001'],
    usdPerMonth: 0.4,
    platform: 'linux',
    ...overrides,
  };
}

export const AVAILABLE = kilnImage();
export const PENDING = kilnImage({
  imageId: 'ami-0b4e0000000000002',
  name: 'api-golden',
  state: 'pending',
  progress: 42,
  launchId: 'launch-gone',
  sealed: false,
  snapshotIds: ['snap-0b4e0000000000002', 'snap-0b4e0000000000003'],
  createdAt: '2026-11-21T10:01:00.000Z',
});
export const FAILED = kilnImage({
  imageId: 'ami-0b4e0000000000003',
  name: 'db-golden',
  region: 'eu-west-1',
  state: 'failed',
  stateReason: 'Client.InternalError: snapshot creation failed',
  launchId: undefined,
  sealed: null,
  usdPerMonth: null,
  createdAt: '2026-11-19T10:01:00.000Z',
});
