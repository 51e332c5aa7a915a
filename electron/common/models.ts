/** Domain models shared by the UI and the backend. */
import { z } from 'zod';

export const ProfileKind = z.enum(['sandbox', 'aws']);

export const Profile = z.object({
  id: z.string(),
  label: z.string(),
  kind: ProfileKind,
  /** False when the profile cannot be used on this machine (e.g. moto_server missing); `reason` says why. */
  available: z.boolean(),
  reason: z.string().optional(),
  defaultRegion: z.string().optional(),
});
export type Profile = z.infer<typeof Profile>;

export const Region = z.object({ name: z.string(), optInStatus: z.string().optional() });
export type Region = z.infer<typeof Region>;

export const Architecture = z.enum(['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac']);
export type Architecture = z.infer<typeof Architecture>;

export const ImageSummary = z.object({
  imageId: z.string(),
  name: z.string(),
  /** Friendly title for quick-start tiles, e.g. "Amazon Linux 2023". */
  label: z.string().optional(),
  description: z.string().optional(),
  architecture: z.string(),
  platform: z.enum(['linux', 'windows']),
  creationDate: z.string().optional(),
  rootDeviceName: z.string().optional(),
  rootVolumeSizeGiB: z.number().optional(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

export const InstanceTypeSummary = z.object({
  instanceType: z.string(),
  vcpus: z.number(),
  memoryMiB: z.number(),
  architectures: z.array(z.string()),
  freeTierEligible: z.boolean(),
});
export type InstanceTypeSummary = z.infer<typeof InstanceTypeSummary>;

/** Raw user data may not exceed 16 KB (EC2 limit, before base64). */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;
export const DEFAULT_AGENT_PORT = 8443;

const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/** Everything the wizard collects; the same schema validates the form and the backend command. */
export const LaunchSpec = z.object({
  profileId: z.string().min(1, 'Choose a profile.'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'Choose a region, e.g. us-east-1.'),
  name: z
    .string()
    .trim()
    .min(1, 'Give the instance a name.')
    .max(255, 'A Name tag holds at most 255 characters.'),
  imageId: z.string().trim().regex(AMI_ID, 'An AMI id looks like ami-0123456789abcdef0.'),
  instanceType: z.string().trim().regex(INSTANCE_TYPE, 'An instance type looks like t3.micro.'),
  installScript: z
    .string()
    .refine((s) => s.trim().length > 0, 'The install script is empty: type the commands to run on the instance.'),
  agentPort: z.number().int().min(1024).max(65_535).default(DEFAULT_AGENT_PORT),
  /** Leave the agent port open after the install (for monitoring); by default Kiln closes it. */
  keepAgentOpen: z.boolean().default(false),
});
export type LaunchSpec = z.infer<typeof LaunchSpec>;
export type LaunchSpecInput = z.input<typeof LaunchSpec>;

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

export const LaunchRecord = z.object({
  id: z.string(),
  spec: LaunchSpec,
  createdAt: z.string(),
  phase: LaunchPhase,
  timeline: z.array(z.object({ phase: LaunchPhase, at: z.string() })),
  instanceId: z.string().optional(),
  instanceState: z.string().optional(),
  publicIp: z.string().optional(),
  securityGroupId: z.string().optional(),
  securityGroupDeleted: z.boolean().default(false),
  /** When Kiln terminates the instance by itself (a salvage window or an experiment timer), ISO 8601. */
  terminateAt: z.string().optional(),
  /** Rebuilt from AWS tags by "Import from AWS" rather than launched from this workstation. */
  imported: z.boolean().optional(),
  /** The agent port rule was removed from the security group after the install. */
  agentRuleRevoked: z.boolean().default(false),
  userDataBytes: z.number().int().optional(),
  operatorCidr: z.string().optional(),
  agentCursor: z.number().int().min(0).default(0),
  /** The agent's per-launch certificate (public) that the agent link pins. */
  agentCertificate: z.object({ pem: z.string(), fingerprint256: z.string() }).optional(),
  agentLink: AgentLinkStatus.optional(),
  outcome: LaunchOutcome.optional(),
  error: z
    .object({ code: z.string(), message: z.string(), remedy: z.string().optional() })
    .optional(),
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

export const TERMINAL_PHASES: readonly LaunchPhase[] = ['terminated', 'error'];

/** A resource Kiln tagged that no live launch on this workstation owns. */
export const OrphanKind = z.enum(['instance', 'security-group', 'key-pair', 'volume']);
export type OrphanKind = z.infer<typeof OrphanKind>;

export const OrphanRef = z.object({ kind: OrphanKind, id: z.string().min(1), region: z.string().min(1) });
export type OrphanRef = z.infer<typeof OrphanRef>;

export const Orphan = OrphanRef.extend({
  launchId: z.string(),
  name: z.string().optional(),
  state: z.string().optional(),
  createdAt: z.string().optional(),
  detail: z.string().optional(),
  /** USD per day from the bundled price snapshot; null when unknown. */
  estimatedCostPerDay: z.number().nullable(),
});
export type Orphan = z.infer<typeof Orphan>;

export const OrphanCleanupResult = OrphanRef.extend({ ok: z.boolean(), message: z.string().optional() });
export type OrphanCleanupResult = z.infer<typeof OrphanCleanupResult>;

/** One finding of the connectivity doctor. `fix` names an action Kiln can take for the operator. */
export const ConnectivityCheck = z.object({
  id: z.enum(['public-ip', 'security-group', 'route', 'status-checks']),
  ok: z.boolean(),
  title: z.string(),
  detail: z.string().optional(),
  remedy: z.string().optional(),
  fix: z.enum(['update-agent-rule']).optional(),
});
export type ConnectivityCheck = z.infer<typeof ConnectivityCheck>;

export const Diagnosis = z.object({
  checkedAt: z.string(),
  operatorCidr: z.string().optional(),
  checks: z.array(ConnectivityCheck),
  /** The instance's latest console output (serial), when AWS has it. */
  consoleOutput: z.string().optional(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;
