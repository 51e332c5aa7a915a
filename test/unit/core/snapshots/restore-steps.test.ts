// A restore's steps on the launch record, and its rollback: what the steps created is undone newest first, and the
// failure names the failed step, what was rolled back, and what could not be.
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import { startRestoreSteps } from '../../../../electron/core/snapshots/restore-steps';
import { launchRecord } from '../../../support/fake-data';

async function steps() {
  let record: LaunchRecord = launchRecord();
  const restoreSteps = await startRestoreSteps(
    {
      update: async (change) => {
        record = change(record);
      },
      now: () => new Date('2025-01-15T12:00:00Z'),
    },
    { snapshotId: 'snap-0123456789abcdef0', method: 'swap-volume' },
  );
  return { restoreSteps, record: () => record };
}

const failureOf = async (promise: Promise<unknown>): Promise<KilnFailure> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KilnFailure)) throw new Error(`expected a KilnFailure, got ${String(error)}`);
  return error;
};

describe('restore steps', () => {
  it('shows each step as it runs and finishes', async () => {
    const { restoreSteps, record } = await steps();
    await restoreSteps.step('Stop i-1', async () => {
      expect(record().restore?.steps.at(-1)).toMatchObject({ title: 'Stop i-1', state: 'running' });
    });
    await restoreSteps.succeed();
    expect(record().restore).toMatchObject({ state: 'succeeded', steps: [{ title: 'Stop i-1', state: 'done' }] });
  });

  it('rolls back newest first and says what was undone', async () => {
    const { restoreSteps, record } = await steps();
    const undone: string[] = [];
    await restoreSteps.step('Create a volume', async () => {
      restoreSteps.onRollback('deleted vol-1', async () => undone.push('vol-1'));
    });
    await restoreSteps.step('Detach the old root', async () => {
      restoreSteps.onRollback('attached vol-0 again', async () => undone.push('vol-0'));
    });
    const cause = new KilnFailure({ code: 'VolumeLimitExceeded', message: 'No more volumes.', remedy: 'Ask AWS.' });
    const failure = await failureOf(
      restoreSteps.step('Attach vol-1', () => Promise.reject(cause)).catch((e: unknown) => restoreSteps.fail(e)),
    );
    expect(undone).toEqual(['vol-0', 'vol-1']);
    expect(failure.error).toEqual({
      code: 'VolumeLimitExceeded',
      message:
        'The restore failed at "Attach vol-1": No more volumes. Rolled back: attached vol-0 again; deleted vol-1.',
      remedy: 'Ask AWS.',
    });
    expect(record().restore?.state).toBe('failed');
    expect(record().restore?.steps.map((s) => [s.title, s.state])).toEqual([
      ['Create a volume', 'done'],
      ['Detach the old root', 'done'],
      ['Attach vol-1', 'failed'],
      ['attached vol-0 again', 'rolled-back'],
      ['deleted vol-1', 'rolled-back'],
    ]);
  });

  it('names what could not be rolled back, and keeps going with the rest', async () => {
    const { restoreSteps } = await steps();
    const undone: string[] = [];
    restoreSteps.onRollback('deleted vol-1', async () => undone.push('vol-1'));
    restoreSteps.onRollback('started i-1 again', () => Promise.reject(new Error('InsufficientInstanceCapacity')));
    const failure = await failureOf(restoreSteps.fail(new Error('boom')));
    expect(undone).toEqual(['vol-1']);
    expect(failure.error.message).toMatch(/Rolled back: deleted vol-1\. Could not roll back: started i-1 again\./);
    expect(failure.error.remedy).toMatch(/^Finish by hand in the EC2 console: started i-1 again\./);
  });

  it('says nothing had been created when a first step fails, and rolls back nothing after success', async () => {
    const { restoreSteps } = await steps();
    const failure = await failureOf(restoreSteps.fail(new Error('AccessDenied')));
    expect(failure.error.message).toMatch(/Nothing had been created\.$/);

    const second = (await steps()).restoreSteps;
    let undone = false;
    second.onRollback('deleted vol-1', async () => {
      undone = true;
    });
    await second.succeed();
    await failureOf(second.fail(new Error('late')));
    expect(undone).toBe(false);
  });
});
