/** Wires the core services into one backend. Called by the composition roots (Electron main, web server). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandHandlers } from '../common/contract';
import type { AppNotice, LaunchRecord, ProbeLimits, Profile } from '../common/models';
import { createAppNotices, type AppNotices } from './app-notices';
import { createArtifactStore, createMirrorArtifactStore, type Artifact } from './artifacts/artifact-store';
import { createAwsClientPool } from './aws/clients';
import { createCommandHandlers, createEventBus, type EventBus } from './backend';
import { createCatalog } from './catalog/catalog';
import { createNetworkCatalog } from './catalog/network-catalog';
import { createOrphanSweeper } from './cleanup/orphan-sweeper';
import { createConnectService } from './connect/connect-service';
import { createAlarmWatcher } from './health/alarm-watcher';
import { createFleetService } from './fleets/fleet-service';
import { createDefaultRecoveryAlarms } from './health/default-recovery-alarms';
import { createProbeHistoryStore } from './health/probe-history';
import { createProbeService } from './health/probe-service';
import { createRecoveryAlarms } from './health/recovery-alarms';
import { createSnapshotSchedules } from './snapshots/snapshot-schedule';
import { createSnapshotList } from './snapshots/snapshot-list';
import { createSnapshotRestore } from './snapshots/snapshot-restore';
import { createInventory } from './inventory/inventory';
import { createAgentSealer } from './images/agent-sealer';
import { createBakeService } from './images/bake-service';
import { createImageLibrary, toKilnImage } from './images/image-library';
import type { ImageObservation } from './images/image-watcher';
import { withAgentTokenRecovery } from './launch/agent-token-recovery';
import { createLaunchService, type LaunchService } from './launch/launch-service';
import { createNodeRuntimeResolver } from './launch/node-runtime';
import { createProfileAccess } from './profiles/profile-access';
import type { ProfileContext } from './profiles/profile-context';
import { createProfileRegistry } from './profiles/profile-registry';
import { createSsoLogins } from './profiles/sso-device-login';
import { createFleetStore } from './store/fleet-store';
import { createLaunchStore } from './store/launch-store';
import { createPreferencesStore } from './store/preferences';
import { createPresetStore } from './store/presets';
import { createWizardDefaultsStore } from './store/wizard-defaults';
import type { SecretStore } from './store/secret-store';
import type { OpenSettingsFile } from './store/settings-document';
import { createStorageProblems, type StorageProblems } from './store/storage-problems';

export interface KilnBackendConfig {
  dataDir: string;
  assetsDir: string;
  agentBundlePath: string;
  loadProfiles: () => Promise<Array<ProfileContext | Profile>>;
  secrets: SecretStore;
  /**
   * Where unreadable files of the data directory are reported (`storage.problems`); pass one to share it with a
   * store the composition root makes (the secrets file). Default: a new one.
   */
  storageProblems?: StorageProblems;
  /** What the UI shows the operator from the start (`app.notices`), e.g. agent tokens kept in memory only. */
  notices?: readonly AppNotice[];
  /** Opens the settings documents (presets, defaults, preferences); default conf, electron-store in the desktop app. */
  openSettingsFile?: OpenSettingsFile;
  log: (message: string, error?: unknown) => void;
  monitorIntervals?: { fastMs: number; slowMs: number };
  /** How often the recovery alarms of all launches are read (one DescribeAlarms per region); default 5 minutes. */
  alarmWatchMs?: number;
  /** How long a finished launch is kept before Kiln gives it recovery alarms by itself; default the salvage window. */
  defaultAlarmsAfterHours?: number;
  /** Tests only: a smaller minimum probe interval than operators may set (10 s), for a shortened clock. */
  probeLimits?: ProbeLimits;
  /** Serve artifacts from this mirror instead of the per-account S3 bucket. */
  artifactBaseUrl?: string;
  /** Where instances get Node.js from when their AMI has none new enough: nodejs.org/dist, or a mirror of it. */
  nodeDistUrl?: string;
}

export interface KilnBackend {
  handlers: CommandHandlers;
  events: EventBus;
  launches: LaunchService;
  /** The notices the UI shows; a composition root may publish or withdraw one while Kiln runs. */
  notices: AppNotices;
  dispose(): void;
}

export async function createKilnBackend(config: KilnBackendConfig): Promise<KilnBackend> {
  const events = createEventBus();
  const storageProblems = config.storageProblems ?? createStorageProblems((message) => config.log(message));
  const unsubscribeProblems = storageProblems.subscribe((problems) => events.emit('storage.problems', problems));
  const notices = createAppNotices(config.notices);
  const unsubscribeNotices = notices.subscribe((list) => events.emit('app.notices', list));
  const settings = { dataDir: config.dataDir, problems: storageProblems, openFile: config.openSettingsFile };
  const preferences = createPreferencesStore(settings);
  const wizardDefaults = createWizardDefaultsStore({ ...settings, log: (message) => config.log(message) });
  const presets = createPresetStore({ ...settings, log: (message) => config.log(message) });
  // Read now, so a damaged file is found and reported at start rather than when the wizard first opens.
  await Promise.all([preferences.get(), presets.list(), wizardDefaults.get('')]).catch((error: unknown) =>
    config.log('could not read the saved settings', error),
  );
  const clients = createAwsClientPool();
  const profiles = createProfileRegistry(config.loadProfiles);
  const ssoLogins = createSsoLogins();
  const catalog = createCatalog({ clients });
  const bootstrapTemplates = {
    linux: await readFile(path.join(config.assetsDir, 'bootstrap', 'linux.sh'), 'utf8'),
    windows: await readFile(path.join(config.assetsDir, 'bootstrap', 'windows.ps1'), 'utf8'),
  };
  // Agent tokens missing on this machine are read back from Parameter Store, for the agent links and the sealer.
  const secrets = withAgentTokenRecovery({
    secrets: config.secrets,
    findLaunch: (launchId) => launches.list().find((r) => r.id === launchId),
    profiles,
    clients,
    log: config.log,
  });
  const launches: LaunchService = createLaunchService({
    profiles,
    clients,
    catalog,
    store: createLaunchStore({
      dataDir: config.dataDir,
      problems: storageProblems,
      log: (message) => config.log(message),
    }),
    secrets,
    artifacts: config.artifactBaseUrl ? createMirrorArtifactStore(config.artifactBaseUrl) : createArtifactStore(),
    agentBundle: () => loadArtifact(config.agentBundlePath),
    bootstrapTemplates,
    nodeRuntime: createNodeRuntimeResolver({ distUrl: config.nodeDistUrl }),
    onRecord: (record) => events.emit('launch.updated', record),
    onLog: (launchId, lines) => events.emit('launch.log', { launchId, lines }),
    log: config.log,
    monitorIntervals: config.monitorIntervals,
  });
  await launches.resume();
  const connect = createConnectService({
    profiles,
    clients,
    catalog,
    records: launches,
    dataDir: config.dataDir,
    onOutput: (sessionId, data) => events.emit('connect.output', { sessionId, data }),
    onClosed: (sessionId, error) => events.emit('connect.closed', { sessionId, error }),
    log: config.log,
  });
  // The watcher's own answer becomes the row: no second DescribeImages per image and tick.
  const announceImage = ({ region, observation }: { region: string; observation: ImageObservation }) => {
    if (!observation.image) return;
    const progress = new Map(observation.snapshots.map((s) => [s.snapshotId, s.progress]));
    events.emit('images.updated', toKilnImage(observation.image, region, progress));
  };
  const bakes = createBakeService({
    profiles,
    clients,
    records: launches,
    sealer: createAgentSealer({ clients, secrets, records: launches, log: config.log }),
    onImageChange: announceImage,
    log: config.log,
    watchIntervalMs: config.monitorIntervals?.fastMs,
    stopPollMs: config.monitorIntervals?.fastMs,
  });
  const images = createImageLibrary({
    profiles,
    clients,
    watch: (profileId, region, imageId) => bakes.watchImage(profileId, region, imageId),
    log: config.log,
  });
  bakes.resume();
  const alarms = createRecoveryAlarms({ profiles, clients, launches });
  const defaultAlarms = createDefaultRecoveryAlarms({
    launches,
    alarms,
    log: config.log,
    afterHours: config.defaultAlarmsAfterHours,
  });
  const alarmWatcher = createAlarmWatcher({
    beforeRead: () => defaultAlarms.apply(),
    describe: () => alarms.describe(),
    anyAlarms: () => launches.list().some((r) => (r.recoveryAlarms?.length ?? 0) > 0),
    launchName: (launchId) => launches.list().find((r) => r.id === launchId)?.spec.name,
    notices,
    onUpdate: (update) => events.emit('health.alarms.updated', update),
    onError: (error) => config.log('could not read the recovery alarms', error),
    intervalMs: config.alarmWatchMs,
  });
  alarmWatcher.start();
  const fleets = createFleetService({
    profiles,
    clients,
    store: createFleetStore({ ...settings }),
    log: config.log,
    onRecord: (record) => events.emit('fleets.updated', record),
  });
  await fleets.resume().catch((error: unknown) => config.log('could not read the fleets', error));
  const snapshots = createSnapshotList({ profiles, clients, launches });
  const restores = createSnapshotRestore({
    profiles,
    clients,
    launches,
    snapshots,
    pollMs: config.monitorIntervals?.fastMs,
  });
  await restores.resume();
  const probes = createProbeService({
    launches,
    profiles,
    clients,
    notices,
    history: createProbeHistoryStore({ dataDir: config.dataDir, now: Date.now, log: config.log }),
    onUpdate: (update) => events.emit('health.probes.updated', update),
    log: config.log,
    limits: config.probeLimits,
  });
  // Every record change reaches the probes: new probes start, a terminated launch stops being probed.
  const unsubscribeProbes = events.subscribe((event, payload) => {
    if (event === 'launch.updated') probes.sync(payload as LaunchRecord);
  });
  for (const record of launches.list()) probes.sync(record);
  return {
    handlers: createCommandHandlers({
      profiles,
      catalog,
      network: createNetworkCatalog({ clients }),
      launches,
      connect,
      bakes,
      images,
      orphans: createOrphanSweeper({
        clients,
        // A launch whose record could not be read still owns its resources until the operator decides (Import from AWS).
        liveLaunchIds: () =>
          new Set([
            ...launches.ownedLaunchIds(),
            ...storageProblems.list().flatMap((p) => (p.launchId ? [p.launchId] : [])),
          ]),
        liveFleetIds: async () => new Set((await fleets.list()).map((f) => f.id)),
      }),
      alarms,
      fleets,
      snapshotSchedules: createSnapshotSchedules({ profiles, clients, launches }),
      snapshots,
      restores,
      probes,
      inventory: createInventory({
        clients,
        knownLaunchIds: () => new Set(launches.list().map((r) => r.id)),
        knownFleets: async () => new Map((await fleets.list()).map((f) => [f.id, f.spec.name])),
      }),
      profileAccess: createProfileAccess({ profiles, clients, ssoLogins }),
      preferences,
      wizardDefaults,
      presets,
      storageProblems,
      notices,
      log: config.log,
    }),
    events,
    launches,
    notices,
    dispose() {
      unsubscribeProblems();
      alarmWatcher.stop();
      unsubscribeProbes();
      void probes.dispose();
      unsubscribeNotices();
      connect.dispose();
      bakes.dispose();
      launches.dispose();
      catalog.dispose();
      ssoLogins.dispose();
      clients.destroy();
    },
  };
}

async function loadArtifact(file: string): Promise<Artifact> {
  const bytes = await readFile(file).catch(() => {
    throw new Error(`The agent bundle ${file} is missing: run \`npm run build\` first.`);
  });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), fileName: path.basename(file) };
}
