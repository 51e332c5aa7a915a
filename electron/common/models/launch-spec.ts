/** Everything the wizard collects (LaunchSpec), its parts, and the cost estimate. */
import { z } from 'zod';
import { InstancePrice } from './catalog';
import { DnsName } from './dns';
import { ProbeList } from './probes';

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
  .max(
    MAX_USER_TAGS,
    `At most ${MAX_USER_TAGS} extra tags: AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and Kiln uses ${KILN_TAG_COUNT}.`,
  )
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((tag, index) => {
      if (seen.has(tag.key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'key'],
          message: `The tag key "${tag.key}" is used twice; keys must be unique.`,
        });
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
  rootVolumeSizeGiB: z
    .number()
    .int('The volume size is a whole number of GiB.')
    .min(1, 'The volume size is at least 1 GiB.')
    .max(16_384, 'A volume holds at most 16,384 GiB.')
    .optional(),
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

/** Any source wider than one address (/32) is opened only once the operator confirms it. */
export function needsOpenConfirmation(prefix: number): boolean {
  return prefix < 32;
}

/** How many addresses a prefix opens to, in words: the whole internet, a wide range (wider than /24), or a count. */
export function openRangeWording(prefix: number): string {
  if (prefix === 0) return 'the whole internet';
  if (prefix < 24) return 'a wide range of addresses';
  return `${2 ** (32 - prefix)} addresses`;
}

/** The network fields as they are, before the rules that tie them together (see `NetworkChoice`). */
export const NetworkFields = z.object({
  /** The VPC to launch into; empty means the region's default VPC. */
  vpcId: z
    .string()
    .trim()
    .regex(/^(vpc-[0-9a-f]{8,17})?$/, 'A VPC id looks like vpc-0123456789abcdef0.')
    .default(''),
  /** A subnet of that VPC; empty means Kiln picks the default subnet of the first zone. */
  subnetId: z
    .string()
    .trim()
    .regex(/^(subnet-[0-9a-f]{8,17})?$/, 'A subnet id looks like subnet-0123456789abcdef0.')
    .default(''),
  /** Whether the instance gets a public IPv4 address; `subnet` keeps the subnet's own setting. */
  publicIp: z.enum(['subnet', 'enable', 'disable']).default('subnet'),
  /**
   * `kiln`: Kiln's per-launch group opens the agent port and SSH/RDP. `existing`: the chosen groups are attached
   * as they are, and Kiln's per-launch group opens only the agent port beside them.
   */
  securityGroupMode: z.enum(['kiln', 'existing']).default('kiln'),
  existingGroupIds: z
    .array(
      z
        .string()
        .trim()
        .regex(/^sg-[0-9a-f]{8,17}$/, 'A security group id looks like sg-0123456789abcdef0.'),
    )
    .max(4, 'Choose at most 4 existing security groups (Kiln adds its own, and AWS allows 5 per instance).')
    .default([]),
  source: z.enum(['my-ip', 'cidr']).default('my-ip'),
  cidr: z.string().trim().default(''),
  /** The operator confirmed that a wide CIDR opens the ports to the internet. */
  confirmOpenToInternet: z.boolean().default(false),
});

/** Where the per-launch group accepts the agent port and SSH from. */
export const NetworkChoice = NetworkFields.superRefine((network, ctx) => {
  if (network.securityGroupMode === 'existing' && network.existingGroupIds.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['existingGroupIds'],
      message: 'Choose at least one existing security group, or let Kiln create one.',
    });
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
  if (needsOpenConfirmation(parsed.prefix) && !network.confirmOpenToInternet) {
    ctx.addIssue({
      code: 'custom',
      path: ['confirmOpenToInternet'],
      message: `${network.cidr.trim()} opens the agent port and SSH to ${openRangeWording(parsed.prefix)}; confirm it, or use My IP.`,
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
    .regex(
      /^$|^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/.+$|^[\w+=,.@-]{1,128}$/,
      'Type an instance profile name (e.g. kiln-builder) or its ARN.',
    )
    .default(''),
  /** What an OS shutdown does to the instance. */
  shutdownBehavior: z.enum(['stop', 'terminate']).default('stop'),
  /** EC2 termination protection (DisableApiTermination). */
  terminationProtection: z.boolean().default(false),
  /** How many instances to launch with these settings; each becomes its own launch. */
  count: z
    .number()
    .int('The count is a whole number.')
    .min(1, 'Launch at least 1 instance.')
    .max(20, 'Kiln launches at most 20 instances at once.')
    .default(1),
  /** Terminate the instance automatically this many hours after launch (experiments). */
  autoTerminateAfterHours: z
    .number()
    .int('Hours are a whole number.')
    .min(1, 'At least 1 hour.')
    .max(168, 'At most 168 hours (7 days).')
    .optional(),
});
export type AdvancedChoice = z.infer<typeof AdvancedChoice>;

/** Control characters no text script holds (tab, line breaks, form feed and ESC are allowed). */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
export const SCRIPT_CONTROL_CHARACTERS = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;

/** Everything the wizard collects; the same schema validates the form and the backend command. */
export const LaunchSpec = z.object({
  profileId: z.string().min(1, 'Choose a profile.'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'Choose a region, e.g. us-east-1.'),
  name: z.string().trim().min(1, 'Give the instance a name.').max(255, 'A Name tag holds at most 255 characters.'),
  imageId: z.string().trim().regex(AMI_ID, 'An AMI id looks like ami-0123456789abcdef0.'),
  instanceType: z.string().trim().regex(INSTANCE_TYPE, 'An instance type looks like t3.micro.'),
  installScript: z
    .string()
    .refine((s) => s.trim().length > 0, 'The install script is empty: type the commands to run on the instance.')
    // The same characters the script file loader refuses: text scripts never hold them, pasted binary does.
    .refine(
      (s) => !SCRIPT_CONTROL_CHARACTERS.test(s),
      'The install script holds a NUL or another control character that scripts do not contain (often from a paste): remove it.',
    ),
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
  /** HTTP(S) health probes Kiln runs against the instance while it is open (set later on the launch page too). */
  probes: ProbeList.optional(),
  /** An A record for the instance's address in a Route 53 hosted zone, kept up to date, removed on terminate. */
  dns: DnsName.optional(),
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
  /** What the instance price is ("Linux on-demand"), or why there is none. */
  instancePriceNote: z.string(),
  /** One root volume: its size and storage cost per day (null for an unknown size or volume type). */
  rootVolume: z.object({ sizeGiB: z.number().nullable(), volumeType: z.string(), usdPerDay: z.number().nullable() }),
  /** Every instance and its root volume; null when the instance price is unknown. */
  usdPerHour: z.number().nullable(),
  usdPerDay: z.number().nullable(),
});
export type LaunchEstimate = z.infer<typeof LaunchEstimate>;
