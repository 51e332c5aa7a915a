/**
 * Watches instance states for one profile and region with a single filtered DescribeInstances per tick for every
 * watched instance (instead of one call per instance): fast ticks while anything is in transition, slower when
 * steady, backing off when AWS throttles.
 */
import { paginateDescribeInstances, type EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode } from '../aws/errors';

export interface InstanceObservation {
  instanceId: string;
  state: string;
  publicIp?: string;
}

export interface InstanceMonitor {
  watch(instanceId: string): void;
  unwatch(instanceId: string): void;
  /** Checks now instead of at the next tick (e.g. right after Terminate). */
  poke(): void;
  stop(): void;
}

export interface InstanceMonitorOptions {
  describe: (instanceIds: string[]) => Promise<InstanceObservation[]>;
  onObservation: (observation: InstanceObservation) => void;
  onError?: (error: unknown) => void;
  fastMs?: number;
  slowMs?: number;
  maxBackoffMs?: number;
}

const TRANSITIONAL = new Set(['pending', 'stopping', 'shutting-down']);

export function createInstanceMonitor(options: InstanceMonitorOptions): InstanceMonitor {
  const fastMs = options.fastMs ?? 2_000;
  const slowMs = options.slowMs ?? 10_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const watched = new Map<string, string | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = false;
  let throttledDelay = 0;

  function nextDelay(): number {
    if (throttledDelay > 0) return throttledDelay * (0.75 + Math.random() * 0.5);
    const busy = [...watched.values()].some((state) => state === undefined || TRANSITIONAL.has(state));
    return busy ? fastMs : slowMs;
  }

  function schedule(delay: number): void {
    if (stopped || watched.size === 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delay);
  }

  async function tick(): Promise<void> {
    if (running || stopped) return;
    running = true;
    try {
      const observations = await options.describe([...watched.keys()]);
      throttledDelay = 0;
      for (const observation of observations) {
        if (!watched.has(observation.instanceId)) continue;
        watched.set(observation.instanceId, observation.state);
        options.onObservation(observation);
      }
    } catch (error) {
      if (awsErrorCode(error) === 'RequestLimitExceeded') {
        throttledDelay = Math.min(maxBackoffMs, Math.max(fastMs, throttledDelay * 2 || fastMs * 2));
      }
      options.onError?.(error);
    } finally {
      running = false;
      schedule(nextDelay());
    }
  }

  return {
    watch(instanceId) {
      if (watched.has(instanceId)) return;
      watched.set(instanceId, undefined);
      schedule(0);
    },
    unwatch(instanceId) {
      watched.delete(instanceId);
      if (watched.size === 0) clearTimeout(timer);
    },
    poke() {
      schedule(0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Filter values are limited to 200 per filter: one paginated call per chunk of 200 ids. */
export const INSTANCE_ID_FILTER_CHUNK = 200;

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
            });
          }
        }
      }
    }
    return observations;
  };
}
