// The schedule service's refusals that need no AWS answer: they come before any call, so the profile registry and
// the client pool here throw if they are reached (nothing may be looked up, let alone created).
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import type { AwsClientPool } from '../../../../electron/core/aws/clients';
import type { ProfileRegistry } from '../../../../electron/core/profiles/profile-registry';
import { createSnapshotSchedules } from '../../../../electron/core/snapshots/snapshot-schedule';
import { launchRecord } from '../../../support/fake-data';

const unreachable = () => {
  throw new Error('no AWS call may be made for this refusal');
};

function service(record: LaunchRecord) {
  return createSnapshotSchedules({
    profiles: { get: unreachable } as unknown as ProfileRegistry,
    clients: { get: unreachable } as unknown as AwsClientPool,
    launches: { get: () => record, update: unreachable },
  });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(unreachable, (e: unknown) => e);
  expect(error).toBeInstanceOf(KilnFailure);
  return (error as KilnFailure).error;
}

const HOURLY = { rule: { kind: 'hourly' as const }, keep: 2 };

describe('snapshot schedule refusals', () => {
  it('refuses a launch without an instance yet', async () => {
    const schedules = service(launchRecord({ phase: 'creating-resources', instanceId: undefined }));
    expect(await refusal(schedules.set('launch-1', HOURLY))).toMatchObject({
      code: 'NoInstance',
      remedy: expect.any(String),
    });
  });

  it.each(['terminating', 'terminated'] as const)('refuses a %s launch', async (phase) => {
    const schedules = service(launchRecord({ phase }));
    expect(await refusal(schedules.set('launch-1', HOURLY))).toMatchObject({ code: 'LaunchTerminated' });
    expect(await refusal(schedules.preview('launch-1'))).toMatchObject({ code: 'LaunchTerminated' });
  });

  it('refuses a schedule DLM does not allow before looking at the launch, saying nothing was created', async () => {
    const schedules = service(launchRecord({ phase: 'succeeded' }));
    const error = await refusal(schedules.set('launch-1', { rule: { kind: 'every', hours: 5 }, keep: 2 }));
    expect(error).toMatchObject({ code: 'InvalidSnapshotInterval', field: 'hours' });
    expect(error.message).toContain('Nothing was created.');
    expect(await refusal(schedules.preview('launch-1', { rule: { kind: 'hourly' }, keep: 0 }))).toMatchObject({
      code: 'InvalidSnapshotCount',
    });
  });
});
