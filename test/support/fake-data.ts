/** The fake backend's canned data: its shape, the default answers, and fixtures renderer tests build on. */
import {
  type AppNotice,
  type BakePreview,
  type CallerIdentity,
  type FleetRecord,
  type ImageSummary,
  type InstancePriceList,
  type InstanceTypeSummary,
  type KeyPairSummary,
  type KilnImage,
  type LaunchSnapshot,
  type LaunchRecord,
  type LogLine,
  type Orphan,
  type StorageProblem,
  type Profile,
  type QuickStartTile,
  type Region,
  type SecurityGroupSummary,
  type HostedZoneSummary,
  type SnapshotPolicy,
  type SubnetSummary,
  type VpcSummary,
  type LaunchProbes,
  type ProbeHistory,
  type Inventory,
} from '../../electron/common/models';
import { type Preset, type SavedSpec } from '../../electron/common/saved-spec';

export interface FakeData {
  /** fleets.* (start empty). */
  fleets?: FleetRecord[];
  profiles: Profile[];
  regions: Region[];
  quickStart: ImageSummary[];
  /** Everything images.describe can find, quick-start images included. */
  images: ImageSummary[];
  instanceTypes: InstanceTypeSummary[];
  /** images.quickStartTiles; by default one available tile per `quickStart` image. */
  quickStartTiles?: QuickStartTile[];
  /** The account's own AMIs (images.list); the Kiln-baked ones have `kilnBaked`. */
  ownImages: ImageSummary[];
  /** instanceTypes.prices */
  prices: InstancePriceList;
  launches: LaunchRecord[];
  logs: Record<string, LogLine[]>;
  /** What launch.preview adds to the script's size for the bootstrap around it. */
  bootstrapBytes: number;
  /** As with KILN_ARTIFACT_BASE_URL: a script too large for user data is refused instead of uploaded. */
  artifactMirror?: boolean;
  orphans: Orphan[];
  /** inventory.list: the rows and problems (none by default); inventory.export formats them as the backend does. */
  inventory?: Pick<Inventory, 'rows' | 'problems'>;
  /** storage.problems: data files the backend could not read and moved aside. */
  storageProblems?: StorageProblem[];
  /** app.notices: what the backend tells the operator about this run (none by default). */
  notices?: AppNotice[];
  /** keyPairs.list, network.* answers (defaults in `defaultFakeData`); subnets and groups are filtered by VPC. */
  keyPairs?: KeyPairSummary[];
  vpcs?: VpcSummary[];
  subnets?: SubnetSummary[];
  securityGroups?: SecurityGroupSummary[];
  /** network.hostedZones answers (none by default). */
  hostedZones?: HostedZoneSummary[];
  operatorCidr?: string;
  /** profiles.identity answers by profile id (default: `defaultIdentity`). */
  identities?: Record<string, CallerIdentity>;
  /** The remembered region per profile (preferences.get/set). */
  regionByProfile?: Record<string, string>;
  /** wizard.defaults.* answers, by profile id, and the presets (both start empty). */
  wizardDefaults?: Record<string, SavedSpec>;
  presets?: Preset[];
  /** Connect: launch ids whose instances are Session Manager managed nodes (connect.info offers the ssm command). */
  ssmManaged?: string[];
  /** When EC2 has the Windows password, by launch id (default: 4 minutes after the launch was created). */
  windowsPasswordReadyAt?: Record<string, string>;
  /** The passphrase of the key file that decrypts Windows passwords, when it has one. */
  keyPassphrase?: string;
  /** images.baked: the Kiln-baked images (bakes and copies add theirs). */
  bakedImages?: KilnImage[];
  /** The Snapshots list of each launch, by launch id, newest first. */
  snapshots?: Record<string, LaunchSnapshot[]>;
  /** Milliseconds between the steps of a bake or a copy (default 100); null holds them where they started. */
  bakeTickMs?: number | null;
  /** The volumes bake.preview reports, by launch id (default: one 8 GiB root volume). */
  bakeVolumes?: Record<string, BakePreview['volumes']>;
  /** The agent fails to seal with this message (bake.start answers SealFailed unless allowUnsealed). */
  sealFailure?: string;
  /** Snapshots images.deregister keeps, by image id, with AWS's reason. */
  keptSnapshots?: Record<string, { snapshotId: string; reason: string }[]>;
  /** Whether DLM's default role exists (snapshot schedules); default no, until snapshots.dlmRole.create. */
  dlmRoleExists?: boolean;
  /** The launches' DLM snapshot policies by policy id, as set with snapshots.schedule.set. */
  snapshotPolicies?: Record<string, SnapshotPolicy>;
  /** health.probes.list answers by launch id, and health.probes.history (both empty by default). */
  probes?: Record<string, LaunchProbes>;
  probeHistory?: Record<string, ProbeHistory>;
}

export const FAKE_IDENTITY: CallerIdentity = {
  account: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/operator',
  userId: 'AIDAEXAMPLEUSERID0001',
};

export const AL2023_X86: ImageSummary = {
  imageId: 'ami-0ed094fb1304fd857',
  name: 'al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64',
  label: 'Amazon Linux 2023',
  description: 'Amazon Linux 2023 AMI, kernel 6.1',
  architecture: 'x86_64',
  platform: 'linux',
};
export const AL2023_ARM: ImageSummary = {
  imageId: 'ami-0a1b2c3d4e5f60718',
  name: 'al2023-ami-2023.6.20241212.0-kernel-6.1-arm64',
  label: 'Amazon Linux 2023 (Arm)',
  description: 'Amazon Linux 2023 AMI for Graviton',
  architecture: 'arm64',
  platform: 'linux',
};
export const CUSTOM_IMAGE: ImageSummary = {
  imageId: 'ami-00000000000000abc',
  name: 'team-golden-image-2025-01',
  architecture: 'x86_64',
  platform: 'linux',
};

export const KILN_BAKED_IMAGE: ImageSummary = {
  imageId: 'ami-00000000000000bbb',
  name: 'kiln-web-2026-11-20',
  architecture: 'x86_64',
  platform: 'linux',
  creationDate: '2026-11-20T09:30:00.000Z',
  rootDeviceName: '/dev/xvda',
  rootVolumeSizeGiB: 8,
  kilnBaked: true,
};
export const WINDOWS_IMAGE: ImageSummary = {
  imageId: 'ami-00000000000000ccc',
  name: 'Windows_Server-2022-English-Full-Base-2026.11.12',
  architecture: 'x86_64',
  platform: 'windows',
  creationDate: '2026-11-12T00:00:00.000Z',
  rootDeviceName: '/dev/sda1',
  rootVolumeSizeGiB: 30,
};
/** A quick-start tile whose SSM parameter does not resolve in the region. */
export const UNAVAILABLE_TILE: QuickStartTile = {
  parameter: '/aws/service/debian/release/bookworm/latest/amd64',
  label: 'Debian 12',
  description: 'Debian 12 (Bookworm), 64-bit (x86)',
  architecture: 'x86_64',
  platform: 'linux',
  unavailableReason:
    'Not published in us-east-1: the SSM public parameter /aws/service/debian/release/bookworm/latest/amd64 does not exist there.',
};

export function tileOf(image: ImageSummary): QuickStartTile {
  return {
    parameter: `/fake/${image.imageId}`,
    label: image.label ?? image.name,
    description: image.description ?? '',
    architecture: image.architecture,
    platform: image.platform,
    image,
  };
}

export function defaultFakeData(): FakeData {
  return {
    profiles: [
      {
        id: 'sandbox',
        label: 'Local sandbox',
        kind: 'sandbox',
        credentialKind: 'sandbox',
        available: true,
        defaultRegion: 'us-east-1',
      },
      {
        id: 'default',
        label: 'AWS default',
        kind: 'aws',
        credentialKind: 'static',
        available: false,
        reason: 'No AWS credentials found.',
      },
    ],
    regions: [{ name: 'us-east-1' }, { name: 'eu-west-1' }, { name: 'ap-southeast-2', optInStatus: 'opted-in' }],
    quickStart: [AL2023_X86, AL2023_ARM],
    images: [AL2023_X86, AL2023_ARM, CUSTOM_IMAGE, KILN_BAKED_IMAGE, WINDOWS_IMAGE],
    ownImages: [CUSTOM_IMAGE, KILN_BAKED_IMAGE],
    prices: {
      prices: {
        't3.micro': { usdPerHour: 0.0104, source: 'snapshot', asOf: '2026-11-01', region: 'us-east-1' },
        't4g.micro': { usdPerHour: 0.0084, source: 'snapshot', asOf: '2026-11-01', region: 'us-east-1' },
      },
      fallbackReason: 'The local sandbox has no Pricing API (moto does not emulate it).',
    },
    instanceTypes: [
      { instanceType: 't3.micro', vcpus: 2, memoryMiB: 1024, architectures: ['x86_64'], freeTierEligible: true },
      { instanceType: 't3.small', vcpus: 2, memoryMiB: 2048, architectures: ['x86_64'], freeTierEligible: false },
      { instanceType: 't4g.micro', vcpus: 2, memoryMiB: 1024, architectures: ['arm64'], freeTierEligible: true },
    ],
    launches: [],
    logs: {},
    bootstrapBytes: 3000,
    orphans: [],
    keyPairs: [{ name: 'team-key', keyPairId: 'key-0123456789abcdef0', type: 'ed25519' }],
    vpcs: [
      { vpcId: 'vpc-01234567', cidrBlock: '172.31.0.0/16', isDefault: true },
      { vpcId: 'vpc-0c0c0c0c0c0c0c0c0', cidrBlock: '10.0.0.0/16', isDefault: false, name: 'build' },
    ],
    securityGroups: [
      {
        groupId: 'sg-0123456789abcdef0',
        name: 'default',
        description: 'default VPC security group',
        vpcId: 'vpc-01234567',
        inbound: ['all traffic from sg-0123456789abcdef0'],
      },
      {
        groupId: 'sg-0fedcba9876543210',
        name: 'corp-ssh',
        description: 'SSH from the office',
        vpcId: 'vpc-01234567',
        inbound: ['tcp 22 from 198.51.100.0/24'],
      },
    ],
    subnets: [
      {
        subnetId: 'subnet-0c0c0c0c0c0c0c0c0',
        vpcId: 'vpc-0c0c0c0c0c0c0c0c0',
        availabilityZone: 'us-east-1a',
        cidrBlock: '10.0.1.0/24',
        mapPublicIpOnLaunch: false,
        defaultForAz: false,
      },
      {
        subnetId: 'subnet-0a0a0a0a0a0a0a0a0',
        vpcId: 'vpc-01234567',
        availabilityZone: 'us-east-1a',
        cidrBlock: '172.31.0.0/20',
        mapPublicIpOnLaunch: true,
        defaultForAz: true,
      },
      {
        subnetId: 'subnet-0b0b0b0b0b0b0b0b0',
        vpcId: 'vpc-01234567',
        availabilityZone: 'us-east-1b',
        cidrBlock: '172.31.16.0/20',
        mapPublicIpOnLaunch: true,
        defaultForAz: true,
      },
    ],
    operatorCidr: '203.0.113.9/32',
  };
}

/** A launch record as the backend would return it, with overrides. */
export function launchRecord(overrides: Partial<LaunchRecord> = {}): LaunchRecord {
  const createdAt = overrides.createdAt ?? '2025-01-15T10:00:00.000Z';
  return {
    id: 'launch-1',
    spec: {
      profileId: 'sandbox',
      region: 'us-east-1',
      name: 'web-1',
      imageId: AL2023_X86.imageId,
      instanceType: 't3.micro',
      installScript: 'echo hi',
      agentPort: 8443,
      keepAgentOpen: false,
    },
    createdAt,
    phase: 'installing',
    timeline: [{ phase: 'requested', at: createdAt }],
    instanceId: 'i-0123456789abcdef0',
    instanceState: 'running',
    securityGroupId: 'sg-0123456789abcdef0',
    securityGroupDeleted: false,
    agentRuleRevoked: false,
    agentCursor: 0,
    ...overrides,
  };
}

export function logLine(seq: number, text = `line ${seq}`, stream: LogLine['stream'] = 'stdout'): LogLine {
  return { seq, ts: new Date(Date.UTC(2025, 0, 15, 10, 0, seq)).toISOString(), stream, text };
}
