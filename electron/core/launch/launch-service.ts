/** Orchestrates launches: preflight, resources, RunInstances, watching, the agent link, terminate and cleanup. */
import { randomUUID } from 'node:crypto';
import type { AgentFinalEvent, AgentLineEvent } from '../../../installer-agent/src/protocol';
import { launchChoices, type Diagnosis, type LaunchPhase, type LaunchRecord, type LaunchSpec, type LogLine } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { certificateFingerprint } from '../agent-link/agent-certificate';
import { startAgentLink, type AgentLink } from '../agent-link/agent-link';
import type { Artifact, ArtifactStore } from '../artifacts/artifact-store';
import type { AwsClientPool } from '../aws/clients';
import type { Catalog } from '../catalog/catalog';
import { MISSING_STATE, type InstanceObservation } from '../monitor/instance-monitor';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { LaunchStore } from '../store/launch-store';
import type { SecretStore } from '../store/secret-store';
import { deleteKeyPair } from '../keypairs/key-pairs';
import { agentTokenKey, createLaunchResources } from './create-resources';
import { diagnoseConnectivity } from '../doctor/connectivity-doctor';
import { deleteSecurityGroupWithRetry, moveOperatorRules, revokeAgentRule } from './launch-resources';
import { createMonitorHub } from './monitor-hub';
import { createAutoTerminateScheduler, tagTerminateAt } from './auto-terminate';
import { findUnknownLaunches } from './import-from-aws';
import { deleteLaunchSecret, fetchLaunchSecret } from './launch-ledger';
import { withObservation } from './observed-record';
import { advance, installOver } from './phases';
import { keptKeyPairOwners, keyPairKeptWarning, otherKeyPairUsers } from './shared-key-pair';
import { batchError, batchSpecs, terminateAtFor, type BatchResult } from './launch-batch';
import { assertUserDataFits, estimateUserData } from './preflight';
import { launchIsProtected, terminateInstance } from './terminate-instance';
import type { NodeRuntimeResolver } from './node-runtime';
import type { BootstrapTemplates } from './user-data';
import { previewUserData, type UserDataPreview } from './user-data-preview';
import { openLaunchWebAccess } from './web-access';

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
  /** Launches this workstation manages, including those whose resources are being created right now. */
  ownedLaunchIds(): Set<string>;
  readLog(launchId: string, after: number): Promise<LogLine[]>;
  /** `confirmName`: the instance name the operator typed, required when the instance has termination protection. */
  terminate(launchId: string, confirmName?: string): Promise<LaunchRecord>;
  /** Whether terminating needs the typed name: the instance's DisableApiTermination or the launch spec says so. */
  terminationProtection(launchId: string): Promise<boolean>;
  /** Opens tcp 80 and 443 to the operator's current address in the launch's own security group. */
  openWebAccess(launchId: string): Promise<LaunchRecord>;
  /** Sets or clears the automatic termination time (tagged on the instance too). */
  setTerminateAt(launchId: string, at: string | undefined): Promise<LaunchRecord>;
  /** Rebuilds records for Kiln launches in AWS that this workstation does not know, and starts watching them. */
  importFromAws(profileId: string, regions: readonly string[]): Promise<LaunchRecord[]>;
  /** Why the agent cannot be reached (see the connectivity doctor). */
  diagnose(launchId: string): Promise<Diagnosis>;
  /** Opens the agent port and SSH to the operator's current address. */
  updateAgentRule(launchId: string): Promise<LaunchRecord>;
  /** Runs the cleanup of a terminated launch again; its outcome shows on the record. */
  retryCleanup(launchId: string): Promise<LaunchRecord>;
  /** Loads saved records and resumes watching every launch that is not finished. */
  resume(): Promise<void>;
  dispose(): void;
}

export function createLaunchService(deps: LaunchServiceDeps): LaunchService {
  const now = deps.now ?? (() => new Date());
  const records = new Map<string, LaunchRecord>();
  const links = new Map<string, AgentLink>();
  const cleanups = new Set<string>();
  /** Launches whose resources are being created: not in `records` yet, but their resources exist. */
  const creating = new Set<string>();
  const autoTerminate = createAutoTerminateScheduler({
    terminate: (id) => service.terminate(id),
    onError: (id, error) => {
      const failure = error instanceof KilnFailure ? error.error : { code: 'AutoTerminateFailed', message: String(error) };
      void update(id, (r) => ({ ...r, error: { ...failure, message: `Kiln could not terminate it at the set time: ${failure.message}`, remedy: 'Kiln retries every 5 minutes; terminate it by hand if this persists.' } })).catch(() => undefined);
    },
    log: deps.log,
    now,
  });
  const monitors = createMonitorHub({
    clients: deps.clients,
    profiles: deps.profiles,
    intervals: deps.monitorIntervals,
    onObservation: observe,
    log: deps.log,
  });

  async function update(id: string, change: (record: LaunchRecord) => LaunchRecord): Promise<LaunchRecord> {
    const current = records.get(id);
    if (!current) throw new Error(`Unknown launch ${id}`);
    const next = change(current);
    if (next === current) return current;
    records.set(id, next);
    autoTerminate.sync(next);
    await deps.store.save(next);
    deps.onRecord(next);
    return next;
  }
  const toPhase = (id: string, phase: LaunchPhase) => update(id, (r) => advance(r, phase, now()));

  function getRecord(launchId: string): LaunchRecord {
    const record = records.get(launchId);
    if (!record) {
      throw new KilnFailure({ code: 'UnknownLaunch', message: `There is no launch ${launchId}.`, remedy: 'Pick a launch from the list.' });
    }
    return record;
  }

  async function observe(launchId: string, observation: InstanceObservation): Promise<void> {
    const record = records.get(launchId);
    if (!record) return;
    await update(launchId, (r) => withObservation(r, observation, now()));
    if (observation.state === 'pending') await toPhase(launchId, 'pending');
    if (observation.state === 'running' && !installOver(record.phase)) {
      await toPhase(launchId, 'running');
      await toPhase(launchId, 'waiting-for-agent');
      await connectAgent(launchId);
    }
    if (observation.state === MISSING_STATE) {
      monitors.unwatch(record);
      links.get(launchId)?.stop();
      await toPhase(launchId, 'lost');
      return;
    }
    if (observation.state === 'terminated') {
      monitors.unwatch(record);
      links.get(launchId)?.stop();
      await toPhase(launchId, 'terminated');
      await cleanup(launchId);
    }
  }

  // Every tick reports `running` again; an observation that arrives while the previous one is still opening the link
  // must not open a second link (two links append every line twice).
  const connecting = new Map<string, Promise<void>>();
  function connectAgent(launchId: string): Promise<void> {
    let pending = connecting.get(launchId);
    if (!pending) {
      pending = openAgentLink(launchId).finally(() => connecting.delete(launchId));
      connecting.set(launchId, pending);
    }
    return pending;
  }

  /**
   * Where the link resumes: after the saved cursor, or after the last stored line when the app stopped between
   * appending lines and saving the cursor, so no line is appended twice.
   */
  async function resumeCursor(record: LaunchRecord): Promise<number> {
    const unsaved = await deps.store.readLog(record.id, record.agentCursor);
    return Math.max(record.agentCursor, unsaved.at(-1)?.seq ?? 0);
  }

  async function openAgentLink(launchId: string): Promise<void> {
    if (links.has(launchId)) return;
    const record = getRecord(launchId);
    const token = await deps.secrets.get(agentTokenKey(launchId));
    if (!token) {
      await update(launchId, (r) => ({
        ...r,
        agentLink: { state: 'unauthorized', detail: 'The agent token of this launch is not on this machine.', since: now().toISOString() },
      }));
      return;
    }
    const context = await deps.profiles.get(record.spec.profileId);
    const pin = record.agentCertificate && { certPem: record.agentCertificate.pem, fingerprint256: record.agentCertificate.fingerprint256 };
    const link = startAgentLink({
      token,
      pin,
      cursor: await resumeCursor(record),
      baseUrl: () => {
        const current = records.get(launchId)!;
        const host = context.agentAddress({ instanceId: current.instanceId!, publicIp: current.publicIp });
        return host ? `${pin ? 'https' : 'http'}://${host}:${current.spec.agentPort}` : undefined;
      },
      onStatus: (agentLink) => void update(launchId, (r) => ({ ...r, agentLink })).catch((e) => deps.log('saving link status failed', e)),
      onLines: (lines, cursor) => receiveLines(launchId, lines, cursor),
      onFinal: (final) => receiveFinal(launchId, final),
    });
    links.set(launchId, link);
    void link.done.finally(() => links.get(launchId) === link && links.delete(launchId));
  }

  async function receiveLines(launchId: string, events: AgentLineEvent[], cursor: number): Promise<void> {
    const lines: LogLine[] = events.map(({ seq, ts, stream, text }) => ({ seq, ts, stream, text }));
    await deps.store.appendLog(launchId, lines);
    await update(launchId, (r) => ({ ...r, agentCursor: cursor }));
    await toPhase(launchId, 'installing');
    deps.onLog(launchId, lines);
  }

  async function receiveFinal(launchId: string, final: AgentFinalEvent): Promise<void> {
    await toPhase(launchId, 'installing');
    await update(launchId, (r) => ({
      ...r,
      agentCursor: Math.max(r.agentCursor, final.seq),
      outcome: { result: final.result, exitCode: final.exitCode, signal: final.signal, message: final.message },
    }));
    await toPhase(launchId, final.result === 'success' ? 'succeeded' : 'failed');
    await closeAgentPort(launchId);
  }

  async function closeAgentPort(launchId: string): Promise<void> {
    const record = getRecord(launchId);
    if (record.spec.keepAgentOpen || record.agentRuleRevoked || !record.securityGroupId || !record.operatorCidr) return;
    try {
      const context = await deps.profiles.get(record.spec.profileId);
      await revokeAgentRule(context, deps.clients.get(context, record.spec.region).ec2, {
        groupId: record.securityGroupId,
        agentPort: record.spec.agentPort,
        operatorCidr: record.operatorCidr,
      });
      await update(launchId, (r) => ({ ...r, agentRuleRevoked: true }));
    } catch (error) {
      deps.log(`could not close the agent port of ${launchId}`, error);
    }
  }

  async function cleanup(launchId: string): Promise<void> {
    const record = getRecord(launchId);
    if (cleanups.has(launchId)) return;
    const keyPairPending = Boolean(record.keyPairName && !record.keyPairDeleted);
    const groupPending = Boolean(record.securityGroupId && !record.securityGroupDeleted);
    cleanups.add(launchId);
    let step = 'the launch security group';
    try {
      const context = await deps.profiles.get(record.spec.profileId);
      const { ec2, ssm } = deps.clients.get(context, record.spec.region);
      if (groupPending) {
        await deleteSecurityGroupWithRetry(context, ec2, record.securityGroupId!);
        await update(launchId, (r) => ({ ...r, securityGroupDeleted: true }));
      }
      step = 'the launch key pair';
      const keyUsers = keyPairPending ? otherKeyPairUsers(record, records.values()) : [];
      if (keyUsers.length > 0) {
        const warning = keyPairKeptWarning(record.keyPairName!, keyUsers);
        await update(launchId, (r) => ({
          ...r,
          keyPairDeleted: false,
          warnings: [...(r.warnings ?? []).filter((w) => w.code !== warning.code), warning],
        }));
      } else if (keyPairPending) {
        await deleteKeyPair(context, ec2, record.keyPairName!);
        await update(launchId, (r) => ({ ...r, keyPairDeleted: true, warnings: r.warnings?.filter((w) => w.code !== 'KeyPairKept') }));
      }
      // Always, also for imported launches without a group: both tolerate "already gone".
      step = `the launch secret in Parameter Store (${launchId})`;
      await deleteLaunchSecret(context, ssm, launchId);
      await deps.secrets.delete(agentTokenKey(launchId));
    } catch (error) {
      const failure = error instanceof KilnFailure ? error.error : { code: 'CleanupFailed', message: String(error) };
      await update(launchId, (r) => ({
        ...r,
        error: { ...failure, remedy: `Retry cleanup, or delete ${step} by hand in the AWS console.` },
      }));
    } finally {
      cleanups.delete(launchId);
    }
    // A key pair kept for this launch may go now.
    for (const owner of keptKeyPairOwners(record, records.values())) void cleanup(owner.id);
  }

  async function startOne(spec: LaunchSpec): Promise<LaunchRecord> {
    assertUserDataFits(estimateUserData(deps.bootstrapTemplates.linux, spec));
    const at = now();
    const requested: LaunchRecord = {
      id: randomUUID(),
      spec,
      createdAt: at.toISOString(),
      phase: 'requested',
      timeline: [{ phase: 'requested', at: at.toISOString() }],
      securityGroupDeleted: false,
      agentRuleRevoked: false,
      agentCursor: 0,
      terminateAt: terminateAtFor(spec, at),
    };
    creating.add(requested.id);
    let launched: LaunchRecord;
    try {
      launched = await createLaunchResources({ ...deps, now }, spec, advance(requested, 'creating-resources', at));
      records.set(launched.id, launched);
    } finally {
      creating.delete(requested.id);
    }
    autoTerminate.sync(launched);
    await deps.store.save(launched);
    deps.onRecord(launched);
    monitors.watch(launched);
    if (launched.terminateAt && launched.instanceId) await tagLaunchTerminateAt(launched);
    return launched;
  }

  /** The instance exists: a failed tag must not fail the launch; the timer runs here either way. */
  async function tagLaunchTerminateAt(record: LaunchRecord): Promise<void> {
    try {
      const context = await deps.profiles.get(record.spec.profileId);
      await tagTerminateAt(context, deps.clients.get(context, record.spec.region).ec2, record.instanceId!, record.terminateAt);
    } catch (error) {
      deps.log(`could not tag ${record.instanceId} with its termination time`, error);
    }
  }

  const service: LaunchService = {
    async preview(spec) {
      const platform = await deps.profiles
        .get(spec.profileId)
        .then((context) => deps.catalog.describeImage(context, spec.region, spec.imageId))
        .then((image) => image.platform, () => 'linux' as const);
      return previewUserData(deps.bootstrapTemplates, spec, platform);
    },

    async start(spec) {
      const [single, ...rest] = batchSpecs(spec);
      if (rest.length > 0) {
        throw new KilnFailure({
          code: 'CountNeedsBatch',
          message: `This spec asks for ${rest.length + 1} instances; launch.start launches one.`,
          remedy: 'Use launch.startBatch, or set the count to 1.',
          field: 'advanced.count',
        });
      }
      return startOne(single!);
    },

    async startBatch(spec) {
      const launched: LaunchRecord[] = [];
      for (const one of batchSpecs(spec)) {
        try {
          launched.push(await startOne(one));
        } catch (error) {
          // Nothing launched yet: the failure is the command's own, so the wizard can show it on its field.
          if (launched.length === 0) throw error;
          return { launched, failed: { name: one.name, error: batchError(error) } };
        }
      }
      return { launched };
    },

    list: () => [...records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),

    ownedLaunchIds: () =>
      new Set([...creating, ...[...records.values()].filter((r) => r.phase !== 'terminated').map((r) => r.id)]),

    readLog: (launchId, after) => {
      getRecord(launchId);
      return deps.store.readLog(launchId, after);
    },

    async terminate(launchId, confirmName) {
      const record = getRecord(launchId);
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
      links.get(launchId)?.stop();
      const next = await toPhase(launchId, 'terminating');
      monitors.poke(record);
      return next;
    },

    async terminationProtection(launchId) {
      const record = getRecord(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      return launchIsProtected(context, deps.clients.get(context, record.spec.region).ec2, record);
    },

    async openWebAccess(launchId) {
      const record = getRecord(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      const webAccess = await openLaunchWebAccess(context, deps.clients.get(context, record.spec.region).ec2, record, now());
      return update(launchId, (r) => ({ ...r, webAccess }));
    },

    async setTerminateAt(launchId, at) {
      const record = getRecord(launchId);
      if (record.phase === 'terminating' || record.phase === 'terminated') {
        throw new KilnFailure({ code: 'AlreadyTerminated', message: `${record.spec.name} is already ${record.phase}.`, remedy: 'Nothing to keep.' });
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
      return update(launchId, (r) => ({ ...r, terminateAt: at }));
    },

    async importFromAws(profileId, regions) {
      const context = await deps.profiles.get(profileId);
      const found = await findUnknownLaunches(context, deps.clients, regions, new Set(records.keys()), now());
      for (const imported of found) {
        const secret = await fetchLaunchSecret(context, deps.clients.get(context, imported.spec.region).ssm, imported.id);
        const record: LaunchRecord = secret
          ? { ...imported, agentCertificate: { pem: secret.certPem, fingerprint256: certificateFingerprint(secret.certPem) } }
          : imported;
        if (secret) await deps.secrets.set(agentTokenKey(record.id), secret.token);
        records.set(record.id, record);
        await deps.store.save(record);
        deps.onRecord(record);
        monitors.watch(record);
      }
      return found.map((r) => records.get(r.id)!);
    },

    async diagnose(launchId) {
      const record = getRecord(launchId);
      const context = await deps.profiles.get(record.spec.profileId);
      return diagnoseConnectivity(context, deps.clients.get(context, record.spec.region).ec2, record, now());
    },

    async updateAgentRule(launchId) {
      const record = getRecord(launchId);
      if (!record.securityGroupId || record.securityGroupDeleted) {
        throw new KilnFailure({ code: 'NoLaunchGroup', message: 'This launch has no Kiln security group to update.', remedy: 'Edit the rules of its group in the EC2 console.' });
      }
      const context = await deps.profiles.get(record.spec.profileId);
      const to = await context.operatorCidr();
      // Once the install is over the agent port stays closed (unless the launch keeps it open); SSH still moves.
      const agentPortOpen = !installOver(record.phase) || record.spec.keepAgentOpen;
      await moveOperatorRules(context, deps.clients.get(context, record.spec.region).ec2, {
        groupId: record.securityGroupId,
        agentPort: agentPortOpen ? record.spec.agentPort : undefined,
        loginPort: record.loginPort === undefined ? 22 : (record.loginPort ?? undefined),
        from: record.operatorCidr,
        to,
      });
      return update(launchId, (r) => ({ ...r, operatorCidr: to, agentRuleRevoked: !agentPortOpen }));
    },

    async retryCleanup(launchId) {
      const record = getRecord(launchId);
      if (record.phase !== 'terminated') {
        throw new KilnFailure({ code: 'NotTerminated', message: `${record.spec.name} is not terminated yet.`, remedy: 'Terminate it first; Kiln cleans up once it is gone.' });
      }
      await update(launchId, (r) => ({ ...r, error: undefined }));
      await cleanup(launchId);
      return getRecord(launchId);
    },

    async resume() {
      for (const record of await deps.store.loadAll()) {
        records.set(record.id, record);
        autoTerminate.sync(record);
        if (!['terminated', 'error', 'lost'].includes(record.phase) && record.instanceId) monitors.watch(record);
        else if (record.phase === 'terminated' && (!record.securityGroupDeleted || (record.keyPairName && !record.keyPairDeleted))) void cleanup(record.id);
      }
    },

    dispose() {
      autoTerminate.dispose();
      monitors.dispose();
      for (const link of links.values()) link.stop();
      links.clear();
    },
  };
  return service;
}

