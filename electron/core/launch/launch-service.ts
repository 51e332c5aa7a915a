/**
 * Orchestrates launches: wires the records, launching, instance watching, agent links, cleanup, auto-terminate
 * and import together, and answers the per-launch commands (terminate, web access, diagnosis, operator rules).
 */
import { launchChoices, type Diagnosis, type LaunchRecord, type LaunchSpec, type LogLine } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { Artifact, ArtifactStore } from '../artifacts/artifact-store';
import type { AwsClientPool } from '../aws/clients';
import type { Catalog } from '../catalog/catalog';
import { MISSING_STATE, type InstanceObservation } from '../monitor/instance-monitor';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { SANDBOX_PROFILE_ID } from '../profiles/sandbox-profile';
import type { LaunchStore, LogPage } from '../store/launch-store';
import type { SecretStore } from '../store/secret-store';
import { diagnoseConnectivity } from '../doctor/connectivity-doctor';
import { moveOperatorRules } from './launch-resources';
import { createMonitorHub } from './monitor-hub';
import { createLaunchAgentLinks } from './launch-agent-links';
import type { BatchResult } from './launch-batch';
import { createLaunchCleanup } from './launch-cleanup';
import { createLaunchDns, dnsCleanupPending } from './launch-dns';
import { createLaunchForget } from './launch-forget';
import { createLaunchImport } from './launch-import';
import { createLaunchRecords } from './launch-records';
import { createLaunchStarter } from './launch-starter';
import { createLaunchTerminateAt } from './launch-terminate-at';
import { withObservation } from './observed-record';
import { installOver } from './phases';
import { launchIsProtected, terminateInstance } from './terminate-instance';
import type { NodeRuntimeResolver } from './node-runtime';
import type { BootstrapTemplates } from './user-data';
import { createLaunchPreview } from './launch-preview';
import type { UserDataPreview } from './user-data-preview';
import { openLaunchWebAccess } from './web-access';
import { recordLeftOpen } from './left-open';

export interface LaunchServiceDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  catalog: Catalog;
  store: LaunchStore;
  secrets: SecretStore;
  artifacts: ArtifactStore;
  agentBundle: () => Promise<Artifact>;
  bootstrapTemplates: BootstrapTemplates;
  /** The Node.js release for instances whose AMI has none new enough. */
  nodeRuntime: NodeRuntimeResolver;
  onRecord: (record: LaunchRecord) => void;
  onLog: (launchId: string, lines: LogLine[]) => void;
  log: (message: string, error?: unknown) => void;
  monitorIntervals?: { fastMs: number; slowMs: number };
  now?: () => Date;
}

export interface LaunchService {
  /**
   * The user data of the AMI's bootstrap (Linux while the AMI cannot be looked up): its size, and its text with every
   * secret redacted. An oversize script is reported, not refused.
   */
  preview(spec: LaunchSpec): Promise<UserDataPreview>;
  /** Launches one instance; a spec with a count above 1 goes to `startBatch`. */
  start(spec: LaunchSpec): Promise<LaunchRecord>;
  /** Launches `advanced.count` instances one after another, stopping at the first failure. */
  startBatch(spec: LaunchSpec): Promise<BatchResult<LaunchRecord>>;
  list(): LaunchRecord[];
  /** The record of a known launch (an unknown id is an `UnknownLaunch` failure). */
  get(launchId: string): LaunchRecord;
  /** Changes a known record: saved, then announced. */
  update(launchId: string, change: (record: LaunchRecord) => LaunchRecord): Promise<LaunchRecord>;
  /** Launches this workstation manages, including those whose resources are being created right now. */
  ownedLaunchIds(): Set<string>;
  readLog(launchId: string, after: number): Promise<LogLine[]>;
  readLogPage(launchId: string, after: number, limit: number): Promise<LogPage>;
  /** `confirmName`: the instance name the operator typed, required when the instance has termination protection. */
  terminate(launchId: string, confirmName?: string): Promise<LaunchRecord>;
  /** Whether terminating needs the typed name: the instance's DisableApiTermination or the launch spec says so. */
  terminationProtection(launchId: string): Promise<boolean>;
  /** Opens tcp 80 and 443 to the operator's current address in the launch's own security group. */
  openWebAccess(launchId: string): Promise<LaunchRecord>;
  /** Sets or clears the automatic termination time (tagged on the instance too). */
  setTerminateAt(launchId: string, at: string | undefined): Promise<LaunchRecord>;
  /** Takes over a launch made elsewhere in Kiln (a restore's replacement): saved, announced and watched. */
  adopt(record: LaunchRecord): Promise<LaunchRecord>;
  /** Rebuilds records for Kiln launches in AWS that this workstation does not know, and starts watching them. */
  importFromAws(profileId: string, regions: readonly string[]): Promise<LaunchRecord[]>;
  /** Why the agent cannot be reached (see the connectivity doctor). */
  diagnose(launchId: string): Promise<Diagnosis>;
  /** Opens the agent port and SSH to the operator's current address. */
  updateAgentRule(launchId: string): Promise<LaunchRecord>;
  /** Runs the cleanup of a terminated launch again; its outcome shows on the record. */
  retryCleanup(launchId: string): Promise<LaunchRecord>;
  /** Removes a terminated, cleaned-up launch's record and log (see launch-forget.ts). */
  forget(launchId: string): Promise<void>;
  /** Loads saved records and resumes watching every launch that is not finished. */
  resume(): Promise<void>;
  dispose(): void;
}

export function createLaunchService(deps: LaunchServiceDeps): LaunchService {
  const now = deps.now ?? (() => new Date());
  const records = createLaunchRecords({
    store: deps.store,
    onRecord: deps.onRecord,
    onChange: (r) => terminateAt.sync(r),
    now,
  });
  const terminateAt = createLaunchTerminateAt({ ...deps, records, terminate: (id) => service.terminate(id), now });
  const monitors = createMonitorHub({
    clients: deps.clients,
    profiles: deps.profiles,
    intervals: deps.monitorIntervals,
    onObservation: observe,
    log: deps.log,
  });
  const links = createLaunchAgentLinks({ ...deps, records, now });
  const dns = createLaunchDns({ ...deps, records, now });
  const cleanup = createLaunchCleanup({ ...deps, records, dns });
  const forget = createLaunchForget({ records, store: deps.store });
  const starter = createLaunchStarter({ ...deps, records, terminateAt, watch: (r) => monitors.watch(r), now });
  const importFromAws = createLaunchImport({ ...deps, records, watch: (r) => monitors.watch(r), now });

  /** A lost launch gets no cleanup (its resources may still be in use), but its DNS name goes; a failure shows on it. */
  async function removeLostDns(launchId: string): Promise<void> {
    try {
      await dns.remove(launchId);
    } catch (error) {
      deps.log(`launch ${launchId}: the DNS record of a lost launch was not removed`, error);
      const failure = error instanceof KilnFailure ? error.error : { code: 'DnsChangeFailed', message: String(error) };
      await records.update(launchId, (r) => ({
        ...r,
        dns: r.dns && {
          ...r.dns,
          state: 'failed',
          error: { ...failure, remedy: 'Kiln tries again when it starts; or delete the record in Route 53.' },
          at: now().toISOString(),
        },
      }));
    }
  }

  async function observe(launchId: string, observation: InstanceObservation): Promise<void> {
    const record = records.find(launchId);
    if (!record) return;
    await records.update(launchId, (r) => withObservation(r, observation, now()));
    // Not awaited: a slow Route 53 must not hold up the agent link; failures show on the record.
    void dns.sync(launchId, observation);
    if (observation.state === 'pending') await records.toPhase(launchId, 'pending');
    if (observation.state === 'running' && !installOver(record.phase)) {
      await records.toPhase(launchId, 'running');
      await records.toPhase(launchId, 'waiting-for-agent');
      await links.connect(launchId);
    }
    if (observation.state === MISSING_STATE) {
      monitors.unwatch(record);
      links.stop(launchId);
      await records.update(launchId, (r) => withLostWarning(r));
      await records.toPhase(launchId, 'lost');
      // The instance and its address are gone: a record left pointing there could one day reach someone else's.
      await removeLostDns(launchId);
      return;
    }
    if (observation.state === 'terminated') {
      monitors.unwatch(record);
      links.stop(launchId);
      await records.toPhase(launchId, 'terminated');
      await cleanup(launchId);
    }
  }

  /** A launch Kiln stopped in the middle of creating (no instance id was saved): it can no longer go on by itself. */
  async function interrupted(launchId: string): Promise<void> {
    await records.update(launchId, (r) => ({
      ...r,
      error: {
        code: 'LaunchInterrupted',
        message: 'Kiln stopped while this launch was being created, before its instance was recorded.',
        remedy: 'If an instance was started, Import from AWS adopts it; Cleanup lists what was left behind.',
      },
    }));
    await records.toPhase(launchId, 'error');
  }

  const service: LaunchService = {
    preview: createLaunchPreview(deps),

    start: (spec) => starter.start(spec),
    startBatch: (spec) => starter.startBatch(spec),

    list: () => [...records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    get: (launchId) => records.get(launchId),
    update: (launchId, change) => records.update(launchId, change),

    ownedLaunchIds: () =>
      new Set([
        ...starter.creatingIds(),
        ...[...records.values()].filter((r) => r.phase !== 'terminated').map((r) => r.id),
      ]),

    readLog: (launchId, after) => {
      records.get(launchId);
      return deps.store.readLog(launchId, after);
    },

    readLogPage: (launchId, after, limit) => {
      records.get(launchId);
      return deps.store.readLogPage(launchId, after, limit);
    },

    async terminate(launchId, confirmName) {
      const record = records.get(launchId);
      if (record.phase === 'terminated') return record;
      const context = await deps.profiles.get(record.spec.profileId);
      if (record.instanceId) {
        await terminateInstance(context, deps.clients.get(context, record.spec.region).ec2, {
          instanceId: record.instanceId,
          name: record.spec.name,
          confirmName,
          protectedBySpec: launchChoices(record.spec).advanced.terminationProtection,
        });
      }
      links.stop(launchId);
      const next = await records.toPhase(launchId, 'terminating');
      monitors.poke(record);
      return next;
    },

    async terminationProtection(launchId) {
      const record = records.get(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      return launchIsProtected(context, deps.clients.get(context, record.spec.region).ec2, record);
    },

    async openWebAccess(launchId) {
      const record = records.get(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      const { webAccess, leftOpen } = await openLaunchWebAccess(
        context,
        deps.clients.get(context, record.spec.region).ec2,
        record,
        now(),
      );
      if (leftOpen) deps.log(`launch ${launchId}: ports ${leftOpen.ports.join(', ')} stay open to ${leftOpen.cidr}`);
      return records.update(launchId, (r) => recordLeftOpen({ ...r, webAccess }, leftOpen, now()));
    },

    setTerminateAt: (launchId, at) => terminateAt.set(launchId, at),

    importFromAws: (profileId, regions) => importFromAws(profileId, regions),

    async adopt(record) {
      records.hold(record);
      terminateAt.sync(record);
      await deps.store.save(record);
      deps.onRecord(record);
      if (record.instanceId) monitors.watch(record);
      return record;
    },

    async diagnose(launchId) {
      const record = records.get(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      return diagnoseConnectivity(context, deps.clients.get(context, record.spec.region).ec2, record, now());
    },

    async updateAgentRule(launchId) {
      const record = records.get(launchId);
      if (!record.securityGroupId || record.securityGroupDeleted) {
        throw new KilnFailure({
          code: 'NoLaunchGroup',
          message: 'This launch has no Kiln security group to update.',
          remedy: 'Edit the rules of its group in the EC2 console.',
        });
      }
      const context = await deps.profiles.get(record.spec.profileId);
      const to = await context.operatorCidr();
      // Once the install is over the agent port stays closed (unless the launch keeps it open); SSH still moves.
      const agentPortOpen = !installOver(record.phase) || record.spec.keepAgentOpen;
      const leftOpen = await moveOperatorRules(context, deps.clients.get(context, record.spec.region).ec2, {
        groupId: record.securityGroupId,
        agentPort: agentPortOpen ? record.spec.agentPort : undefined,
        loginPort: record.loginPort === undefined ? 22 : (record.loginPort ?? undefined),
        from: record.operatorCidr,
        to,
      });
      if (leftOpen) deps.log(`launch ${launchId}: ports ${leftOpen.ports.join(', ')} stay open to ${leftOpen.cidr}`);
      return records.update(launchId, (r) =>
        recordLeftOpen({ ...r, operatorCidr: to, agentRuleRevoked: !agentPortOpen }, leftOpen, now()),
      );
    },

    async retryCleanup(launchId) {
      const record = records.get(launchId);
      if (record.phase !== 'terminated') {
        throw new KilnFailure({
          code: 'NotTerminated',
          message: `${record.spec.name} is not terminated yet.`,
          remedy: 'Terminate it first; Kiln cleans up once it is gone.',
        });
      }
      await records.update(launchId, (r) => ({ ...r, error: undefined }));
      await cleanup(launchId);
      return records.get(launchId);
    },

    forget,

    async resume() {
      for (const record of await deps.store.loadAll()) {
        records.hold(record);
        terminateAt.sync(record);
        if (!['terminated', 'error', 'lost'].includes(record.phase) && record.instanceId) monitors.watch(record);
        else if (
          record.phase === 'terminated' &&
          (!record.securityGroupDeleted ||
            dnsCleanupPending(record) ||
            (record.keyPairName && !record.keyPairDeleted) ||
            record.retiredVolumes?.some((v) => !v.deleted))
        )
          void cleanup(record.id);
        else if (record.phase === 'lost' && dnsCleanupPending(record)) void removeLostDns(record.id);
        else if (!record.instanceId && (record.phase === 'requested' || record.phase === 'creating-resources'))
          await interrupted(record.id);
      }
    },

    dispose() {
      terminateAt.dispose();
      monitors.dispose();
      links.dispose();
    },
  };
  return service;
}

/** The reason a launch is lost, on the record: a sandbox keeps every instance it ran until it ends. */
export function withLostWarning(record: LaunchRecord): LaunchRecord {
  const warning =
    record.spec.profileId === SANDBOX_PROFILE_ID
      ? {
          code: 'SandboxEnded',
          message: 'The sandbox this launch ran in has ended, and its instance with it.',
          remedy:
            'Launch again on the running sandbox. To keep instances across restarts of Kiln, run `npm run sandbox` on its own and point Kiln at it.',
        }
      : {
          code: 'InstanceGone',
          message: `AWS no longer knows instance ${record.instanceId}: it was terminated long ago or deleted outside Kiln.`,
          remedy: 'Nothing is left running; Cleanup lists any of its resources that remain.',
        };
  if (record.warnings?.some((w) => w.code === warning.code)) return record;
  return { ...record, warnings: [...(record.warnings ?? []), warning] };
}
