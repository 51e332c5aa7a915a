/**
 * The automatic termination time of launches (salvage windows, experiment timers): the timers, the tag on the
 * instance that keeps the time in AWS, and the failure shown on a launch the timer could not terminate.
 */
import type { LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AwsClientPool } from '../aws/clients';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { createAutoTerminateScheduler, tagTerminateAt } from './auto-terminate';
import type { LaunchRecords } from './launch-records';
import { launchIsProtected } from './terminate-instance';

export interface LaunchTerminateAtDeps {
  records: LaunchRecords;
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  terminate: (launchId: string) => Promise<unknown>;
  log: (message: string, error?: unknown) => void;
  now: () => Date;
}

export interface LaunchTerminateAt {
  /** Arms, re-arms or clears the record's timer. */
  sync(record: LaunchRecord): void;
  /** Sets or clears the time, refusing a time on an instance Kiln could not terminate by itself. */
  set(launchId: string, at: string | undefined): Promise<LaunchRecord>;
  /** Tags a freshly launched instance with its time; a failed tag is logged, since the timer runs here either way. */
  tagLaunched(record: LaunchRecord): Promise<void>;
  dispose(): void;
}

export function createLaunchTerminateAt(deps: LaunchTerminateAtDeps): LaunchTerminateAt {
  const scheduler = createAutoTerminateScheduler({
    terminate: deps.terminate,
    onError: (id, error) => {
      const failure =
        error instanceof KilnFailure ? error.error : { code: 'AutoTerminateFailed', message: String(error) };
      void deps.records
        .update(id, (r) => ({
          ...r,
          error: {
            ...failure,
            message: `Kiln could not terminate it at the set time: ${failure.message}`,
            remedy: 'Kiln retries every 5 minutes; terminate it by hand if this persists.',
          },
        }))
        // The launch may be gone or its file unwritable: the failure is then only in the log, never nowhere.
        .catch((recordError: unknown) =>
          deps.log(`could not record on ${id} that its automatic termination failed (${failure.message})`, recordError),
        );
    },
    log: deps.log,
    now: deps.now,
  });

  async function set(launchId: string, at: string | undefined): Promise<LaunchRecord> {
    const record = deps.records.get(launchId);
    if (record.phase === 'terminating' || record.phase === 'terminated') {
      throw new KilnFailure({
        code: 'AlreadyTerminated',
        message: `${record.spec.name} is already ${record.phase}.`,
        remedy: 'Nothing to keep.',
      });
    }
    if (record.instanceId) {
      const context = await deps.profiles.get(record.spec.profileId);
      const { ec2 } = deps.clients.get(context, record.spec.region);
      // Kiln's timer terminates without the typed name, which EC2 (or Kiln) refuses on a protected instance.
      if (at !== undefined && (await launchIsProtected(context, ec2, record))) {
        throw new KilnFailure({
          code: 'TerminationProtected',
          message: `${record.spec.name} has termination protection, so Kiln could not terminate it when the time comes.`,
          remedy: 'Turn termination protection off first, or terminate it yourself when you are done with it.',
        });
      }
      await tagTerminateAt(context, ec2, record.instanceId, at);
    }
    return deps.records.update(launchId, (r) => ({ ...r, terminateAt: at }));
  }

  async function tagLaunched(record: LaunchRecord): Promise<void> {
    try {
      const context = await deps.profiles.get(record.spec.profileId);
      await tagTerminateAt(
        context,
        deps.clients.get(context, record.spec.region).ec2,
        record.instanceId!,
        record.terminateAt,
      );
    } catch (error) {
      deps.log(`could not tag ${record.instanceId} with its termination time`, error);
    }
  }

  return {
    sync: (record) => scheduler.sync(record),
    set,
    tagLaunched,
    dispose: () => scheduler.dispose(),
  };
}
