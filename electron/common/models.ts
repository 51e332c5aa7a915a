/** Domain models shared by the UI and the backend. */
import { z } from 'zod';

export const ProfileKind = z.enum(['sandbox', 'aws']);

/** Where a profile's credentials come from, as the shared config files (or the environment) say. */
export const CredentialKind = z.enum(['static', 'assume-role', 'process', 'sso', 'env', 'sandbox']);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const Profile = z.object({
  id: z.string(),
  label: z.string(),
  kind: ProfileKind,
  credentialKind: CredentialKind,
  /** False when the profile cannot be used on this machine (e.g. moto_server missing); `reason` says why. */
  available: z.boolean(),
  reason: z.string().optional(),
  defaultRegion: z.string().optional(),
  /** One line on how the credentials are obtained (role, source profile, SSO account), never a secret. */
  detail: z.string().optional(),
  /** The MFA device (`mfa_serial`) whose code the operator must type before the profile can be used. */
  mfaSerial: z.string().optional(),
  /** The `[sso-session x]` name, or for legacy SSO profiles undefined with `ssoStartUrl` set. */
  ssoSession: z.string().optional(),
  ssoStartUrl: z.string().optional(),
});
export type Profile = z.infer<typeof Profile>;

/** Who the profile's credentials belong to (STS GetCallerIdentity), and until when they are valid. */
export const CallerIdentity = z.object({
  account: z.string(),
  arn: z.string(),
  userId: z.string(),
  /** ISO time at which the credentials expire, when the provider says so (temporary credentials). */
  expiration: z.string().optional(),
});
export type CallerIdentity = z.infer<typeof CallerIdentity>;

/** A started IAM Identity Center device sign-in: what the operator must open and confirm. */
export const SsoLoginStart = z.object({
  loginId: z.string(),
  userCode: z.string(),
  /** Only https pages are shown as links (the UI opens them in a new window or the system browser). */
  verificationUri: z.string().regex(/^https:\/\//),
  verificationUriComplete: z.string().regex(/^https:\/\//).optional(),
  expiresAt: z.string(),
  intervalSeconds: z.number().int().min(1),
});
export type SsoLoginStart = z.infer<typeof SsoLoginStart>;

export const SsoLoginStatus = z.object({
  status: z.enum(['pending', 'approved', 'expired', 'denied', 'cancelled']),
  /** When to poll again (the service may ask Kiln to slow down). */
  intervalSeconds: z.number().int().min(1),
});
export type SsoLoginStatus = z.infer<typeof SsoLoginStatus>;

/** Small choices Kiln remembers between runs. */
export const Preferences = z.object({
  /** The region last chosen for each profile id. */
  regionByProfile: z.record(z.string(), z.string()).default({}),
});
export type Preferences = z.infer<typeof Preferences>;

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
  /** EC2's image state: available, pending, failed… */
  state: z.string().optional(),
  /** Built by Kiln's save-as-AMI (tagged kiln:baked-from or kiln:launch-id). */
  kilnBaked: z.boolean().optional(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

/** A quick-start tile: shown even when its SSM parameter does not resolve in the region, disabled with the reason. */
export const QuickStartTile = z.object({
  /** The SSM public parameter that names the latest AMI of this distribution. */
  parameter: z.string(),
  label: z.string(),
  description: z.string(),
  architecture: z.string(),
  platform: z.enum(['linux', 'windows']),
  /** The resolved image; absent when the tile is unavailable in this region. */
  image: ImageSummary.optional(),
  unavailableReason: z.string().optional(),
});
export type QuickStartTile = z.infer<typeof QuickStartTile>;

/** One page of an image listing; `nextToken` fetches the next page. */
export const ImagePage = z.object({
  images: z.array(ImageSummary),
  nextToken: z.string().optional(),
  /** EC2 matched more images than one page holds and gave no way to page on: only the newest are here. */
  truncated: z.boolean().optional(),
});
export type ImagePage = z.infer<typeof ImagePage>;

/** An on-demand Linux price per hour in USD, and where it came from (the Pricing API, or the bundled snapshot). */
export const InstancePrice = z.object({
  usdPerHour: z.number().nonnegative(),
  source: z.enum(['pricing-api', 'snapshot']),
  /** The snapshot's date, or when the Pricing API answered (ISO 8601 date). */
  asOf: z.string(),
  /** The region the price is for (the snapshot only knows us-east-1). */
  region: z.string(),
});
export type InstancePrice = z.infer<typeof InstancePrice>;

export const InstanceTypeSummary = z.object({
  instanceType: z.string(),
  vcpus: z.number(),
  memoryMiB: z.number(),
  architectures: z.array(z.string()),
  freeTierEligible: z.boolean(),
  /** "Up to 5 Gigabit", "25 Gigabit"… as EC2 reports it. */
  networkPerformance: z.string().optional(),
  /** Null when no price is known for the type: the UI says "unknown". */
  price: InstancePrice.nullable().optional(),
});
export type InstanceTypeSummary = z.infer<typeof InstanceTypeSummary>;

/** On-demand prices of a region's instance types; a type missing from `prices` has no known price. */
export const InstancePriceList = z.object({
  prices: z.record(z.string(), InstancePrice),
  /** Why the Pricing API was not used (not reachable, not allowed), when the snapshot answered instead. */
  fallbackReason: z.string().optional(),
});
export type InstancePriceList = z.infer<typeof InstancePriceList>;

/** Raw user data may not exceed 16 KB (EC2 limit, before base64). */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;
export const DEFAULT_AGENT_PORT = 8443;

const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/** AWS allows 50 tags per resource; Kiln's own (kiln:launch-id, kiln:created-by, Name, kiln:agent-port) count too. */
export const MAX_TAGS_PER_RESOURCE = 50;
export const KILN_TAG_COUNT = 4;
export const MAX_USER_TAGS = MAX_TAGS_PER_RESOURCE - KILN_TAG_COUNT;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** One extra tag the operator adds; AWS tag rules plus Kiln's reserved `kiln:` prefix. */
export const UserTag = z.object({
  key: z
    .string()
    .min(1, 'A tag key cannot be empty.')
    .max(128, 'A tag key holds at most 128 characters.')
    .regex(TAG_CHARS, 'A tag key may use letters, digits, spaces and _ . : / = + - @ only.')
    .refine((k) => !k.toLowerCase().startsWith('aws:'), 'Tag keys starting with "aws:" are reserved by AWS.')
    .refine((k) => !k.toLowerCase().startsWith('kiln:'), 'Tag keys starting with "kiln:" are reserved by Kiln.')
    .refine((k) => k !== 'Name', 'The Name tag comes from the instance name; set it there.'),
  value: z
    .string()
    .max(256, 'A tag value holds at most 256 characters.')
    .regex(TAG_CHARS, 'A tag value may use letters, digits, spaces and _ . : / = + - @ only.'),
});
export type UserTag = z.infer<typeof UserTag>;

export const UserTags = z
  .array(UserTag)
  .max(MAX_USER_TAGS, `At most ${MAX_USER_TAGS} extra tags: AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and Kiln uses ${KILN_TAG_COUNT}.`)
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((tag, index) => {
      if (seen.has(tag.key)) {
        ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `The tag key "${tag.key}" is used twice; keys must be unique.` });
      }
      seen.add(tag.key);
    });
  });

/** EC2 key pair names: up to 255 ASCII characters. */
const KeyPairName = z
  .string()
  .trim()
  .min(1, 'Give the key pair a name.')
  .max(255, 'A key pair name holds at most 255 characters.')
  .regex(/^[\x20-\x7e]+$/, 'A key pair name may use printable ASCII characters only.');

/** How the instance gets an SSH key: none (EC2 Instance Connect), an existing pair, a new one, or an imported one. */
export const KeyPairChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('existing'), name: KeyPairName }),
  z.object({
    mode: z.literal('create'),
    name: KeyPairName,
    type: z.enum(['rsa', 'ed25519']).default('ed25519'),
    /** Where Kiln writes the private key once (mode 0600); an absolute path on the backend's machine. */
    savePath: z.string().trim().min(1, 'Choose a file to save the private key to.'),
  }),
  z.object({
    mode: z.literal('import'),
    name: KeyPairName,
    publicKey: z
      .string()
      .trim()
      .regex(
        /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,2}( .*)?$/,
        'Paste an OpenSSH public key, e.g. "ssh-ed25519 AAAA… comment".',
      ),
  }),
]);
export type KeyPairChoice = z.infer<typeof KeyPairChoice>;

export const VolumeType = z.enum(['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1']);
export type VolumeType = z.infer<typeof VolumeType>;
/** Throughput/cold HDD types: fine for data, not bootable. */
export const HDD_VOLUME_TYPES: readonly VolumeType[] = ['st1', 'sc1'];

/** The root volume; without a size the AMI's own size is used. */
export const StorageChoice = z.object({
  rootVolumeSizeGiB: z.number().int('The volume size is a whole number of GiB.').min(1, 'The volume size is at least 1 GiB.').max(16_384, 'A volume holds at most 16,384 GiB.').optional(),
  volumeType: VolumeType.default('gp3').refine(
    (t) => !HDD_VOLUME_TYPES.includes(t),
    'st1 and sc1 (HDD) volumes cannot be boot volumes; choose gp3, gp2, io1 or io2.',
  ),
  encrypted: z.boolean().default(true),
});
export type StorageChoice = z.infer<typeof StorageChoice>;

/** True for an IPv4 CIDR such as 203.0.113.7/32 with a network address that matches its prefix. */
export function parseCidr(cidr: string): { address: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const hostBits = 2 ** (32 - prefix);
  if (address % hostBits !== 0) return undefined;
  return { address, prefix };
}

/** Where the per-launch group accepts the agent port and SSH from. */
export const NetworkChoice = z
  .object({
    /** The VPC to launch into; empty means the region's default VPC. */
    vpcId: z.string().trim().regex(/^(vpc-[0-9a-f]{8,17})?$/, 'A VPC id looks like vpc-0123456789abcdef0.').default(''),
    /** A subnet of that VPC; empty means Kiln picks the default subnet of the first zone. */
    subnetId: z.string().trim().regex(/^(subnet-[0-9a-f]{8,17})?$/, 'A subnet id looks like subnet-0123456789abcdef0.').default(''),
    /** Whether the instance gets a public IPv4 address; `subnet` keeps the subnet's own setting. */
    publicIp: z.enum(['subnet', 'enable', 'disable']).default('subnet'),
    /**
     * `kiln`: Kiln's per-launch group opens the agent port and SSH/RDP. `existing`: the chosen groups are attached
     * as they are, and Kiln's per-launch group opens only the agent port beside them.
     */
    securityGroupMode: z.enum(['kiln', 'existing']).default('kiln'),
    existingGroupIds: z
      .array(z.string().trim().regex(/^sg-[0-9a-f]{8,17}$/, 'A security group id looks like sg-0123456789abcdef0.'))
      .max(4, 'Choose at most 4 existing security groups (Kiln adds its own, and AWS allows 5 per instance).')
      .default([]),
    source: z.enum(['my-ip', 'cidr']).default('my-ip'),
    cidr: z.string().trim().default(''),
    /** The operator confirmed that a wide CIDR opens the ports to the internet. */
    confirmOpenToInternet: z.boolean().default(false),
  })
  .superRefine((network, ctx) => {
    if (network.securityGroupMode === 'existing' && network.existingGroupIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['existingGroupIds'], message: 'Choose at least one existing security group, or let Kiln create one.' });
    }
    if (network.source !== 'cidr') return;
    const parsed = parseCidr(network.cidr);
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        path: ['cidr'],
        message: 'Type an IPv4 CIDR such as 203.0.113.7/32 (the address must be the start of its range).',
      });
      return;
    }
    if (parsed.prefix < 24 && !network.confirmOpenToInternet) {
      ctx.addIssue({
        code: 'custom',
        path: ['confirmOpenToInternet'],
        message: `${network.cidr.trim()} opens the agent port and SSH to ${parsed.prefix === 0 ? 'the whole internet' : 'a wide range of addresses'}; confirm it, or use My IP.`,
      });
    }
  });
export type NetworkChoice = z.infer<typeof NetworkChoice>;

/** Instance options of the wizard's Advanced step. */
export const AdvancedChoice = z.object({
  /** Require IMDSv2 session tokens for the instance metadata service. */
  imdsv2Required: z.boolean().default(true),
  /** An IAM instance profile name or ARN; empty for none. */
  instanceProfile: z
    .string()
    .trim()
    .regex(/^$|^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/.+$|^[\w+=,.@-]{1,128}$/, 'Type an instance profile name (e.g. kiln-builder) or its ARN.')
    .default(''),
  /** What an OS shutdown does to the instance. */
  shutdownBehavior: z.enum(['stop', 'terminate']).default('stop'),
  /** EC2 termination protection (DisableApiTermination). */
  terminationProtection: z.boolean().default(false),
  /** How many instances to launch with these settings; each becomes its own launch. */
  count: z.number().int('The count is a whole number.').min(1, 'Launch at least 1 instance.').max(20, 'Kiln launches at most 20 instances at once.').default(1),
  /** Terminate the instance automatically this many hours after launch (experiments). */
  autoTerminateAfterHours: z.number().int('Hours are a whole number.').min(1, 'At least 1 hour.').max(168, 'At most 168 hours (7 days).').optional(),
});
export type AdvancedChoice = z.infer<typeof AdvancedChoice>;

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
  // Optional rather than defaulted so that specs built before these choices existed (stored records, imported
  // launches) stay valid LaunchSpec values; `launchChoices` fills in the defaults.
  /** Extra tags on the instance, its volumes and the security group. */
  tags: UserTags.optional(),
  keyPair: KeyPairChoice.optional(),
  storage: StorageChoice.optional(),
  network: NetworkChoice.optional(),
  advanced: AdvancedChoice.optional(),
});
export type LaunchSpec = z.infer<typeof LaunchSpec>;

export interface LaunchChoices {
  tags: UserTag[];
  keyPair: KeyPairChoice;
  storage: StorageChoice;
  network: NetworkChoice;
  advanced: AdvancedChoice;
}

/** The optional choices of a spec, with the defaults for those it leaves out. */
export function launchChoices(
  spec: Pick<LaunchSpec, 'tags' | 'keyPair' | 'storage' | 'network' | 'advanced'>,
): LaunchChoices {
  return {
    tags: spec.tags ?? [],
    keyPair: spec.keyPair ?? { mode: 'none' },
    storage: spec.storage ?? { volumeType: 'gp3', encrypted: true },
    network: spec.network ?? NetworkChoice.parse({}),
    advanced: spec.advanced ?? AdvancedChoice.parse({}),
  };
}
export type LaunchSpecInput = z.input<typeof LaunchSpec>;

/** The cost of a launch as the wizard's Review step shows it; null where a price is unknown. */
export const LaunchEstimate = z.object({
  count: z.number().int(),
  /** The on-demand price of one instance, or null when unknown. */
  instancePrice: InstancePrice.nullable(),
  /** One root volume: its size and storage cost per day (null for an unknown size or volume type). */
  rootVolume: z.object({ sizeGiB: z.number().nullable(), volumeType: z.string(), usdPerDay: z.number().nullable() }),
  /** Every instance and its root volume; null when the instance price is unknown. */
  usdPerHour: z.number().nullable(),
  usdPerDay: z.number().nullable(),
});
export type LaunchEstimate = z.infer<typeof LaunchEstimate>;

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

export const LaunchRecord = z.object({
  id: z.string(),
  spec: LaunchSpec,
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
  /** SSH (22) or RDP (3389) opened in Kiln's group; null when existing groups handle logins; absent on older records (SSH). */
  loginPort: z.number().int().nullable().optional(),
  /** A key pair Kiln created (or imported) for this launch; deleted on terminate. */
  keyPairName: z.string().optional(),
  keyPairDeleted: z.boolean().optional(),
  agentCursor: z.number().int().min(0).default(0),
  /** The agent's per-launch certificate (public) that the agent link pins. */
  agentCertificate: z.object({ pem: z.string(), fingerprint256: z.string() }).optional(),
  agentLink: AgentLinkStatus.optional(),
  outcome: LaunchOutcome.optional(),
  error: z
    .object({ code: z.string(), message: z.string(), remedy: z.string().optional() })
    .optional(),
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

export const KeyPairSummary = z.object({
  name: z.string(),
  keyPairId: z.string().optional(),
  type: z.string().optional(),
  fingerprint: z.string().optional(),
  createdAt: z.string().optional(),
});
export type KeyPairSummary = z.infer<typeof KeyPairSummary>;

export const SubnetSummary = z.object({
  subnetId: z.string(),
  vpcId: z.string(),
  availabilityZone: z.string(),
  cidrBlock: z.string().optional(),
  mapPublicIpOnLaunch: z.boolean(),
  defaultForAz: z.boolean(),
});
export type SubnetSummary = z.infer<typeof SubnetSummary>;

export const VpcSummary = z.object({
  vpcId: z.string(),
  cidrBlock: z.string().optional(),
  isDefault: z.boolean(),
  /** The Name tag, when there is one. */
  name: z.string().optional(),
});
export type VpcSummary = z.infer<typeof VpcSummary>;

export const SecurityGroupSummary = z.object({
  groupId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  vpcId: z.string(),
  /** One line per inbound rule, e.g. "tcp 22 from 203.0.113.7/32". */
  inbound: z.array(z.string()),
});
export type SecurityGroupSummary = z.infer<typeof SecurityGroupSummary>;
