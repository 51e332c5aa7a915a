/**
 * The app contract: every command the UI can send to the backend and every event the backend pushes.
 * Both transports (Electron IPC and web mode), the preload and the renderer facade are derived from this file;
 * adding a command means adding one entry here and one handler in the backend.
 */
import { z } from 'zod';
import {
  CallerIdentity,
  ImagePage,
  ImageSummary,
  InstancePriceList,
  InstanceTypeSummary,
  Diagnosis,
  KeyPairSummary,
  SubnetSummary,
  SecurityGroupSummary,
  VpcSummary,
  HostedZoneSummary,
  LaunchEstimate,
  LaunchRecord,
  LaunchSpec,
  LogLine,
  Orphan,
  OrphanCleanupResult,
  OrphanRef,
  Preferences,
  Profile,
  QuickStartTile,
  Region,
  SsoLoginStart,
  SsoLoginStatus,
  ScriptDelivery,
  ConnectFile,
  ConnectFileKind,
  ConnectInfo,
  LoginUser,
  TerminalClosedEvent,
  TerminalOutputEvent,
  TerminalSession,
  WindowsPassword,
  BakePreview,
  BakeRequest,
  ImageRef,
  KilnImage,
  StorageProblem,
  AppNotice,
  LaunchAlarms,
  RecoveryAlarmsUpdate,
  FleetCapacity,
  FleetPlan,
  FleetRecord,
  FleetSpec,
  FleetStatus,
  DlmRoleStatus,
  SnapshotSchedule,
  SnapshotSchedulePreview,
  LaunchSnapshot,
  RestorePreview,
  RestoreRequest,
  RestoreResult,
  LaunchProbes,
  ProbeHistory,
  ProbeList,
  ProbesUpdate,
  Inventory,
  InventoryExport,
  InventoryFormat,
} from './models';
import { KilnError, resultSchema, type Result } from './result';
import { Preset, PresetName, SavedSpec } from './saved-spec';

const ProfileRegion = z.object({ profileId: z.string().min(1), region: z.string().min(1) });
const LaunchRef = z.object({ launchId: z.string().min(1) });
const TerminalSize = z.object({ cols: z.number().int().min(2).max(1_000), rows: z.number().int().min(1).max(1_000) });

/** The most lines one `launch.logPage` answer holds. */
export const LOG_PAGE_MAX_LINES = 50_000;

export const commands = {
  'profiles.list': { input: z.object({}), output: z.array(Profile) },
  // Profiles and preferences: identity, MFA and IAM Identity Center sign-in, the remembered region.
  /** Whose credentials the profile has (STS GetCallerIdentity), and when they expire. */
  'profiles.identity': { input: z.object({ profileId: z.string().min(1) }), output: CallerIdentity },
  /** Assumes the role of an `mfa_serial` profile with the operator's code; the session stays in memory. */
  'profiles.signIn': {
    input: z.object({
      profileId: z.string().min(1),
      mfaCode: z
        .string()
        .trim()
        .regex(/^\d{6}$/, 'Type the 6-digit code the MFA device shows.'),
    }),
    output: CallerIdentity,
  },
  /** Starts the IAM Identity Center device sign-in: the code and the page the operator confirms it on. */
  'profiles.ssoLogin.start': { input: z.object({ profileId: z.string().min(1) }), output: SsoLoginStart },
  /** Asks once whether the sign-in was approved; on approval the token is in the shared SSO cache. */
  'profiles.ssoLogin.poll': { input: z.object({ loginId: z.string().min(1) }), output: SsoLoginStatus },
  'profiles.ssoLogin.cancel': { input: z.object({ loginId: z.string().min(1) }), output: z.object({}) },
  'preferences.get': { input: z.object({}), output: Preferences },
  'preferences.set': {
    input: z.object({ lastRegion: z.object({ profileId: z.string().min(1), region: z.string().min(1) }).optional() }),
    output: Preferences,
  },
  'regions.list': { input: z.object({ profileId: z.string().min(1) }), output: z.array(Region) },
  'images.quickStart': { input: ProfileRegion, output: z.array(ImageSummary) },
  'images.describe': { input: ProfileRegion.extend({ imageId: z.string().min(1) }), output: ImageSummary },
  'instanceTypes.list': {
    input: ProfileRegion.extend({ architecture: z.string().min(1) }),
    output: z.array(InstanceTypeSummary),
  },
  /** Every quick-start tile, resolved from SSM public parameters; unavailable ones carry the reason. */
  'images.quickStartTiles': { input: ProfileRegion, output: z.array(QuickStartTile) },
  /** The account's own AMIs (`self`) or those Kiln baked (`kiln-baked`), one page at a time. */
  'images.list': {
    input: ProfileRegion.extend({ scope: z.enum(['self', 'kiln-baked']), nextToken: z.string().optional() }),
    output: ImagePage,
  },
  /** Finds AMIs by id, or by a name fragment among Amazon's and the account's images, one page at a time. */
  'images.search': {
    input: ProfileRegion.extend({
      text: z.string().trim().min(2, 'Type at least 2 characters of an AMI name, or an AMI id.').max(128),
      nextToken: z.string().optional(),
    }),
    output: ImagePage,
  },
  /** On-demand Linux prices per hour of the region's instance types (Pricing API, else the bundled snapshot). */
  'instanceTypes.prices': { input: ProfileRegion, output: InstancePriceList },
  /** Key pairs in the region, for the wizard's "existing key pair" choice and the name-taken check. */
  'keyPairs.list': { input: ProfileRegion, output: z.array(KeyPairSummary) },
  /** VPCs of the region, the default VPC first. */
  'network.vpcs': { input: ProfileRegion, output: z.array(VpcSummary) },
  /** Subnets of a VPC (empty id: the default VPC), with their zone and whether they map a public IP. */
  'network.subnets': { input: ProfileRegion.extend({ vpcId: z.string().default('') }), output: z.array(SubnetSummary) },
  /** Security groups of a VPC (empty id: the default VPC) with their inbound rules, for "existing groups". */
  'network.securityGroups': {
    input: ProfileRegion.extend({ vpcId: z.string().default('') }),
    output: z.array(SecurityGroupSummary),
  },
  /** The account's Route 53 hosted zones, every page (Route 53 is global: no region), for the DNS name pickers. */
  'network.hostedZones': {
    input: z.object({ profileId: z.string().min(1) }),
    output: z.array(HostedZoneSummary),
  },
  /** The operator's public address as Kiln sees it (the "My IP" source of the security group). */
  'network.operatorAddress': {
    input: z.object({ profileId: z.string().min(1) }),
    output: z.object({ cidr: z.string() }),
  },
  /** The rendered user data's size and its text, every secret replaced by a `<redacted: …>` placeholder. */
  'launch.preview': {
    input: z.object({ spec: LaunchSpec }),
    output: z.object({
      userDataBytes: z.number().int(),
      limitBytes: z.number().int(),
      userDataText: z.string(),
      delivery: ScriptDelivery,
    }),
  },
  /** What the launch costs per hour and per day: the instances and their root volumes. */
  'launch.estimate': { input: z.object({ spec: LaunchSpec }), output: LaunchEstimate },
  /** Launches one instance (a spec with a count above 1 is refused: use launch.startBatch). */
  'launch.start': { input: z.object({ spec: LaunchSpec }), output: LaunchRecord },
  /**
   * Launches `advanced.count` instances named "name-1".."name-N", one after another. Stops at the first failure:
   * when nothing was launched that failure is the result; otherwise `failed` says which launch stopped the batch.
   */
  'launch.startBatch': {
    input: z.object({ spec: LaunchSpec }),
    output: z.object({
      launched: z.array(LaunchRecord),
      failed: z.object({ name: z.string(), error: KilnError }).optional(),
    }),
  },
  'launch.list': { input: z.object({}), output: z.array(LaunchRecord) },
  'launch.log': {
    input: z.object({ launchId: z.string().min(1), after: z.number().int().min(0).default(0) }),
    output: z.array(LogLine),
  },
  /**
   * At most `limit` lines after `after`, and the newest line's seq (0 for an empty log): a long log read in pages
   * the renderer parses without blocking, starting from wherever it wants to (e.g. the last lines it keeps).
   */
  'launch.logPage': {
    input: z.object({
      launchId: z.string().min(1),
      after: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(LOG_PAGE_MAX_LINES),
    }),
    output: z.object({ lines: z.array(LogLine), lastSeq: z.number().int().min(0) }),
  },
  /** `confirmName` is the instance name the operator typed; required when the instance has termination protection. */
  'launch.terminate': {
    input: z.object({ launchId: z.string().min(1), confirmName: z.string().max(255).optional() }),
    output: LaunchRecord,
  },
  /** Whether Terminate must ask for the typed instance name (termination protection on the instance or in the spec). */
  'launch.terminationProtection': {
    input: z.object({ launchId: z.string().min(1) }),
    output: z.object({ protected: z.boolean() }),
  },
  /** Opens tcp 80 and 443 to the operator's current address in the launch's own security group. */
  'launch.openWebAccess': { input: z.object({ launchId: z.string().min(1) }), output: LaunchRecord },
  /** Finds Kiln launches in the profile's regions that this workstation does not know and rebuilds them from tags. */
  'launch.importFromAws': { input: z.object({ profileId: z.string().min(1) }), output: z.array(LaunchRecord) },
  /** Checks why the agent cannot be reached, and fetches the instance's console output. */
  'launch.diagnose': { input: z.object({ launchId: z.string().min(1) }), output: Diagnosis },
  /** Opens the agent port (and SSH) to the operator's current address instead of the old one. */
  'launch.updateAgentRule': { input: z.object({ launchId: z.string().min(1) }), output: LaunchRecord },
  /** Keeps a launch (usually a failed one) for inspection, then terminates it after `hours`. */
  'launch.keepForSalvage': {
    input: z.object({ launchId: z.string().min(1), hours: z.number().int().min(1).max(168) }),
    output: LaunchRecord,
  },
  /** Cancels a pending automatic termination (salvage window or timer). */
  'launch.cancelAutoTerminate': { input: z.object({ launchId: z.string().min(1) }), output: LaunchRecord },
  /** Tries again to delete what a terminated launch left behind (its security group). */
  'launch.retryCleanup': { input: z.object({ launchId: z.string().min(1) }), output: LaunchRecord },
  /**
   * Removes a terminated launch from this workstation: its record and its install log. Refused for a launch whose
   * instance may still run, or whose security group or key pair Kiln has not deleted yet.
   */
  'launch.forget': { input: z.object({ launchId: z.string().min(1) }), output: z.object({ launchId: z.string() }) },
  /** Kiln-tagged resources in the profile's regions that no live launch here owns. */
  'orphans.list': { input: z.object({ profileId: z.string().min(1) }), output: z.array(Orphan) },
  'orphans.clean': {
    input: z.object({ profileId: z.string().min(1), items: z.array(OrphanRef).min(1).max(500) }),
    output: z.array(OrphanCleanupResult),
  },
  /** The profile's wizard defaults (the last spec launched with it, without secrets), or null. */
  'wizard.defaults.get': { input: z.object({ profileId: z.string().min(1) }), output: SavedSpec.nullable() },
  /** Keeps a spec as the profile's wizard defaults (launch.start does this itself after a launch). */
  'wizard.defaults.save': { input: z.object({ profileId: z.string().min(1), spec: LaunchSpec }), output: SavedSpec },
  'presets.list': { input: z.object({}), output: z.array(Preset) },
  /** Saves a named preset; a preset of the same name is replaced only with `replace` (the UI asks first). */
  'presets.save': {
    input: z.object({ name: PresetName, spec: LaunchSpec, replace: z.boolean().default(false) }),
    output: Preset,
  },
  'presets.delete': { input: z.object({ name: z.string().min(1) }), output: z.object({ deleted: z.boolean() }) },
  // Connect: what will let the operator in, terminal sessions, scripts, the Windows password.
  /** The launch's login (host, user, key, pinned host keys), and what will not work and why, before trying. */
  'connect.info': { input: LaunchRef, output: ConnectInfo },
  /** Sets (or with null clears) the login user and the private key file the operator uses for this launch. */
  'connect.setOptions': {
    input: LaunchRef.extend({
      user: LoginUser.nullable().optional(),
      keyPath: z.string().trim().min(1, 'Choose the private key file.').max(4_096).nullable().optional(),
    }),
    output: LaunchRecord,
  },
  /** A file to download: the `.sh` or `.ps1` connect script, an ssh_config block, the pinned known_hosts, an `.rdp` file. */
  'connect.file': { input: LaunchRef.extend({ kind: ConnectFileKind }), output: ConnectFile },
  /** Moves the SSH (or RDP) rule of the launch's group to the operator's current address. */
  'connect.updateLoginRule': { input: LaunchRef, output: LaunchRecord },
  /** Opens an SSH terminal session (the launch's key, else EC2 Instance Connect), accepting only the pinned host keys. */
  'connect.session.open': {
    input: LaunchRef.extend({ cols: TerminalSize.shape.cols, rows: TerminalSize.shape.rows }),
    output: TerminalSession,
  },
  /** Keystrokes and pasted text for a session. */
  'connect.session.write': {
    input: z.object({ sessionId: z.string().min(1), data: z.string().max(1_048_576) }),
    output: z.object({}),
  },
  'connect.session.resize': { input: TerminalSize.extend({ sessionId: z.string().min(1) }), output: z.object({}) },
  'connect.session.close': { input: z.object({ sessionId: z.string().min(1) }), output: z.object({}) },
  /**
   * One look at the Windows Administrator password: `not-ready` until EC2 has it, then decrypted with the launch's
   * private key (the passphrase when the key file has one). Shown to the operator only; never stored or logged.
   */
  'connect.windowsPassword': {
    input: LaunchRef.extend({ passphrase: z.string().max(1_024).optional() }),
    output: WindowsPassword,
  },
  // Bake: Save as AMI (sealed, watched, copied) and the Images page.
  /** What a Save as AMI will create and cost, and whether the agent can seal; a taken or bad name is refused here. */
  'bake.preview': { input: z.object({ request: BakeRequest }), output: BakePreview },
  /** Seals (through the agent), stops, images; progress arrives as launch.updated events. Refusals create nothing. */
  'bake.start': { input: z.object({ request: BakeRequest }), output: LaunchRecord },
  /** Every Kiln-baked image in the profile's regions, with progress while pending. */
  'images.baked': { input: z.object({ profileId: z.string().min(1) }), output: z.array(KilnImage) },
  /** Copies an image to another region (the copy is watched like the original). */
  'images.copy': { input: ImageRef.extend({ targetRegion: z.string().min(1) }), output: KilnImage },
  /** Deregisters an image and deletes its snapshots, so nothing is left to pay for. */
  'images.deregister': {
    input: ImageRef,
    output: z.object({
      imageId: z.string(),
      deletedSnapshotIds: z.array(z.string()),
      keptSnapshots: z.array(z.object({ snapshotId: z.string(), reason: z.string() })),
    }),
  },
  // Health: recovery alarms AWS runs on a launch's instance (recover on a failed system check, reboot on a failed
  // instance check), kept when Kiln is closed.
  /**
   * Creates the launch's recovery alarms and names them on its record. An instance that cannot use `recover`
   * (instance type without automatic recovery, instance-store root) is refused with `RecoverUnsupported` and nothing
   * is created, unless `rebootOnly` asks for the reboot alarm alone.
   */
  'health.alarms.enable': {
    input: LaunchRef.extend({ rebootOnly: z.boolean().default(false) }),
    output: LaunchRecord,
  },
  /** Deletes the launch's recovery alarms (those already gone are fine). */
  'health.alarms.disable': { input: LaunchRef, output: LaunchRecord },
  /** The alarm states of the launches (default: every launch with alarms), read with one DescribeAlarms per region. */
  'health.alarms.list': {
    input: z.object({ launchIds: z.array(z.string().min(1)).max(1_000).optional() }),
    output: z.array(LaunchAlarms),
  },
  // Fleets: many instances of a (Kiln-baked) image on Auto Scaling, behind a load balancer, with a DNS name.
  /** What creating the fleet makes and costs; refuses (creating nothing) what AWS would refuse. */
  'fleets.preview': { input: z.object({ spec: FleetSpec }), output: FleetPlan },
  /** Creates the fleet; a failure halfway removes what was created, newest first, and says so. */
  'fleets.create': {
    input: z.object({
      spec: FleetSpec,
      /** The id `fleets.preview` planned with, so the resources get the names the review showed. */
      fleetId: z
        .string()
        .regex(/^fl-[0-9a-f]{8}$/)
        .optional(),
    }),
    output: FleetRecord,
  },
  'fleets.list': { input: z.object({}), output: z.array(FleetRecord) },
  /**
   * How the fleets stand in AWS (default: all): capacity, instances with their health, recent scaling activities,
   * the scaling alarms, CPU of the last hours, a rollout's progress. One batched read per API and region.
   */
  'fleets.status': {
    input: z.object({ fleetIds: z.array(z.string().min(1)).max(1_000).optional() }),
    output: z.array(FleetStatus),
  },
  'fleets.scale': { input: z.object({ fleetId: z.string().min(1), capacity: FleetCapacity }), output: FleetRecord },
  /** Pauses or resumes the fleet's scaling (its policy's alarms and scheduled actions); health replacement goes on. */
  'fleets.suspendScaling': {
    input: z.object({ fleetId: z.string().min(1), suspended: z.boolean() }),
    output: FleetRecord,
  },
  /** A new image for the fleet: a new launch template version, then an instance refresh (its progress in status). */
  'fleets.rollout': {
    input: z.object({
      fleetId: z.string().min(1),
      imageId: z.string().regex(/^ami-[0-9a-f]{8,17}$/, 'Choose an AMI (ami-…).'),
      minHealthyPercentage: z.number().int().min(0).max(100).default(90),
      /** Launch each replacement before its instance is terminated (all stay in service; up to twice as many run). */
      launchFirst: z.boolean().default(false),
    }),
    output: FleetRecord,
  },
  /** Scales to zero and deletes every resource of the fleet (group, template, load balancer, groups, DNS record). */
  'fleets.delete': { input: z.object({ fleetId: z.string().min(1) }), output: FleetRecord },
  // Snapshots: a schedule on a launch's volumes that Data Lifecycle Manager runs (one policy per launch).
  /**
   * What Set would create for the schedule (default: the launch's current one, else hourly keeping 2), the launch's
   * policy if it has one, and whether DLM's default role exists. A schedule DLM does not allow is refused.
   */
  'snapshots.schedule.preview': {
    input: LaunchRef.extend({ schedule: SnapshotSchedule.optional() }),
    output: SnapshotSchedulePreview,
  },
  /**
   * Creates the launch's DLM policy (or changes it) and names it on the record. Refused with nothing created when
   * the schedule is not one DLM allows, the launch has no instance or volumes, or the role is missing (`DlmRoleMissing`).
   */
  'snapshots.schedule.set': {
    input: LaunchRef.extend({ schedule: SnapshotSchedule }),
    output: SnapshotSchedulePreview,
  },
  /** Deletes the launch's DLM policy (already gone is fine); the snapshots it made stay. */
  'snapshots.schedule.remove': { input: LaunchRef, output: LaunchRecord },
  /** Creates DLM's default role (trusting dlm.amazonaws.com, with AWS's managed policy): only when the operator asks. */
  'snapshots.dlmRole.create': { input: ProfileRegion, output: DlmRoleStatus },
  // Snapshots of a launch's volumes and restoring the launch from one.
  /** The snapshots of the launch's volumes (and those tagged with its id), newest first, with progress. */
  'snapshots.list': { input: LaunchRef, output: z.array(LaunchSnapshot) },
  /** Snapshots the launch's root volume now, tagged as its schedule's snapshots are (marked manual). */
  'snapshots.take': { input: LaunchRef, output: LaunchSnapshot },
  /**
   * What each restore method does to the instance id, the IP address and what is left behind, and why one cannot
   * be used now. A snapshot not of this launch, not completed, or a terminated launch is refused here.
   */
  'snapshots.restore.preview': { input: RestoreRequest.omit({ method: true }), output: RestorePreview },
  /**
   * Restores the launch from the snapshot: `image` launches a replacement launch from an image of it (the old
   * instance keeps running); `swap-volume` stops the instance, swaps in a volume of it as the root volume and starts
   * it again. Progress shows on the launch record (`restore`); a failed step rolls back what the restore created.
   */
  'snapshots.restore': { input: RestoreRequest, output: RestoreResult },
  // Health probes: HTTP(S) checks Kiln runs from the workstation while it is open.
  /**
   * Sets the launch's probes (an empty list removes them). Refused with `InvalidProbe` (nothing changed) for a bad
   * path, a port out of range, an interval below 10 s or a failure threshold shorter than the interval.
   */
  'health.probes.set': { input: LaunchRef.extend({ probes: ProbeList }), output: LaunchProbes },
  /** The probes and their states (default: every launch with probes), for the launch page and the launches list. */
  'health.probes.list': {
    input: z.object({ launchIds: z.array(z.string().min(1)).max(1_000).optional() }),
    output: z.array(LaunchProbes),
  },
  /** The last 24 h of results of each of the launch's probes. */
  'health.probes.history': { input: LaunchRef, output: ProbeHistory },
  // Inventory: everything Kiln manages in the profile's regions, read from AWS tags (what any operator sees).
  /** Every Kiln-tagged resource with owner launch, age, state and cost per day; parts that could not be read. */
  'inventory.list': { input: z.object({ profileId: z.string().min(1) }), output: Inventory },
  /** The inventory as a CSV (RFC 4180, with a header) or JSON file to save. */
  'inventory.export': {
    input: z.object({ profileId: z.string().min(1), format: InventoryFormat }),
    output: InventoryExport,
  },
  // Storage: files of the data directory Kiln could not read, and where their content was kept.
  /** Every file found unreadable in this run, oldest first, each with the path of its backup. */
  'storage.problems': { input: z.object({}), output: z.array(StorageProblem) },
  // The app: what the operator should know about this run.
  /** Conditions of this run that are not failures (agent tokens kept in memory only…); empty when there are none. */
  'app.notices': { input: z.object({}), output: z.array(AppNotice) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  /** A launch record changed (phase, instance state, agent link status, outcome…). */
  'launch.updated': LaunchRecord,
  /** New install log lines for a launch, in sequence order, de-duplicated. */
  'launch.log': z.object({ launchId: z.string(), lines: z.array(LogLine) }),
  /** Output of a terminal session, in order. */
  'connect.output': TerminalOutputEvent,
  /** A terminal session ended; `error` says why when it was not the operator's own exit. */
  'connect.closed': TerminalClosedEvent,
  /** A Kiln-baked image changed (progress, state), for the Images page. */
  'images.updated': KilnImage,
  /** A file of the data directory was found unreadable and moved aside: the whole list, as `storage.problems` answers. */
  'storage.problems': z.array(StorageProblem),
  /** The notices changed: the whole list, as `app.notices` answers. */
  'app.notices': z.array(AppNotice),
  /** A fleet changed (a resource made or removed, its state); a deleted fleet is sent once with state `deleted`. */
  'fleets.updated': FleetRecord,
  /** The recovery alarms of every launch that has them, read on a slow tick, and those that just went into ALARM. */
  'health.alarms.updated': RecoveryAlarmsUpdate,
  /** A launch's probes after a check or a change, and the probes that just went down or came back up. */
  'health.probes.updated': ProbesUpdate,
} as const satisfies Record<string, z.ZodType>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandArgs<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** The backend side: exactly one handler per command. Handlers receive parsed input. */
export type CommandHandlers = {
  [K in CommandName]: (input: CommandArgs<K>) => Promise<Result<CommandOutput<K>>>;
};

/** The UI side: one async function per command, plus a typed subscribe that returns a disposer. */
export type KilnApi = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** A command's result envelope with its output schema: the web transport checks each answer from the network with it. */
export function commandResultSchema<K extends CommandName>(name: K) {
  return resultSchema(commands[name].output);
}

/** IPC channel names, one per command and event. */
export const ipcChannel = {
  command: (name: CommandName) => `kiln:cmd:${name}`,
  event: (name: EventName) => `kiln:evt:${name}`,
};
