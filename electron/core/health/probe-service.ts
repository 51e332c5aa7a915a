/**
 * Health probes of the launches, while Kiln is open: keeps the runner's probe lists in step with the launch records
 * (spec.probes; stopped when a launch terminates), reaches each instance where this profile reaches its agent (the
 * sandbox's loopback addresses), records every result in the 24 h history, says on a probe when its port is not
 * open to the operator's address (the connectivity doctor's rule check), and when a probe goes down raises an app
 * notice and announces it in `health.probes.updated` (the renderer's desktop notification), withdrawn when it is up.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type {
  ActiveProbe,
  LaunchProbes,
  LaunchRecord,
  ProbeHistory,
  ProbeLimits,
  ProbePortNotice,
  ProbesUpdate,
} from '../../common/models';
import { launchHealth, PROBE_LIMITS } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AppNotices } from '../app-notices';
import type { AwsClientPool } from '../aws/clients';
import { groupRules, portOpenTo } from '../doctor/connectivity-doctor';
import type { LaunchService } from '../launch/launch-service';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { createProbeCheck, type ProbeCheck } from './probe-check';
import { activeProbes, validateProbes } from './probe-definitions';
import type { ProbeHistoryStore } from './probe-history';
import { createProbeRunner, systemClock, type ProbeClock, type ProbeOutcome } from './probe-runner';

/** Every probe notice's code starts with this; `<launchId>:<probeId>` follows. */
export const PROBE_NOTICE_PREFIX = 'ProbeDown:';

export interface ProbeServiceDeps {
  launches: Pick<LaunchService, 'get' | 'list' | 'update'>;
  profiles: Pick<ProfileRegistry, 'get'>;
  clients: Pick<AwsClientPool, 'get'>;
  notices: Pick<AppNotices, 'publish' | 'withdraw'>;
  history: ProbeHistoryStore;
  onUpdate: (update: ProbesUpdate) => void;
  log: (message: string, error?: unknown) => void;
  /** The smallest interval accepted; only tests lower it. */
  limits?: ProbeLimits;
  clock?: ProbeClock;
  check?: ProbeCheck;
}

export interface ProbeService {
  /** Validates and saves the launch's probes (refused with `InvalidProbe`, nothing changed) and runs them. */
  set(launchId: string, probes: unknown): Promise<LaunchProbes>;
  /** The probes and states of the launches (default: every launch with probes). */
  list(launchIds?: readonly string[]): LaunchProbes[];
  history(launchId: string): Promise<ProbeHistory>;
  /** Brings the launch's probing in step with its record (called on every record change). */
  sync(record: LaunchRecord): void;
  /** Stops probing a launch removed from this workstation and deletes its history file. */
  forget(launchId: string): Promise<void>;
  dispose(): Promise<void>;
}

const ENDED_PHASES = new Set(['terminating', 'terminated', 'lost']);

export function createProbeService(deps: ProbeServiceDeps): ProbeService {
  const limits = deps.limits ?? PROBE_LIMITS;
  const clock = deps.clock ?? systemClock;
  const runner = createProbeRunner({ clock, check: deps.check ?? createProbeCheck(() => clock.now()), onOutcome });
  /** What each running launch was set up from, so an unrelated record change does not restart its probes. */
  const setUpFrom = new Map<string, string>();
  const portNotices = new Map<string, Map<string, ProbePortNotice>>();
  const down = new Set<string>();

  function launchProbes(launchId: string): LaunchProbes {
    const notices = portNotices.get(launchId);
    const probes = runner.statuses(launchId).map((status) => {
      const portNotice = notices?.get(status.probe.id);
      return portNotice ? { ...status, portNotice } : status;
    });
    return { launchId, health: launchHealth(probes.map((p) => p.state)), probes };
  }

  function launchName(launchId: string): string {
    return deps.launches.list().find((r) => r.id === launchId)?.spec.name ?? launchId;
  }

  function onOutcome({ launchId, probe, url, result, transition }: ProbeOutcome): void {
    deps.history.append(launchId, probe.id, [Date.parse(result.at), result.ok, result.latencyMs, result.status]);
    const code = `${PROBE_NOTICE_PREFIX}${launchId}:${probe.id}`;
    const name = launchName(launchId);
    if (transition === 'down') {
      down.add(code);
      deps.notices.publish({
        code,
        message: `Probe ${url} of ${name} is down: it has failed for ${probe.thresholdSeconds} s (${result.error ?? 'no answer'}).`,
        remedy:
          "Open the launch's Health section: connect to the instance and check the service, or check that the port is open to your address.",
      });
    } else if (transition === 'up') {
      down.delete(code);
      deps.notices.withdraw(code);
    }
    const transitions = transition
      ? [{ launchId, launchName: name, probeId: probe.id, url, to: transition, error: result.error }]
      : [];
    deps.onUpdate({ launch: launchProbes(launchId), transitions });
  }

  function withdrawNotices(launchId: string, keep: readonly string[] = []): void {
    const prefix = `${PROBE_NOTICE_PREFIX}${launchId}:`;
    for (const code of [...down]) {
      if (!code.startsWith(prefix) || keep.includes(code.slice(prefix.length))) continue;
      down.delete(code);
      deps.notices.withdraw(code);
    }
  }

  function stop(launchId: string): void {
    if (!setUpFrom.has(launchId)) return;
    setUpFrom.delete(launchId);
    portNotices.delete(launchId);
    runner.remove(launchId);
    withdrawNotices(launchId);
    deps.onUpdate({ launch: launchProbes(launchId), transitions: [] });
  }

  function hostOf(launchId: string, context: ProfileContext): () => string | undefined {
    return () => {
      const record = deps.launches.list().find((r) => r.id === launchId);
      if (!record?.instanceId || record.instanceState !== 'running') return undefined;
      return context.agentAddress({
        instanceId: record.instanceId,
        publicIp: record.publicIp,
        publicDnsName: record.publicDnsName,
      });
    };
  }

  async function start(record: LaunchRecord, probes: ActiveProbe[]): Promise<void> {
    const context = await deps.profiles.get(record.spec.profileId);
    await deps.history.load(record.id);
    if (setUpFrom.get(record.id) !== setupKey(record)) return; // changed again meanwhile: that sync wins
    deps.history.retain(
      record.id,
      probes.map((p) => p.id),
    );
    withdrawNotices(
      record.id,
      probes.map((p) => p.id),
    );
    runner.set(record.id, probes, hostOf(record.id, context));
    deps.onUpdate({ launch: launchProbes(record.id), transitions: [] });
    const notices = await checkPorts(context, record, probes).catch((error: unknown) => {
      deps.log(`could not check the probe ports of ${record.id} in its security group`, error);
      return undefined;
    });
    if (!notices || setUpFrom.get(record.id) !== setupKey(record)) return;
    portNotices.set(record.id, notices);
    deps.onUpdate({ launch: launchProbes(record.id), transitions: [] });
  }

  /** The doctor's rule check, for each probe's port: open to the operator's address in the launch's own group? */
  async function checkPorts(
    context: ProfileContext,
    record: LaunchRecord,
    probes: ActiveProbe[],
  ): Promise<Map<string, ProbePortNotice>> {
    const notices = new Map<string, ProbePortNotice>();
    const groupId = record.securityGroupId;
    if (!groupId || record.securityGroupDeleted) return notices; // existing groups: Kiln does not manage their rules
    const ec2: EC2Client = deps.clients.get(context, record.spec.region).ec2;
    const [rules, cidr] = await Promise.all([groupRules(context, ec2, groupId), context.operatorCidr()]);
    for (const probe of probes) {
      if (portOpenTo(rules, probe.port, cidr)) continue;
      const web = probe.port === 80 || probe.port === 443;
      notices.set(probe.id, {
        message: `Port ${probe.port} is not open to your address (${cidr}) in ${groupId}: this probe fails from here even when the service runs.`,
        remedy: web
          ? 'Open web access on this launch (it opens tcp 80 and 443 to your address).'
          : `Add an inbound rule for tcp ${probe.port} from ${cidr} to ${groupId}, or probe a port that is open to you.`,
      });
    }
    return notices;
  }

  /** Resolves once the launch's probes run as its record says (at once when nothing changed). */
  function sync(record: LaunchRecord): Promise<void> {
    const ended =
      ENDED_PHASES.has(record.phase) ||
      record.instanceState === 'terminated' ||
      record.instanceState === 'shutting-down';
    const probes = ended ? [] : activeProbes(record.spec.probes);
    if (probes.length === 0) {
      stop(record.id);
      return Promise.resolve();
    }
    const key = setupKey(record);
    if (setUpFrom.get(record.id) === key) return Promise.resolve();
    setUpFrom.set(record.id, key);
    return start(record, probes).catch((error: unknown) =>
      deps.log(`could not start the probes of ${record.id}`, error),
    );
  }

  return {
    async set(launchId, input) {
      const probes = validateProbes(input, limits);
      const record = deps.launches.get(launchId);
      if (probes.length > 0 && (ENDED_PHASES.has(record.phase) || !record.instanceId)) {
        throw new KilnFailure({
          code: 'NoInstance',
          message: `${record.spec.name} has no instance to probe.`,
          remedy: 'Set probes on a launch whose instance runs.',
        });
      }
      const updated = await deps.launches.update(launchId, (r) => ({
        ...r,
        spec: { ...r.spec, probes: probes.length > 0 ? probes : undefined },
      }));
      // The record change may have reached `sync` already (launch.updated): then this waits for nothing.
      setUpFrom.delete(launchId);
      await sync(updated);
      return launchProbes(launchId);
    },
    list(launchIds) {
      return (launchIds ?? runner.launchIds()).map(launchProbes);
    },
    async history(launchId) {
      const record = deps.launches.get(launchId);
      await deps.history.load(launchId);
      return deps.history.get(
        launchId,
        activeProbes(record.spec.probes).map((p) => p.id),
      );
    },
    sync: (record) => void sync(record),
    async forget(launchId) {
      stop(launchId);
      await deps.history.forget(launchId);
    },
    async dispose() {
      runner.stop();
      await deps.history.dispose();
    },
  };
}

/** What probing a launch depends on: its probes, its security group and the address its web access opened to. */
function setupKey(record: LaunchRecord): string {
  return JSON.stringify([record.spec.probes ?? [], record.securityGroupId, record.webAccess?.cidr]);
}
