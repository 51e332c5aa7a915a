// A failed automatic termination is shown on the launch; when even that cannot be written (the launch gone, its file
// unwritable), it is logged instead of dropped.
import { describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import type { AwsClientPool } from '../../../../electron/core/aws/clients';
import { createLaunchTerminateAt } from '../../../../electron/core/launch/launch-terminate-at';
import type { LaunchRecords } from '../../../../electron/core/launch/launch-records';
import type { ProfileRegistry } from '../../../../electron/core/profiles/profile-registry';
import { launchRecord } from '../../../support/fake-data';

describe('automatic termination failures', () => {
  it('logs a failure it could not record on the launch', async () => {
    const logged: Array<{ message: string; error: unknown }> = [];
    const writeError = new Error('EROFS: read-only file system');
    // Only the two record calls the timer's failure path makes; the AWS side is never reached.
    const records = {
      get: () => launchRecord(),
      update: () => Promise.reject(writeError),
    } as unknown as LaunchRecords;
    const terminateAt = createLaunchTerminateAt({
      records,
      profiles: {} as ProfileRegistry,
      clients: {} as AwsClientPool,
      terminate: () => Promise.reject(new Error('The instance is protected.')),
      log: (message, error) => logged.push({ message, error }),
      now: () => new Date('2026-05-01T09:30:00.000Z'),
    });
    const record: LaunchRecord = { ...launchRecord(), id: 'l-due', terminateAt: '2026-05-01T09:29:00.000Z' };
    terminateAt.sync(record);
    try {
      await vi.waitFor(() => expect(logged).toHaveLength(2), { timeout: 5_000 });
    } finally {
      terminateAt.dispose();
    }
    expect(logged[0]?.message).toBe('auto-terminate of l-due failed');
    expect(logged[1]).toEqual({
      message: 'could not record on l-due that its automatic termination failed (Error: The instance is protected.)',
      error: writeError,
    });
  });
});
