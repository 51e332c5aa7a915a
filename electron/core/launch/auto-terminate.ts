/**
 * Terminates launches at their `terminateAt` time (salvage windows, experiment timers). Timers are re-created from
 * the records on start, so a restart does not forget them; the time also lives in a tag on the instance.
 */
import { CreateTagsCommand, DeleteTagsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { LaunchRecord } from '../../common/models';
import { awsCall } from '../aws/clients';
import type { ProfileContext } from '../profiles/profile-context';

export const KILN_TERMINATE_AT_TAG = 'kiln:terminate-at';
/** setTimeout cannot wait longer than this; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface AutoTerminateScheduler {
  /** Arms (or re-arms, or clears) the timer for a record according to its `terminateAt`. */
  sync(record: LaunchRecord): void;
  dispose(): void;
}

/** After a failed automatic termination (expired credentials overnight…), try again this much later. */
export const AUTO_TERMINATE_RETRY_MS = 5 * 60_000;

export function createAutoTerminateScheduler(deps: {
  terminate: (launchId: string) => Promise<unknown>;
  /** A failed attempt, to show on the launch; the scheduler retries by itself. */
  onError?: (launchId: string, error: unknown) => void;
  log: (message: string, error?: unknown) => void;
  now: () => Date;
}): AutoTerminateScheduler {
  const timers = new Map<string, { at: string; timer: NodeJS.Timeout }>();

  function clear(launchId: string) {
    clearTimeout(timers.get(launchId)?.timer);
    timers.delete(launchId);
  }

  function arm(launchId: string, at: string, notBeforeMs = 0) {
    const delay = Math.max(notBeforeMs, new Date(at).getTime() - deps.now().getTime());
    const timer = setTimeout(
      () => {
        timers.delete(launchId);
        if (delay > MAX_TIMER_MS) return arm(launchId, at);
        deps.terminate(launchId).catch((error) => {
          deps.log(`auto-terminate of ${launchId} failed`, error);
          deps.onError?.(launchId, error);
          if (!timers.has(launchId)) arm(launchId, at, AUTO_TERMINATE_RETRY_MS);
        });
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    timer.unref?.();
    timers.set(launchId, { at, timer });
  }

  return {
    sync(record) {
      const done = record.phase === 'terminating' || record.phase === 'terminated';
      if (!record.terminateAt || done) return clear(record.id);
      if (timers.get(record.id)?.at === record.terminateAt) return;
      clear(record.id);
      arm(record.id, record.terminateAt);
    },
    dispose() {
      for (const id of [...timers.keys()]) clear(id);
    },
  };
}

/** Records the termination time on the instance too, so another workstation (or the console) can see it. */
export async function tagTerminateAt(
  context: ProfileContext,
  ec2: EC2Client,
  instanceId: string,
  at: string | undefined,
): Promise<void> {
  await awsCall(context, `tag ${instanceId} with its termination time`, async () => {
    if (at)
      await ec2.send(
        new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: KILN_TERMINATE_AT_TAG, Value: at }] }),
      );
    else await ec2.send(new DeleteTagsCommand({ Resources: [instanceId], Tags: [{ Key: KILN_TERMINATE_AT_TAG }] }));
  });
}
