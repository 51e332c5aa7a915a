/**
 * Watches instance states for one profile and region with a single filtered DescribeInstances per tick for every
 * watched instance (instead of one call per instance): fast ticks while anything is in transition, slower when
 * steady, backing off exponentially (with jitter) when AWS throttles or the call fails. Status checks of the
 * running instances ride along at the slow cadence: one more batched call every `statusEveryMs`, not every tick.
 */
import { paginateDescribeInstances, type EC2Client } from '@aws-sdk/client-ec2';
import { isThrottling, type InstanceStatusObservation } from './instance-status';

export interface InstanceObservation {
  instanceId: string;
  state: string;
  publicIp?: string;
  publicDnsName?: string;
  /** The primary private IPv4 address (a launch's DNS name in a private zone points at it). */
  privateIp?: string;
  /** Present on the ticks that also read the status checks, for the instances that are running. */
  statusChecks?: Pick<InstanceStatusObservation, 'system' | 'instance'>;
}

export interface WatchOptions {
  /**
   * AWS returned the instance before (in an earlier run of Kiln: the launch record holds a state). Absent from the
   * first answer then means it is gone (terminated long ago, deleted, or in a sandbox that has ended): reported as
   * missing at once instead of after the grace a just-launched instance gets.
   */
  seenBefore?: boolean;
}

export interface InstanceMonitor {
  watch(instanceId: string, options?: WatchOptions): void;
  unwatch(instanceId: string): void;
  /** Checks as soon as the cadence allows instead of at the next tick (e.g. right after Terminate). */
  poke(): void;
  stop(): void;
}

export interface InstanceMonitorOptions {
  describe: (instanceIds: string[]) => Promise<InstanceObservation[]>;
  onObservation: (observation: InstanceObservation) => void;
  onError?: (error: unknown) => void;
  /** Status checks of running instances (DescribeInstanceStatus for all of them in one batched call). */
  describeStatus?: (instanceIds: string[]) => Promise<InstanceStatusObservation[]>;
  /** Least time between two status reads; default the slow tick. */
  statusEveryMs?: number;
  /** Tick while anything is pending, stopping or shutting down (or not seen yet); also the minimum gap between calls. */
  fastMs?: number;
  /** Tick while everything is steady. */
  slowMs?: number;
  /** Longest backoff; default six slow ticks (a minute at the production 10 s). */
  maxBackoffMs?: number;
  /** Source of the backoff jitter; default Math.random. */
  random?: () => number;
  /**
   * How long an instance AWS has never returned is given before it counts as missing (besides the ticks an instance
   * seen before gets): a just-launched instance may lag behind RunInstances in DescribeInstances. Default 2 minutes.
   */
  newInstanceGraceMs?: number;
}

const TRANSITIONAL = new Set(['pending', 'stopping', 'shutting-down']);

/**
 * Reported for an instance that AWS no longer returns: one seen in this run and absent from `MISSING_AFTER_TICKS`
 * answers in a row; one seen in an earlier run (`seenBefore`) and absent from the first answer; one never seen at
 * all and still absent after the ticks and `newInstanceGraceMs`.
 */
export const MISSING_STATE = 'missing';
const MISSING_AFTER_TICKS = 3;

export function createInstanceMonitor(options: InstanceMonitorOptions): InstanceMonitor {
  const fastMs = options.fastMs ?? 2_000;
  const slowMs = options.slowMs ?? 10_000;
  const maxBackoffMs = options.maxBackoffMs ?? 6 * slowMs;
  const random = options.random ?? Math.random;
  const statusEveryMs = options.statusEveryMs ?? slowMs;
  const newInstanceGraceMs = options.newInstanceGraceMs ?? 120_000;
  let lastStatusAt = -Infinity;
  const watched = new Map<string, string | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let running = false;
  let stopped = false;
  let hurryAfterTick = false;
  let lastCallAt = -Infinity;
  // Each failed call doubles the delay; each successful one takes back half of a doubling. Recovering at half the
  // speed of backing off means a monitor that keeps being refused (more than one call in three) settles at the
  // longest delay instead of oscillating, and the rate comes back gradually once AWS answers again: the account's
  // token bucket that ran dry is shared with every other tool in the account.
  let backoffLevel = 0;
  // Consecutive answers an instance was absent from (EC2 drops terminated instances after about an hour; an
  // instance deleted out of band disappears at once).
  const absences = new Map<string, number>();
  // Watched instances AWS has never returned in this run, with when watching began and whether an earlier run saw
  // them; they leave this map at their first answer.
  const unseen = new Map<string, { since: number; seenBefore: boolean }>();

  const cadence = () =>
    [...watched.values()].some((state) => state === undefined || TRANSITIONAL.has(state)) ? fastMs : slowMs;
  const backoffMs = () => Math.min(maxBackoffMs, cadence() * 2 ** backoffLevel);
  // Jitter keeps the monitors of many regions and workstations sharing an account from retrying in lockstep.
  const nextDelay = () => (backoffLevel > 0 ? backoffMs() * (0.75 + random() * 0.5) : cadence());

  function scheduleAt(at: number): void {
    if (stopped || watched.size === 0) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(
      () => {
        dueAt = Infinity;
        void tick();
      },
      Math.max(0, at - Date.now()),
    );
  }

  /** A new instance or a poke: check soon, but never closer to the last call than a fast tick, nor inside a backoff. */
  function hurry(): void {
    if (running) {
      hurryAfterTick = true;
      return;
    }
    const minGap = backoffLevel > 0 ? backoffMs() * 0.75 : fastMs;
    const at = Math.max(Date.now(), lastCallAt + minGap);
    if (at < dueAt) scheduleAt(at);
  }

  /**
   * Status checks of the running instances, when a status read is due. A throttled read backs off like a failed
   * tick; any other failure (a profile without ec2:DescribeInstanceStatus) only loses the checks, never the states.
   */
  async function readStatusChecks(
    observations: InstanceObservation[],
  ): Promise<Map<string, InstanceStatusObservation>> {
    const running = observations
      .filter((o) => o.state === 'running' && watched.has(o.instanceId))
      .map((o) => o.instanceId);
    if (!options.describeStatus || running.length === 0 || Date.now() - lastStatusAt < statusEveryMs) return new Map();
    lastStatusAt = Date.now();
    try {
      return new Map((await options.describeStatus(running)).map((s) => [s.instanceId, s]));
    } catch (error) {
      if (isThrottling(error)) backOff();
      options.onError?.(error);
      return new Map();
    }
  }

  function backOff(): void {
    backoffLevel = Math.min(backoffLevel + 1, Math.max(0, Math.log2(maxBackoffMs / cadence())));
  }

  /**
   * The absence count at which `instanceId` is reported missing (reported once: only when the count equals it).
   * Never seen and still within its grace: one more than the count, so not yet.
   */
  function missingAfter(instanceId: string, count: number): number {
    const firstSight = unseen.get(instanceId);
    if (!firstSight) return MISSING_AFTER_TICKS;
    if (firstSight.seenBefore) return 1;
    if (count < MISSING_AFTER_TICKS || Date.now() - firstSight.since < newInstanceGraceMs) return count + 1;
    unseen.delete(instanceId);
    return count;
  }

  async function tick(): Promise<void> {
    if (running || stopped || watched.size === 0) return;
    running = true;
    lastCallAt = Date.now();
    try {
      const observations = await options.describe([...watched.keys()]);
      backoffLevel = Math.max(0, backoffLevel - 0.5);
      const statuses = await readStatusChecks(observations);
      for (const observation of observations) {
        if (stopped || !watched.has(observation.instanceId)) continue;
        absences.delete(observation.instanceId);
        unseen.delete(observation.instanceId);
        watched.set(observation.instanceId, observation.state);
        const checks = statuses.get(observation.instanceId);
        options.onObservation(
          checks ? { ...observation, statusChecks: { system: checks.system, instance: checks.instance } } : observation,
        );
      }
      const answered = new Set(observations.map((o) => o.instanceId));
      for (const instanceId of watched.keys()) {
        if (stopped || answered.has(instanceId)) continue;
        const count = (absences.get(instanceId) ?? 0) + 1;
        absences.set(instanceId, count);
        if (count === missingAfter(instanceId, count)) options.onObservation({ instanceId, state: MISSING_STATE });
      }
    } catch (error) {
      // RequestLimitExceeded above all, but any failure (endpoint down, expired credentials) is no reason to ask
      // again at full rate.
      backOff();
      options.onError?.(error);
    } finally {
      running = false;
      scheduleAt(Date.now() + nextDelay());
      if (hurryAfterTick) {
        hurryAfterTick = false;
        hurry();
      }
    }
  }

  return {
    watch(instanceId, watchOptions) {
      if (watched.has(instanceId)) return;
      watched.set(instanceId, undefined);
      unseen.set(instanceId, { since: Date.now(), seenBefore: watchOptions?.seenBefore ?? false });
      hurry();
    },
    unwatch(instanceId) {
      watched.delete(instanceId);
      unseen.delete(instanceId);
      absences.delete(instanceId);
      if (watched.size === 0) {
        clearTimeout(timer);
        dueAt = Infinity;
      }
    },
    poke: hurry,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Filter values are limited to 200 per filter: one paginated call per chunk of 200 ids. */
export const INSTANCE_ID_FILTER_CHUNK = 200;

/**
 * DescribeInstances with an `instance-id` filter (not `InstanceIds`, which fails the whole call when one id is
 * unknown or already purged). Give it a client without SDK retries: the monitor's own backoff is the retry.
 */
export function describeInstancesWith(ec2: EC2Client) {
  return async (instanceIds: string[]): Promise<InstanceObservation[]> => {
    const observations: InstanceObservation[] = [];
    for (let i = 0; i < instanceIds.length; i += INSTANCE_ID_FILTER_CHUNK) {
      const chunk = instanceIds.slice(i, i + INSTANCE_ID_FILTER_CHUNK);
      const pages = paginateDescribeInstances(
        { client: ec2 },
        { Filters: [{ Name: 'instance-id', Values: chunk }], MaxResults: 1_000 },
      );
      for await (const page of pages) {
        for (const reservation of page.Reservations ?? []) {
          for (const instance of reservation.Instances ?? []) {
            if (!instance.InstanceId) continue;
            observations.push({
              instanceId: instance.InstanceId,
              state: instance.State?.Name ?? 'unknown',
              publicIp: instance.PublicIpAddress,
              // EC2 answers "" while an instance has no public DNS name.
              publicDnsName: instance.PublicDnsName || undefined,
              privateIp: instance.PrivateIpAddress || undefined,
            });
          }
        }
      }
    }
    return observations;
  };
}
