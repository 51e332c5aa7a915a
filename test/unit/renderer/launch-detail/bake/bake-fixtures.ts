/** Bakes as the backend keeps them on launch records, for the bake tests. */
import type { Bake, BakeRequest } from '../../../../../electron/common/models';
import { launchRecord } from '../../../../support/fake-kiln-api';

export const STARTED_AT = '2026-11-20T10:00:00.000Z';

export function bakeRequest(overrides: Partial<BakeRequest> = {}): BakeRequest {
  return {
    launchId: 'launch-1',
    name: 'web-golden',
    description: '',
    mode: 'stop',
    tags: [],
    copyToRegions: [],
    keepAgent: false,
    generalize: false,
    allowUnsealed: false,
    ...overrides,
  };
}

/** A bake whose image is pending with two snapshots at 42 % and 10 %. */
export function pendingBake(overrides: Partial<Bake> = {}): Bake {
  return {
    id: 'bake-1',
    request: bakeRequest(),
    phase: 'pending',
    startedAt: STARTED_AT,
    timeline: [
      { phase: 'stopping', at: STARTED_AT },
      { phase: 'creating-image', at: '2026-11-20T10:00:40.000Z' },
      { phase: 'pending', at: '2026-11-20T10:01:00.000Z' },
    ],
    seal: {
      sealed: true,
      removed: ['/opt/kiln/agent.json', '/opt/kiln/journal'],
      kept: [],
      actions: [{ command: 'cloud-init clean --logs --seed', ok: true }],
    },
    restartInstance: true,
    volumeSizeGiB: 8,
    images: [
      {
        imageId: 'ami-0b4e0000000000001',
        region: 'us-east-1',
        state: 'pending',
        createdAt: '2026-11-20T10:01:00.000Z',
        snapshots: [
          { snapshotId: 'snap-0b4e0000000000001', volumeSizeGiB: 8, progress: 42, state: 'pending' },
          { snapshotId: 'snap-0b4e0000000000002', volumeSizeGiB: 4, progress: 10, state: 'pending' },
        ],
      },
    ],
    ...overrides,
  };
}

export function failedBake(): Bake {
  const bake = pendingBake({ id: 'bake-2' });
  return {
    ...bake,
    phase: 'failed',
    timeline: [...bake.timeline, { phase: 'failed', at: '2026-11-20T10:05:00.000Z' }],
    seal: {
      sealed: false,
      removed: [],
      kept: [],
      actions: [],
      reason: 'The instance is stopped, so its agent cannot seal it.',
    },
    images: [{ ...bake.images[0], state: 'failed', stateReason: 'Client.InternalError: snapshot creation failed' }],
    error: {
      code: 'ImageFailed',
      message: 'The image ami-0b4e0000000000001 in us-east-1 failed: Client.InternalError: snapshot creation failed.',
      remedy: "Save the launch as an AMI again; if it fails again, check the instance's volumes.",
    },
  };
}

export function availableBake(): Bake {
  const bake = pendingBake({ id: 'bake-3' });
  return {
    ...bake,
    phase: 'available',
    timeline: [...bake.timeline, { phase: 'available', at: '2026-11-20T10:06:00.000Z' }],
    images: [
      {
        ...bake.images[0],
        state: 'available',
        snapshots: bake.images[0].snapshots.map((s) => ({ ...s, progress: 100, state: 'completed' })),
      },
    ],
  };
}

/** A finished install whose instance runs: the agent can seal it. */
export function succeededRecord(overrides: Parameters<typeof launchRecord>[0] = {}) {
  return launchRecord({ phase: 'succeeded', outcome: { result: 'success', exitCode: 0, signal: null }, ...overrides });
}
