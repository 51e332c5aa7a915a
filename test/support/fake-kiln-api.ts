/**
 * An in-memory KilnApi for renderer component tests: a test double of the transport (what `connectKilnApi`
 * returns), not a model of the backend. Every contract command answers from canned data, inputs go through the
 * real contract dispatcher (so bad input fails the way it does in the app), every call is recorded, a test can
 * replace any command's answer, and `emit` pushes events as the backend would.
 */
import {
  commandNames,
  type CommandArgs,
  type CommandHandlers,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type EventPayload,
  type KilnApi,
} from '../../electron/common/contract';
import { dispatchCommand } from '../../electron/common/dispatch';
import { chooseScriptDelivery } from '../../electron/core/launch/script-delivery';
import {
  USER_DATA_LIMIT_BYTES,
  type AppNotice,
  type Bake,
  type BakedImage,
  type BakePreview,
  type BakeRequest,
  type CallerIdentity,
  type ConnectCheck,
  type ConnectFile,
  type ConnectFileKind,
  type ConnectInfo,
  type HostKeys,
  type ImageSummary,
  type InstancePriceList,
  type InstanceTypeSummary,
  type KeyPairSummary,
  type KilnImage,
  type LaunchRecord,
  type LogLine,
  type Orphan,
  type StorageProblem,
  type Profile,
  type QuickStartTile,
  type Region,
  type SecurityGroupSummary,
  type SubnetSummary,
  type TerminalSession,
  type VpcSummary,
} from '../../electron/common/models';
import { fail, ok, type Result } from '../../electron/common/result';
import { toSavedSpec, type Preset, type SavedSpec } from '../../electron/common/saved-spec';
import { platformInstancePrice } from '../../electron/core/launch/launch-estimate';

export interface FakeData {
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
  /** storage.problems: data files the backend could not read and moved aside. */
  storageProblems?: StorageProblem[];
  /** app.notices: what the backend tells the operator about this run (none by default). */
  notices?: AppNotice[];
  /** keyPairs.list, network.* answers (defaults in `defaultFakeData`); subnets and groups are filtered by VPC. */
  keyPairs?: KeyPairSummary[];
  vpcs?: VpcSummary[];
  subnets?: SubnetSummary[];
  securityGroups?: SecurityGroupSummary[];
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
  /** Milliseconds between the steps of a bake or a copy (default 100); null holds them where they started. */
  bakeTickMs?: number | null;
  /** The volumes bake.preview reports, by launch id (default: one 8 GiB root volume). */
  bakeVolumes?: Record<string, BakePreview['volumes']>;
  /** The agent fails to seal with this message (bake.start answers SealFailed unless allowUnsealed). */
  sealFailure?: string;
  /** Snapshots images.deregister keeps, by image id, with AWS's reason. */
  keptSnapshots?: Record<string, { snapshotId: string; reason: string }[]>;
}

export const FAKE_IDENTITY: CallerIdentity = {
  account: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/operator',
  userId: 'AIDAEXAMPLEUSERID0001',
};

type Handler<K extends CommandName> = (input: CommandArgs<K>) => Result<CommandOutput<K>> | Promise<Result<CommandOutput<K>>>;

export interface FakeKilnApi extends KilnApi {
  data: FakeData;
  calls: { name: CommandName; input: unknown }[];
  /** The inputs of every call of one command, in order. */
  callsOf<K extends CommandName>(name: K): CommandInput<K>[];
  /** Replaces one command's answer (return a pending promise to hold the command in flight). */
  respond<K extends CommandName>(name: K, handler: Handler<K>): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
}

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
  unavailableReason: 'Not published in us-east-1: the SSM public parameter /aws/service/debian/release/bookworm/latest/amd64 does not exist there.',
};

function tileOf(image: ImageSummary): QuickStartTile {
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
      { id: 'sandbox', label: 'Local sandbox', kind: 'sandbox', credentialKind: 'sandbox', available: true, defaultRegion: 'us-east-1' },
      { id: 'default', label: 'AWS default', kind: 'aws', credentialKind: 'static', available: false, reason: 'No AWS credentials found.' },
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
      { groupId: 'sg-0123456789abcdef0', name: 'default', description: 'default VPC security group', vpcId: 'vpc-01234567', inbound: ['all traffic from sg-0123456789abcdef0'] },
      { groupId: 'sg-0fedcba9876543210', name: 'corp-ssh', description: 'SSH from the office', vpcId: 'vpc-01234567', inbound: ['tcp 22 from 198.51.100.0/24'] },
    ],
    subnets: [
      { subnetId: 'subnet-0c0c0c0c0c0c0c0c0', vpcId: 'vpc-0c0c0c0c0c0c0c0c0', availabilityZone: 'us-east-1a', cidrBlock: '10.0.1.0/24', mapPublicIpOnLaunch: false, defaultForAz: false },
      { subnetId: 'subnet-0a0a0a0a0a0a0a0a0', vpcId: 'vpc-01234567', availabilityZone: 'us-east-1a', cidrBlock: '172.31.0.0/20', mapPublicIpOnLaunch: true, defaultForAz: true },
      { subnetId: 'subnet-0b0b0b0b0b0b0b0b0', vpcId: 'vpc-01234567', availabilityZone: 'us-east-1b', cidrBlock: '172.31.16.0/20', mapPublicIpOnLaunch: true, defaultForAz: true },
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

function notFound(code: string, message: string, remedy: string, field?: string): Result<never> {
  return fail({ code, message, remedy, ...(field ? { field } : {}) });
}

function changeLaunch(data: FakeData, launchId: string, change: (r: LaunchRecord) => LaunchRecord): Result<LaunchRecord> {
  const index = data.launches.findIndex((r) => r.id === launchId);
  if (index < 0) return notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');
  data.launches[index] = change(data.launches[index]!);
  return ok(data.launches[index]!);
}

/** The Administrator password connect.windowsPassword answers once EC2 "has" it. */
export const FAKE_WINDOWS_PASSWORD = 'kT9#vQ2!mZ7@pL4x';

/** Host keys as the agent reports them. */
export const FAKE_HOST_KEYS: HostKeys = {
  source: 'agent',
  collectedAt: '2025-01-15T10:02:00.000Z',
  keys: [
    { type: 'ssh-ed25519', key: 'AAAAC3NzaC1lZDI1NTE5AAAAIKilnFakeHostKeyForRendererTests0000000', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' },
    { type: 'ecdsa-sha2-nistp256', key: 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKilnFake', fingerprint: 'SHA256:1b7Xz0y2qjV3b6Pp9mH8mZ1tNdq3vPz1pW1r7m0D8aA' },
  ],
};

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
type ConnectCommand = Extract<CommandName, `connect.${string}`>;

/** What connect.info says for a launch, worked out from its record the way the backend would. */
function connectInfoOf(data: FakeData, record: LaunchRecord): ConnectInfo {
  const image = data.images.find((i) => i.imageId === record.spec.imageId);
  const platform = image?.platform ?? 'linux';
  const host = record.publicDnsName ?? record.publicIp;
  const port = record.loginPort ?? (platform === 'windows' ? 3389 : 22);
  const cidr = data.operatorCidr ?? '203.0.113.9/32';
  const keyPair = record.spec.keyPair;
  const keyPath = record.connect?.keyPath ?? (keyPair?.mode === 'create' ? keyPair.savePath : undefined);
  const keySource = record.connect?.keyPath ? 'operator-key-file' : keyPath ? 'launch-key-file' : platform === 'linux' ? 'instance-connect' : 'none';
  const user = record.connect?.user ?? (platform === 'windows' ? 'Administrator' : 'ec2-user');
  const userSource = record.connect?.user ? 'operator' : platform === 'linux' && image?.name.startsWith('al2023') ? 'image' : 'default';
  const userDetail = {
    operator: 'You chose this user for this launch.',
    image: 'Amazon Linux AMIs log in as ec2-user.',
    sandbox: "The sandbox's own account.",
    default: platform === 'windows' ? 'Windows logs in as Administrator.' : 'The usual login of Linux AMIs; set yours if the image uses another.',
  }[userSource];
  const running = record.instanceState === 'running';
  const ruleOk = record.operatorCidr === undefined || record.operatorCidr === cidr;
  const checks: ConnectCheck[] = [
    running
      ? { id: 'instance-state', ok: true, title: 'The instance is running' }
      : { id: 'instance-state', ok: false, title: `The instance is ${record.instanceState ?? 'not running yet'}`, remedy: 'Wait until it runs, then Refresh.' },
    host
      ? { id: 'public-ip', ok: true, title: `The instance has a public address (${host})` }
      : { id: 'public-ip', ok: false, title: 'The instance has no public address', remedy: 'Connect from inside its VPC, through a bastion or VPN, or with Session Manager.' },
    record.loginPort === null
      ? { id: 'login-port', ok: true, title: 'Logins are left to the security groups you chose', detail: 'Kiln cannot check rules it does not own.' }
      : ruleOk
        ? { id: 'login-port', ok: true, title: `Port ${port} is open to your address ${cidr}` }
        : { id: 'login-port', ok: false, title: `Port ${port} is open to ${record.operatorCidr}, not to your address ${cidr}`, remedy: 'Move the rule to your current address.', fix: 'update-login-rule' },
    keySource === 'none'
      ? { id: 'key-file', ok: false, title: 'Kiln has no private key for this instance', remedy: "Set the private key file of the launch's key pair under Login." }
      : { id: 'key-file', ok: true, title: keySource === 'instance-connect' ? 'EC2 Instance Connect will push a one-time key' : `The key file ${keyPath} is readable` },
  ];
  if (platform === 'linux') {
    checks.push(
      record.hostKeys
        ? { id: 'host-keys', ok: true, title: `Kiln knows the instance's ${record.hostKeys.keys.length} host keys` }
        : { id: 'host-keys', ok: false, title: 'Kiln has no verified host keys for the instance yet', remedy: 'Wait for the agent to report them, or for cloud-init to print them in the console output, then Refresh.' },
    );
  } else {
    const ready = Date.now() >= passwordReadyAt(data, record);
    checks.push(
      ready
        ? { id: 'password', ok: true, title: 'EC2 has the Administrator password' }
        : { id: 'password', ok: false, title: 'EC2 does not have the Administrator password yet', remedy: 'It usually takes about 4 minutes after launch, up to 15.' },
    );
  }
  const knownHostsPath = `/home/operator/.config/kiln/known_hosts/${record.id}`;
  // As the backend writes it: with EC2 Instance Connect the scripts push the key, the one-line command has none.
  const sshCommand =
    platform !== 'linux' || !host || !record.hostKeys
      ? undefined
      : ['ssh', ...(keyPath ? ['-i', keyPath] : []), ...(port !== 22 ? ['-p', String(port)] : []), '-o StrictHostKeyChecking=yes', `-o UserKnownHostsFile=${knownHostsPath}`, '-o IdentitiesOnly=yes', `${user}@${host}`].join(' ');
  return {
    platform,
    instanceState: record.instanceState,
    host,
    port,
    user,
    userSource,
    userDetail,
    keySource,
    keyPath,
    hostKeys: record.hostKeys,
    knownHostsPath: record.hostKeys ? knownHostsPath : undefined,
    checks,
    sshCommand,
    ssmCommand: data.ssmManaged?.includes(record.id) ? `aws ssm start-session --target ${record.instanceId} --region ${record.spec.region}` : undefined,
  };
}

function passwordReadyAt(data: FakeData, record: LaunchRecord): number {
  const at = data.windowsPasswordReadyAt?.[record.id];
  return at ? Date.parse(at) : Date.parse(record.createdAt) + 4 * 60_000;
}

/** The connect files as the backend would build them. */
function connectFileOf(info: ConnectInfo, record: LaunchRecord, kind: ConnectFileKind): ConnectFile {
  const name = record.spec.name;
  switch (kind) {
    case 'sh': {
      const push = info.keySource === 'instance-connect' ? `aws ec2-instance-connect send-ssh-public-key --instance-id ${record.instanceId} --instance-os-user ${info.user} --ssh-public-key "file://$tmpdir/key.pub"\n` : '';
      return { fileName: `${name}.sh`, mimeType: 'text/x-shellscript', content: `#!/usr/bin/env bash\n# Connects to ${name} (${record.instanceId}).\n${push}exec ${info.sshCommand}\n` };
    }
    case 'ps1':
      return { fileName: `${name}.ps1`, mimeType: 'text/plain', content: `# Connects to ${name} (${record.instanceId}) with Windows OpenSSH.\n& ${info.sshCommand}\n` };
    case 'ssh-config':
      return {
        fileName: `${name}.ssh-config`,
        mimeType: 'text/plain',
        content: `Host ${name}\n  HostName ${info.host}\n  Port ${info.port}\n  User ${info.user}\n${info.keyPath ? `  IdentityFile ${info.keyPath}\n` : ''}  UserKnownHostsFile ${info.knownHostsPath}\n  StrictHostKeyChecking yes\n`,
      };
    case 'known-hosts':
      return {
        fileName: `${name}.known_hosts`,
        mimeType: 'text/plain',
        content: info.hostKeys!.keys.map((k) => `${info.port === 22 ? info.host : `[${info.host}]:${info.port}`} ${k.type} ${k.key}\n`).join(''),
      };
    case 'rdp':
      return { fileName: `${name}.rdp`, mimeType: 'application/x-rdp', content: `full address:s:${info.host}:${info.port}\r\nusername:s:Administrator\r\nprompt for credentials:i:1\r\n` };
  }
}

/**
 * connect.* as the backend answers them; a terminal session behaves like a login shell: a banner and a prompt
 * after open, input echoed, `exit` ends it with a connect.closed event.
 */
function connectHandlers(data: FakeData, emit: Emit): Pick<CommandHandlers, ConnectCommand> {
  const sessions = new Map<string, { line: string; prompt: string }>();
  let nextSession = 1;
  const findLaunch = (launchId: string) => data.launches.find((r) => r.id === launchId);
  const launchNotFound = (launchId: string) => notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');
  const sessionGone = () => notFound('SessionClosed', 'This terminal session has ended.', 'Reconnect to open a new one.');
  const noHostKeys = (record: LaunchRecord) =>
    notFound(
      'NoHostKeys',
      `Kiln knows no verified SSH host key of ${record.spec.name}, so it does not connect.`,
      'The console output lists the host keys a few minutes after boot: refresh the Connect tab then.',
    );
  const noAddress = (record: LaunchRecord) =>
    notFound('NoPublicAddress', `${record.spec.name} has no address your workstation can reach.`, 'Attach an Elastic IP, or use Session Manager when the instance is a managed node.');
  const later = (send: () => void) => void setTimeout(send, 0);
  const echo = (sessionId: string, data: string) => {
    const session = sessions.get(sessionId)!;
    let out = '';
    for (const char of data) {
      if (char !== '\r') {
        session.line += char;
        out += char;
        continue;
      }
      const line = session.line.trim();
      session.line = '';
      if (line === 'exit') {
        sessions.delete(sessionId);
        later(() => {
          emit('connect.output', { sessionId, data: `${out}\r\nlogout\r\n` });
          emit('connect.closed', { sessionId });
        });
        return;
      }
      out += `\r\n${session.prompt}`;
    }
    later(() => emit('connect.output', { sessionId, data: out }));
  };

  return {
    'connect.info': async ({ launchId }) => {
      const record = findLaunch(launchId);
      return record ? ok(connectInfoOf(data, record)) : launchNotFound(launchId);
    },
    'connect.setOptions': async ({ launchId, user, keyPath }) =>
      changeLaunch(data, launchId, (r) => {
        const options = { ...r.connect };
        if (user !== undefined) options.user = user ?? undefined;
        if (keyPath !== undefined) options.keyPath = keyPath ?? undefined;
        return { ...r, connect: options.user || options.keyPath ? options : undefined };
      }),
    'connect.file': async ({ launchId, kind }) => {
      const record = findLaunch(launchId);
      if (!record) return launchNotFound(launchId);
      const info = connectInfoOf(data, record);
      if (kind !== 'rdp' && !info.hostKeys) return noHostKeys(record);
      if (!info.host) return noAddress(record);
      return ok(connectFileOf(info, record, kind));
    },
    'connect.updateLoginRule': async ({ launchId }) => changeLaunch(data, launchId, (r) => ({ ...r, operatorCidr: data.operatorCidr ?? '203.0.113.9/32' })),
    'connect.session.open': async ({ launchId }) => {
      const record = findLaunch(launchId);
      if (!record) return launchNotFound(launchId);
      const info = connectInfoOf(data, record);
      if (info.platform !== 'linux') return fail({ code: 'NotLinux', message: 'The terminal in Kiln is for Linux instances.', remedy: 'Use the RDP file and the Administrator password.' });
      if (record.instanceState !== 'running') {
        return fail({ code: 'InstanceNotRunning', message: `The instance is ${record.instanceState ?? 'not running'}.`, remedy: 'Start it, then connect.' });
      }
      if (!info.hostKeys) return noHostKeys(record);
      if (!info.host) return noAddress(record);
      const session: TerminalSession = { sessionId: `session-${nextSession++}`, launchId, keySource: info.keySource, hostKeySource: info.hostKeys.source, user: info.user, host: info.host };
      const prompt = `[${info.user}@${record.spec.name} ~]$ `;
      sessions.set(session.sessionId, { line: '', prompt });
      later(() => emit('connect.output', { sessionId: session.sessionId, data: `Last login: Wed Jan 15 10:05:00 2025\r\n${prompt}` }));
      return ok(session);
    },
    'connect.session.write': async ({ sessionId, data: input }) => {
      if (!sessions.has(sessionId)) return sessionGone();
      echo(sessionId, input);
      return ok({});
    },
    'connect.session.resize': async ({ sessionId }) => (sessions.has(sessionId) ? ok({}) : sessionGone()),
    'connect.session.close': async ({ sessionId }) => {
      sessions.delete(sessionId);
      return ok({});
    },
    'connect.windowsPassword': async ({ launchId, passphrase }) => {
      const record = findLaunch(launchId);
      if (!record) return launchNotFound(launchId);
      const info = connectInfoOf(data, record);
      if (info.platform !== 'windows') return fail({ code: 'NotWindows', message: 'Only Windows instances have an Administrator password from EC2.', remedy: 'Use SSH to connect.' });
      if (Date.now() < passwordReadyAt(data, record)) return ok({ status: 'not-ready', launchedAt: record.createdAt });
      if (!info.keyPath) {
        return fail({ code: 'NoKeyFile', message: "Kiln needs the private key of the instance's key pair to decrypt the password.", remedy: 'Set the key file on the Connect tab.' });
      }
      if (data.keyPassphrase && passphrase === undefined) {
        return fail({ code: 'PassphraseRequired', message: `The key file ${info.keyPath} is protected by a passphrase.`, remedy: 'Type its passphrase.' });
      }
      if (data.keyPassphrase && passphrase !== data.keyPassphrase) {
        return fail({ code: 'WrongPassphrase', message: `That is not the passphrase of ${info.keyPath}.`, remedy: 'Type it again.' });
      }
      return ok({ status: 'ready', user: info.user, password: FAKE_WINDOWS_PASSWORD });
    },
  };
}

type BakeCommand = 'bake.preview' | 'bake.start' | 'images.baked' | 'images.copy' | 'images.deregister';

/** Snapshot storage per GiB-month, as the bundled price list has it for us-east-1. */
const SNAPSHOT_USD_PER_GIB_MONTH = 0.05;

/**
 * bake.* and the Images page's images.* as the backend answers them. A bake moves one step per tick: stopping →
 * creating-image → pending with its snapshots at 0, 40, 80, 100 % → copying (when asked) → available, each step a
 * launch.updated event and, once the image exists, an images.updated event per image.
 */
function bakeHandlers(data: FakeData, emit: Emit): Pick<CommandHandlers, BakeCommand> {
  let nextId = 1;
  // 0fa4e… ids: apart from the 0b4e… ones tests give their fixtures.
  const hexId = (prefix: string) => `${prefix}-0fa4e${(nextId++).toString(16).padStart(12, '0')}`;
  const images = () => (data.bakedImages ??= []);
  const tick = (step: () => boolean) => {
    const ms = data.bakeTickMs === undefined ? 100 : data.bakeTickMs;
    if (ms === null) return;
    const run = () => {
      if (step()) setTimeout(run, ms);
    };
    setTimeout(run, ms);
  };
  const launchNotFound = (launchId: string) => notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');

  function volumesOf(record: LaunchRecord): BakePreview['volumes'] {
    return data.bakeVolumes?.[record.id] ?? [{ volumeId: 'vol-0123456789abcdef0', sizeGiB: 8, device: '/dev/xvda' }];
  }
  function agentOf(record: LaunchRecord): { reachable: boolean; note: string } {
    if (record.instanceState !== 'running') return { reachable: false, note: 'The instance is stopped, so its agent cannot seal it.' };
    if (!record.outcome) return { reachable: false, note: 'The install has not ended; the agent seals only a finished install.' };
    const sealedBy = record.bakes?.find((bake) => bake.seal?.sealed);
    if (sealedBy) return { reachable: false, note: `The instance was sealed for "${sealedBy.request.name}": its agent removed itself then.` };
    return { reachable: true, note: 'Kiln opens the agent port to your address for the seal, and closes it again.' };
  }
  /** The refusals bake.preview and bake.start share. */
  function refusalOf(record: LaunchRecord | undefined, request: BakeRequest): Result<never> | undefined {
    if (!record) return launchNotFound(request.launchId);
    if (!record.instanceId || record.phase === 'terminating' || record.phase === 'terminated') {
      return fail({ code: 'NoInstance', message: `${record.spec.name} has no instance to image.`, remedy: 'Launch again, then save it as an AMI.' });
    }
    if (record.instanceState !== 'running' && record.instanceState !== 'stopped') {
      return fail({ code: 'InstanceNotImageable', message: `The instance is ${record.instanceState}; EC2 images running or stopped instances.`, remedy: 'Wait until it is running or stopped.' });
    }
    if (request.copyToRegions.includes(record.spec.region)) {
      return fail({ code: 'CopyToSameRegion', message: `The image is made in ${record.spec.region} already.`, remedy: 'Pick other regions to copy it to.', field: 'copyToRegions' });
    }
    if (images().some((i) => i.name === request.name && i.region === record.spec.region)) {
      return fail({ code: 'InvalidAMIName.Duplicate', message: `An AMI named "${request.name}" already exists in ${record.spec.region}.`, remedy: 'Choose another name.', field: 'name' });
    }
    return undefined;
  }

  function kilnImageOf(record: LaunchRecord, bake: Bake, image: BakedImage): KilnImage {
    const sizeGiB = bake.volumeSizeGiB;
    const snapshots = image.snapshots;
    return {
      imageId: image.imageId,
      region: image.region,
      name: bake.request.name,
      description: bake.request.description,
      state: image.state,
      stateReason: image.stateReason,
      progress: image.state === 'pending' && snapshots.length > 0 ? Math.round(snapshots.reduce((sum, x) => sum + x.progress, 0) / snapshots.length) : null,
      sizeGiB,
      createdAt: image.createdAt,
      sourceImageId: image.copiedFrom ?? record.spec.imageId,
      launchId: record.id,
      sealed: bake.seal?.sealed ?? null,
      snapshotIds: snapshots.map((x) => x.snapshotId),
      usdPerMonth: sizeGiB === null ? null : sizeGiB * SNAPSHOT_USD_PER_GIB_MONTH,
      platform: 'linux',
    };
  }
  function newImage(region: string, record: LaunchRecord, at: string, copiedFrom?: string): BakedImage {
    const snapshots = volumesOf(record).map((v) => ({ snapshotId: hexId('snap'), volumeSizeGiB: v.sizeGiB, progress: 0, state: 'pending' }));
    return { imageId: hexId('ami'), region, state: 'pending', snapshots, createdAt: at, ...(copiedFrom ? { copiedFrom } : {}) };
  }
  const progressed = (image: BakedImage, at: string): BakedImage => {
    if (image.state === 'available') return image;
    const snapshots = image.snapshots.map((x) => ({ ...x, progress: Math.min(100, x.progress + 40), state: x.progress + 40 >= 100 ? 'completed' : 'pending' }));
    return snapshots.every((x) => x.progress === 100) ? { ...image, snapshots, state: 'available', availableAt: at } : { ...image, snapshots };
  };

  /** One step of a bake; undefined once it is over. */
  function nextBakeStep(record: LaunchRecord, bake: Bake, at: string): Bake | undefined {
    const moved = (phase: Bake['phase']): Bake => ({ ...bake, phase, timeline: [...bake.timeline, { phase, at }] });
    switch (bake.phase) {
      case 'sealing':
        return moved(bake.request.mode === 'stop' && record.instanceState === 'running' ? 'stopping' : 'creating-image');
      case 'stopping':
        return moved('creating-image');
      case 'creating-image':
        return { ...moved('pending'), images: [newImage(record.spec.region, record, at)] };
      case 'pending':
      case 'copying': {
        if (bake.images.some((i) => i.state !== 'available')) return { ...bake, images: bake.images.map((i) => progressed(i, at)) };
        const source = bake.images[0]!;
        const copies = bake.request.copyToRegions.filter((region) => !bake.images.some((i) => i.region === region));
        if (copies.length > 0) return { ...moved('copying'), images: [...bake.images, ...copies.map((region) => newImage(region, record, at, source.imageId))] };
        return moved('available');
      }
      default:
        return undefined;
    }
  }

  function stepBake(launchId: string, bakeId: string): boolean {
    const record = data.launches.find((r) => r.id === launchId);
    const bake = record?.bakes?.find((b) => b.id === bakeId);
    const next = record && bake && nextBakeStep(record, bake, new Date().toISOString());
    if (!record || !next) return false;
    const updated = { ...record, bakes: record.bakes!.map((b) => (b.id === bakeId ? next : b)) };
    data.launches = data.launches.map((r) => (r.id === launchId ? updated : r));
    emit('launch.updated', updated);
    for (const image of next.images) {
      const listed = kilnImageOf(updated, next, image);
      data.bakedImages = [listed, ...images().filter((i) => i.imageId !== image.imageId)];
      emit('images.updated', listed);
    }
    return next.phase !== 'available';
  }

  return {
    'bake.preview': async ({ request }) => {
      const record = data.launches.find((r) => r.id === request.launchId);
      const refusal = refusalOf(record, request);
      if (refusal || !record) return refusal ?? launchNotFound(request.launchId);
      const volumes = volumesOf(record);
      const sizeGiB = volumes.reduce((sum, v) => sum + v.sizeGiB, 0);
      const regions = [record.spec.region, ...request.copyToRegions];
      const agent = agentOf(record);
      const perMonth = sizeGiB * SNAPSHOT_USD_PER_GIB_MONTH;
      return ok({
        volumes,
        usdPerMonth: perMonth,
        usdPerMonthAllRegions: perMonth * regions.length,
        priceNote: `EBS snapshot storage at $${SNAPSHOT_USD_PER_GIB_MONTH} per GiB-month (bundled price list); incremental snapshots may cost less.`,
        instanceState: record.instanceState ?? 'unknown',
        agentReachable: agent.reachable,
        agentNote: agent.note,
        willCreate: regions.map((region) => `AMI "${request.name}" in ${region}, with ${volumes.length} EBS snapshot${volumes.length === 1 ? '' : 's'} (${sizeGiB} GiB)`),
        estimatedMinutes: Math.max(3, Math.round(2 + sizeGiB * 0.5)),
      });
    },
    'bake.start': async ({ request }) => {
      const record = data.launches.find((r) => r.id === request.launchId);
      const refusal = refusalOf(record, request);
      if (refusal || !record) return refusal ?? launchNotFound(request.launchId);
      const agent = agentOf(record);
      const why = agent.reachable ? data.sealFailure : agent.note;
      if (why !== undefined && !request.allowUnsealed) {
        return fail({
          code: 'SealFailed',
          message: `Kiln could not seal the instance before imaging it: ${why}`,
          remedy: "Fix what the message names, or confirm imaging it unsealed: the image then keeps the agent's token hash, TLS key, journal and the install script, and is tagged kiln:sealed=false.",
        });
      }
      const at = new Date().toISOString();
      const phase = request.mode === 'stop' && record.instanceState === 'running' ? 'stopping' : 'creating-image';
      const bake: Bake = {
        id: `bake-${nextId++}`,
        request,
        phase,
        startedAt: at,
        timeline: [{ phase, at }],
        seal:
          why === undefined
            ? { sealed: true, removed: ['/opt/kiln/agent.json', '/opt/kiln/journal', '/opt/kiln/install.sh'], kept: request.keepAgent ? ['/opt/kiln/agent.js'] : [], actions: [{ command: 'cloud-init clean --logs --seed', ok: true }] }
            : { sealed: false, removed: [], kept: [], actions: [], reason: why },
        restartInstance: phase === 'stopping',
        volumeSizeGiB: volumesOf(record).reduce((sum, v) => sum + v.sizeGiB, 0),
        images: [],
      };
      const updated: LaunchRecord = { ...record, bakes: [...(record.bakes ?? []), bake] };
      data.launches = data.launches.map((r) => (r.id === record.id ? updated : r));
      emit('launch.updated', updated);
      tick(() => stepBake(record.id, bake.id));
      return ok(updated);
    },
    'images.baked': async () => ok(images()),
    'images.copy': async ({ region, imageId, targetRegion }) => {
      const source = images().find((i) => i.imageId === imageId && i.region === region);
      if (!source) return notFound('InvalidAMIID.NotFound', `${imageId} does not exist in ${region}.`, 'Refresh the list.');
      if (targetRegion === region) return fail({ code: 'CopyToSameRegion', message: `${imageId} is in ${region} already.`, remedy: 'Pick another region.', field: 'targetRegion' });
      if (source.state !== 'available') return fail({ code: 'ImageNotAvailable', message: `${imageId} is ${source.state}; only available images can be copied.`, remedy: 'Wait until it is available.' });
      let copy: KilnImage = { ...source, imageId: hexId('ami'), region: targetRegion, state: 'pending', progress: 0, createdAt: new Date().toISOString(), sourceImageId: source.imageId, snapshotIds: source.snapshotIds.map(() => hexId('snap')) };
      data.bakedImages = [copy, ...images()];
      tick(() => {
        const progress = Math.min(100, (copy.progress ?? 0) + 40);
        copy = progress === 100 ? { ...copy, state: 'available', progress: null } : { ...copy, progress };
        data.bakedImages = images().map((i) => (i.imageId === copy.imageId ? copy : i));
        emit('images.updated', copy);
        return copy.state === 'pending';
      });
      return ok(copy);
    },
    'images.deregister': async ({ region, imageId }) => {
      const image = images().find((i) => i.imageId === imageId && i.region === region);
      if (!image) return notFound('InvalidAMIID.NotFound', `${imageId} does not exist in ${region}.`, 'Refresh the list.');
      data.bakedImages = images().filter((i) => i !== image);
      const kept = data.keptSnapshots?.[imageId] ?? [];
      return ok({ imageId, deletedSnapshotIds: image.snapshotIds.filter((id) => !kept.some((k) => k.snapshotId === id)), keptSnapshots: kept });
    },
  };
}

function cannedHandlers(data: FakeData, emit: Emit): CommandHandlers {
  let nextLaunch = data.launches.length + 1;
  const defaultVpc = () => data.vpcs?.find((v) => v.isDefault)?.vpcId ?? data.subnets?.[0]?.vpcId;
  function startFakeLaunch(spec: LaunchRecord['spec']): LaunchRecord {
    const at = new Date().toISOString();
    const record = launchRecord({
      id: `launch-${nextLaunch++}`,
      spec,
      createdAt: at,
      phase: 'requested',
      timeline: [{ phase: 'requested', at }],
      instanceId: undefined,
      instanceState: undefined,
      securityGroupId: undefined,
    });
    data.launches.push(record);
    return record;
  }
  return {
    'profiles.list': async () => ok(data.profiles),
    'profiles.identity': async ({ profileId }) => ok(data.identities?.[profileId] ?? FAKE_IDENTITY),
    'profiles.signIn': async ({ profileId }) => ok(data.identities?.[profileId] ?? FAKE_IDENTITY),
    'profiles.ssoLogin.start': async () =>
      ok({
        loginId: 'login-1',
        userCode: 'ABCD-EFGH',
        verificationUri: 'https://device.sso.us-east-1.amazonaws.com/',
        verificationUriComplete: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
        intervalSeconds: 1,
      }),
    'profiles.ssoLogin.poll': async () => ok({ status: 'approved', intervalSeconds: 1 }),
    'profiles.ssoLogin.cancel': async () => ok({}),
    'preferences.get': async () => ok({ regionByProfile: { ...data.regionByProfile } }),
    'preferences.set': async ({ lastRegion }) => {
      if (lastRegion) data.regionByProfile = { ...data.regionByProfile, [lastRegion.profileId]: lastRegion.region };
      return ok({ regionByProfile: { ...data.regionByProfile } });
    },
    'regions.list': async ({ profileId }) =>
      data.profiles.some((p) => p.id === profileId)
        ? ok(data.regions)
        : notFound('ProfileNotFound', `There is no profile "${profileId}".`, 'Choose another profile.', 'profileId'),
    'images.quickStart': async () => ok(data.quickStart),
    'images.describe': async ({ imageId, region }) => {
      const baked = data.bakedImages?.find((i) => i.imageId === imageId && i.region === region);
      const image: ImageSummary | undefined =
        data.images.find((i) => i.imageId === imageId) ??
        (baked && { imageId, name: baked.name, architecture: baked.architecture ?? 'x86_64', platform: baked.platform, rootVolumeSizeGiB: baked.sizeGiB ?? undefined, kilnBaked: true });
      return image
        ? ok(image)
        : notFound(
            'InvalidAMIID.NotFound',
            `The AMI ${imageId} does not exist in ${region}.`,
            'Check the AMI id and that it is shared with this account in this region.',
            'imageId',
          );
    },
    'instanceTypes.list': async ({ architecture }) =>
      ok(data.instanceTypes.filter((t) => t.architectures.includes(architecture))),
    'images.quickStartTiles': async () => ok(data.quickStartTiles ?? data.quickStart.map(tileOf)),
    'images.list': async ({ scope }) => ok({ images: data.ownImages.filter((i) => scope === 'self' || i.kilnBaked) }),
    'images.search': async ({ text }) => {
      const query = text.trim();
      const found = /^ami-/.test(query)
        ? data.images.filter((i) => i.imageId === query)
        : data.images.filter((i) => i.name.includes(query));
      return ok({ images: found });
    },
    'instanceTypes.prices': async () => ok(data.prices),
    'launch.preview': async ({ spec }) => {
      const scriptBytes = new TextEncoder().encode(spec.installScript).length;
      const inlineBytes = data.bootstrapBytes + scriptBytes;
      // The real decision (pure), so the wizard sees inline, artifact and refused as the backend answers them.
      const delivery = chooseScriptDelivery({ inlineBytes, limitBytes: USER_DATA_LIMIT_BYTES, scriptBytes, canUpload: !data.artifactMirror });
      const userDataBytes = delivery.mode === 'artifact' ? data.bootstrapBytes + 200 : inlineBytes;
      const body = delivery.mode === 'artifact' ? "INSTALL_SCRIPT_URL='<presigned URL of the install script>'" : spec.installScript;
      const userDataText = `#!/bin/bash\n# kiln bootstrap\n<redacted: TLS private key>\n${body}`;
      return ok({ userDataBytes, limitBytes: USER_DATA_LIMIT_BYTES, userDataText, delivery });
    },
    'launch.estimate': async ({ spec }) => {
      const platform = data.images.find((i) => i.imageId === spec.imageId)?.platform ?? 'linux';
      const { instancePrice: price, instancePriceNote } = platformInstancePrice(platform, data.prices.prices[spec.instanceType] ?? null);
      const count = spec.advanced?.count ?? 1;
      const volumePerDay = 0.02;
      const perDay = price && (price.usdPerHour * 24 + volumePerDay) * count;
      return ok({
        count,
        instancePrice: price,
        instancePriceNote,
        rootVolume: { sizeGiB: spec.storage?.rootVolumeSizeGiB ?? 8, volumeType: spec.storage?.volumeType ?? 'gp3', usdPerDay: volumePerDay },
        usdPerHour: perDay === null ? null : perDay / 24,
        usdPerDay: perDay,
      });
    },
    'launch.start': async ({ spec }) => ok(startFakeLaunch(spec)),
    'launch.startBatch': async ({ spec }) => {
      const count = spec.advanced?.count ?? 1;
      if (count === 1) return ok({ launched: [startFakeLaunch(spec)] });
      const launched = Array.from({ length: count }, (_, i) =>
        startFakeLaunch({ ...spec, name: `${spec.name}-${i + 1}`, advanced: { ...spec.advanced!, count: 1 } }),
      );
      return ok({ launched });
    },
    'launch.list': async () => ok(data.launches),
    'launch.log': async ({ launchId, after }) => ok((data.logs[launchId] ?? []).filter((l) => l.seq > after)),
    'launch.terminate': async ({ launchId, confirmName }) => {
      const index = data.launches.findIndex((r) => r.id === launchId);
      const record = data.launches[index];
      if (!record) return notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');
      if (record.spec.advanced?.terminationProtection && confirmName !== record.spec.name) {
        return fail({ code: 'TerminationProtected', message: `${record.spec.name} has termination protection.`, remedy: 'Type the instance name to confirm.', field: 'confirmName' });
      }
      const at = new Date().toISOString();
      const terminating: LaunchRecord = {
        ...record,
        phase: 'terminating',
        timeline: [...record.timeline, { phase: 'terminating', at }],
      };
      data.launches[index] = terminating;
      return ok(terminating);
    },
    'launch.terminationProtection': async ({ launchId }) =>
      ok({ protected: Boolean(data.launches.find((r) => r.id === launchId)?.spec.advanced?.terminationProtection) }),
    'launch.openWebAccess': async ({ launchId }) =>
      changeLaunch(data, launchId, (r) => ({ ...r, webAccess: { cidr: data.operatorCidr ?? '203.0.113.9/32', openedAt: new Date().toISOString() } })),
    'launch.importFromAws': async () => ok([]),
    'launch.diagnose': async () => ok({ checkedAt: new Date().toISOString(), checks: [] }),
    'launch.updateAgentRule': async ({ launchId }) => changeLaunch(data, launchId, (r) => ({ ...r, operatorCidr: '203.0.113.9/32' })),
    'launch.keepForSalvage': async ({ launchId, hours }) =>
      changeLaunch(data, launchId, (r) => ({ ...r, terminateAt: new Date(Date.now() + hours * 3_600_000).toISOString() })),
    'launch.cancelAutoTerminate': async ({ launchId }) => changeLaunch(data, launchId, (r) => ({ ...r, terminateAt: undefined })),
    'launch.retryCleanup': async ({ launchId }) => changeLaunch(data, launchId, (r) => ({ ...r, securityGroupDeleted: true, error: undefined })),
    'keyPairs.list': async () => ok(data.keyPairs ?? []),
    'network.vpcs': async () => ok(data.vpcs ?? []),
    'network.subnets': async ({ vpcId }) => ok((data.subnets ?? []).filter((x) => x.vpcId === (vpcId || defaultVpc()))),
    'network.securityGroups': async ({ vpcId }) => ok((data.securityGroups ?? []).filter((g) => g.vpcId === (vpcId || defaultVpc()))),
    'network.operatorAddress': async () => ok({ cidr: data.operatorCidr ?? '203.0.113.9/32' }),
    'wizard.defaults.get': async ({ profileId }) => ok(data.wizardDefaults?.[profileId] ?? null),
    'wizard.defaults.save': async ({ profileId, spec }) => {
      const saved = toSavedSpec(spec, (name) => (data.keyPairs ?? []).some((k) => k.name === name));
      data.wizardDefaults = { ...data.wizardDefaults, [profileId]: saved };
      return ok(saved);
    },
    'presets.list': async () => ok([...(data.presets ?? [])].sort((a, b) => a.name.localeCompare(b.name))),
    'presets.save': async ({ name, spec, replace }) => {
      const presets = data.presets ?? [];
      const same = (p: Preset) => p.name.toLowerCase() === name.toLowerCase();
      if (!replace && presets.some(same)) {
        return fail({ code: 'PresetExists', message: `A preset named "${name}" already exists.`, remedy: 'Choose another name.', field: 'name' });
      }
      const preset: Preset = {
        name,
        spec: toSavedSpec(spec, (keyName) => (data.keyPairs ?? []).some((k) => k.name === keyName)),
        savedAt: new Date().toISOString(),
      };
      data.presets = [...presets.filter((p) => !same(p)), preset];
      return ok(preset);
    },
    'storage.problems': async () => ok(data.storageProblems ?? []),
    'app.notices': async () => ok(data.notices ?? []),
    'presets.delete': async ({ name }) => {
      const before = data.presets?.length ?? 0;
      data.presets = (data.presets ?? []).filter((p) => p.name.toLowerCase() !== name.toLowerCase());
      return ok({ deleted: data.presets.length < before });
    },
    'orphans.list': async () => ok(data.orphans),
    'orphans.clean': async ({ items }) => {
      data.orphans = data.orphans.filter((o) => !items.some((i) => i.kind === o.kind && i.id === o.id && i.region === o.region));
      return ok(items.map((item) => ({ ...item, ok: true })));
    },
    ...connectHandlers(data, emit),
    ...bakeHandlers(data, emit),
  };
}

export function createFakeKilnApi(overrides: Partial<FakeData> = {}): FakeKilnApi {
  const data: FakeData = { ...defaultFakeData(), ...overrides };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const handlers = cannedHandlers(data, emit) as Record<CommandName, (input: unknown) => Promise<Result<unknown>>>;
  const calls: FakeKilnApi['calls'] = [];
  const onBug = (error: unknown) => {
    throw error;
  };

  const fake = {
    data,
    calls,
    callsOf: (name: CommandName) => calls.filter((c) => c.name === name).map((c) => c.input),
    respond: (name: CommandName, handler: (input: unknown) => unknown) => {
      handlers[name] = async (input) => (await handler(input)) as Result<unknown>;
    },
    emit,
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
    on: (event: EventName, listener: (payload: unknown) => void) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  } as Record<string, unknown>;
  for (const name of commandNames) {
    fake[name] = (input: unknown) => {
      calls.push({ name, input });
      return dispatchCommand(handlers as unknown as CommandHandlers, name, input, onBug);
    };
  }
  return fake as unknown as FakeKilnApi;
}

/** A promise a test resolves by hand, to hold a command in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
