/** One instance monitor per profile and region, shared by all launches there. */
import type { LaunchRecord } from '../../common/models';
import type { AwsClientPool } from '../aws/clients';
import {
  createInstanceMonitor,
  describeInstancesWith,
  type InstanceMonitor,
  type InstanceObservation,
} from '../monitor/instance-monitor';
import { describeInstanceStatusWith } from '../monitor/instance-status';
import type { ProfileRegistry } from '../profiles/profile-registry';

export interface MonitorHubDeps {
  clients: AwsClientPool;
  profiles: ProfileRegistry;
  intervals?: { fastMs: number; slowMs: number };
  onObservation: (launchId: string, observation: InstanceObservation) => Promise<void>;
  log: (message: string, error?: unknown) => void;
}

export interface MonitorHub {
  watch(record: LaunchRecord): void;
  unwatch(record: LaunchRecord): void;
  poke(record: LaunchRecord): void;
  dispose(): void;
}

export function createMonitorHub(deps: MonitorHubDeps): MonitorHub {
  const monitors = new Map<string, Promise<InstanceMonitor>>();
  const launchByInstance = new Map<string, string>();
  const keyOf = (record: LaunchRecord) => `${record.spec.profileId}\u0000${record.spec.region}`;

  function monitorFor(record: LaunchRecord): Promise<InstanceMonitor> {
    const key = keyOf(record);
    let monitor = monitors.get(key);
    if (!monitor) {
      const { profileId, region } = record.spec;
      // The client is looked up on every tick: after a sign-in or an edit of ~/.aws the pool holds a new one with
      // the new credentials, and the old one (whose credentials expire) must not be kept. The pool caches, so a tick
      // costs a lookup, not a client.
      const ec2 = async () => deps.clients.get(await deps.profiles.get(profileId), region).ec2Polling;
      monitor = deps.profiles.get(profileId).then(() =>
        createInstanceMonitor({
          describe: async (ids) => describeInstancesWith(await ec2())(ids),
          describeStatus: async (ids) => describeInstanceStatusWith(await ec2())(ids),
          fastMs: deps.intervals?.fastMs,
          slowMs: deps.intervals?.slowMs,
          onError: (error) => deps.log(`watching instances failed in ${region}`, error),
          onObservation: (observation) => {
            const launchId = launchByInstance.get(observation.instanceId);
            if (!launchId) return;
            deps.onObservation(launchId, observation).catch((e) => deps.log('handling an instance state failed', e));
          },
        }),
      );
      monitors.set(key, monitor);
      monitor.catch(() => monitors.delete(key));
    }
    return monitor;
  }

  return {
    watch(record) {
      if (!record.instanceId) return;
      launchByInstance.set(record.instanceId, record.id);
      monitorFor(record).then(
        // A record with an instance state was answered for by AWS before (in this run or an earlier one).
        (monitor) => monitor.watch(record.instanceId!, { seenBefore: record.instanceState !== undefined }),
        (error) => deps.log(`cannot watch ${record.instanceId}`, error),
      );
    },
    unwatch(record) {
      if (!record.instanceId) return;
      launchByInstance.delete(record.instanceId);
      void monitors.get(keyOf(record))?.then((monitor) => monitor.unwatch(record.instanceId!));
    },
    poke(record) {
      void monitors.get(keyOf(record))?.then((monitor) => monitor.poke());
    },
    dispose() {
      for (const monitor of monitors.values())
        void monitor.then(
          (m) => m.stop(),
          () => undefined,
        );
      monitors.clear();
    },
  };
}
