/** A launch as Kiln tracks it: phases, outcome, agent link, status checks, log lines. */
import { z } from 'zod';
import { ConnectOptions, HostKeys } from './connect';
import { LaunchDnsRecord } from './dns';
import { DefaultRecoveryAlarms } from './health';
import { Bake } from './images';
import { LaunchSpec } from './launch-spec';
import { LaunchRestore, RestoredFrom, RetiredVolume } from './snapshot-restore';
import { StoredProbeList } from './probes';

/** Phases of a launch, in the order they normally happen. */
export const LaunchPhase = z.enum([
  'requested',
  'creating-resources',
  'pending',
  'running',
  'waiting-for-agent',
  'installing',
  'succeeded',
  'failed',
  /** The instance is gone from AWS without Kiln terminating it (deleted elsewhere, or long terminated). */
  'lost',
  'terminating',
  'terminated',
  'error',
]);
export type LaunchPhase = z.infer<typeof LaunchPhase>;

export const LaunchOutcome = z.object({
  result: z.enum(['success', 'failure']),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  message: z.string().optional(),
});
export type LaunchOutcome = z.infer<typeof LaunchOutcome>;

/** What the agent link is doing right now, shown while the operator waits. */
export const AgentLinkStatus = z.object({
  state: z.enum([
    'idle',
    'waiting-for-instance',
    'connecting',
    'unreachable',
    'tls-mismatch',
    'unauthorized',
    'streaming',
    'finished',
  ]),
  detail: z.string().optional(),
  since: z.string(),
});
export type AgentLinkStatus = z.infer<typeof AgentLinkStatus>;

/** One EC2 status check result (DescribeInstanceStatus SummaryStatus). */
export const StatusCheckValue = z.enum(['ok', 'impaired', 'initializing', 'insufficient-data', 'not-applicable']);
export type StatusCheckValue = z.infer<typeof StatusCheckValue>;

/** The system and instance status checks of a running instance, as the monitor last saw them change. */
export const StatusChecks = z.object({
  system: StatusCheckValue,
  instance: StatusCheckValue,
  /** When the check that produced these values ran, ISO 8601. */
  checkedAt: z.string(),
});
export type StatusChecks = z.infer<typeof StatusChecks>;

/** HTTP and HTTPS opened in the launch's own security group for the operator's address. */
export const WebAccess = z.object({ cidr: z.string(), openedAt: z.string() });
export type WebAccess = z.infer<typeof WebAccess>;

/**
 * Ports of the launch's group still open to an address the operator had before: moving the rules to the current
 * address could not revoke these (e.g. AccessDenied). The launch page warns about them and the doctor checks them.
 */
export const IngressLeftOpen = z.object({
  groupId: z.string(),
  cidr: z.string(),
  ports: z.array(z.number().int()),
  errorCode: z.string(),
  at: z.string(),
});
export type IngressLeftOpen = z.infer<typeof IngressLeftOpen>;

export const LaunchRecord = z.object({
  id: z.string(),
  // Probes as the backend accepted them: a record must not become unreadable because its probes are outside the
  // limits operators may type (tests run them at 1 s).
  spec: LaunchSpec.extend({ probes: StoredProbeList.optional() }),
  createdAt: z.string(),
  phase: LaunchPhase,
  timeline: z.array(z.object({ phase: LaunchPhase, at: z.string() })),
  instanceId: z.string().optional(),
  instanceState: z.string().optional(),
  publicIp: z.string().optional(),
  publicDnsName: z.string().optional(),
  statusChecks: StatusChecks.optional(),
  /** Set while tcp 80 and 443 are open to `cidr` in the per-launch group (deleted with the group on terminate). */
  webAccess: WebAccess.optional(),
  leftOpen: z.array(IngressLeftOpen).optional(),
  securityGroupId: z.string().optional(),
  /** The launch's A record (spec.dns): what Kiln wrote and whether Route 53 holds it. */
  dns: LaunchDnsRecord.optional(),
  securityGroupDeleted: z.boolean().default(false),
  /** When Kiln terminates the instance by itself (a salvage window or an experiment timer), ISO 8601. */
  terminateAt: z.string().optional(),
  /** Rebuilt from AWS tags by "Import from AWS" rather than launched from this workstation. */
  imported: z.boolean().optional(),
  /** The agent port rule was removed from the security group after the install. */
  agentRuleRevoked: z.boolean().default(false),
  userDataBytes: z.number().int().optional(),
  operatorCidr: z.string().optional(),
  /** SSH (22) or RDP (3389) opened in Kiln's group; null when existing groups handle logins; absent on older records (SSH). */
  loginPort: z.number().int().nullable().optional(),
  /** A key pair Kiln created (or imported) for this launch; deleted on terminate. */
  keyPairName: z.string().optional(),
  keyPairDeleted: z.boolean().optional(),
  agentCursor: z.number().int().min(0).default(0),
  /** The agent's per-launch certificate (public) that the agent link pins. */
  agentCertificate: z.object({ pem: z.string(), fingerprint256: z.string() }).optional(),
  agentLink: AgentLinkStatus.optional(),
  /** The instance's SSH host keys, the only ones Kiln's terminal and scripts accept. */
  hostKeys: HostKeys.optional(),
  /** The operator's login user and key file for this launch, when not Kiln's own choice. */
  connect: ConnectOptions.optional(),
  /** Every Save as AMI of this launch, oldest first. */
  bakes: z.array(Bake).optional(),
  /** Names of the launch's CloudWatch recovery alarms (recover and/or reboot), while they exist. */
  recoveryAlarms: z.array(z.string()).optional(),
  /** Whether Kiln's default (alarms for launches kept past the salvage window) was applied, declined or failed. */
  defaultRecoveryAlarms: DefaultRecoveryAlarms.optional(),
  /** The launch's Data Lifecycle Manager snapshot policy, while it exists; deleted on terminate. */
  snapshotPolicyId: z.string().optional(),
  /** The latest restore from a snapshot (its steps while it runs). */
  restore: LaunchRestore.optional(),
  /** Root volumes a restore swapped out: kept detached until the launch is cleaned up, then deleted. */
  retiredVolumes: z.array(RetiredVolume).optional(),
  /** A replacement launch: the launch and snapshot it was restored from. */
  restoredFrom: RestoredFrom.optional(),
  outcome: LaunchOutcome.optional(),
  error: z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() }).optional(),
  /** What the launch went ahead without, and what may fail because of it (e.g. no Node.js download). */
  warnings: z.array(z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() })).optional(),
});
export type LaunchRecord = z.infer<typeof LaunchRecord>;

/** One install log line as the UI shows it. */
export const LogLine = z.object({
  seq: z.number().int().positive(),
  ts: z.string(),
  stream: z.enum(['stdout', 'stderr', 'log']),
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;
