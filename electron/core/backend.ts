/** The backend: one handler per contract command, over the core services. Transports call these handlers. */
import type { CommandHandlers, EventName, EventPayload } from '../common/contract';
import type { LaunchSpec } from '../common/models';
import { KilnFailure, ok } from '../common/result';
import type { AppNotices } from './app-notices';
import type { Catalog } from './catalog/catalog';
import type { NetworkCatalog } from './catalog/network-catalog';
import type { createOrphanSweeper } from './cleanup/orphan-sweeper';
import type { ConnectService } from './connect/connect-service';
import type { FleetService } from './fleets/fleet-service';
import type { ProbeService } from './health/probe-service';
import type { RecoveryAlarms } from './health/recovery-alarms';
import type { SnapshotList } from './snapshots/snapshot-list';
import type { SnapshotRestore } from './snapshots/snapshot-restore';
import type { BakeService } from './images/bake-service';
import type { ImageLibrary } from './images/image-library';
import { exportInventory } from './inventory/inventory-export';
import type { InventoryService } from './inventory/inventory';
import { estimateLaunch } from './launch/launch-estimate';
import type { LaunchService } from './launch/launch-service';
import type { ProfileAccess } from './profiles/profile-access';
import type { ProfileRegistry } from './profiles/profile-registry';
import type { SnapshotSchedules } from './snapshots/snapshot-schedule';
import type { PreferencesStore } from './store/preferences';
import type { PresetStore } from './store/presets';
import type { StorageProblems } from './store/storage-problems';
import type { WizardDefaultsStore } from './store/wizard-defaults';

export interface BackendDeps {
  profiles: ProfileRegistry;
  catalog: Catalog;
  network: NetworkCatalog;
  launches: LaunchService;
  connect: ConnectService;
  bakes: BakeService;
  images: ImageLibrary;
  orphans: ReturnType<typeof createOrphanSweeper>;
  alarms: RecoveryAlarms;
  fleets: FleetService;
  snapshotSchedules: SnapshotSchedules;
  snapshots: SnapshotList;
  restores: SnapshotRestore;
  probes: ProbeService;
  inventory: InventoryService;
  profileAccess: ProfileAccess;
  preferences: PreferencesStore;
  wizardDefaults: WizardDefaultsStore;
  presets: PresetStore;
  storageProblems: StorageProblems;
  notices: AppNotices;
  log: (message: string, error?: unknown) => void;
}

export function createCommandHandlers(deps: BackendDeps): CommandHandlers {
  const {
    profiles,
    catalog,
    network,
    launches,
    connect,
    bakes,
    images,
    orphans,
    profileAccess,
    preferences,
    wizardDefaults,
    presets,
  } = deps;

  /** Whether a key pair of that name exists in the spec's region now; an unanswered lookup counts as no. */
  async function keyPairLookup(spec: LaunchSpec): Promise<(name: string) => boolean> {
    if (spec.keyPair?.mode !== 'create' && spec.keyPair?.mode !== 'import') return () => false;
    try {
      const names = new Set(
        (await catalog.keyPairs(await profiles.get(spec.profileId), spec.region)).map((k) => k.name),
      );
      return (name) => names.has(name);
    } catch (error) {
      deps.log(`could not list key pairs to save the spec; the key pair choice is saved as none`, error);
      return () => false;
    }
  }

  /** A launched spec becomes the profile's wizard defaults; failing to save them does not fail the launch. */
  async function rememberDefaults(spec: LaunchSpec, createdKeyPair: string | undefined): Promise<void> {
    // The launch created (or imported) its key pair, so it exists now; the defaults may name it.
    // A DNS name belongs to the launch that took it: the next launch from the defaults would be refused as taken.
    await wizardDefaults
      .save(spec.profileId, { ...spec, dns: undefined }, (name) => name === createdKeyPair)
      .catch((error: unknown) => deps.log(`could not save the wizard defaults of profile ${spec.profileId}`, error));
  }

  async function readInventory(profileId: string) {
    const context = await profiles.get(profileId);
    const regions = context.regions ?? (await catalog.regions(context)).map((r) => r.name);
    return deps.inventory.list(context, regions);
  }

  // Every handler is async, awaiting or not: the map is typed as promise-returning, and a handler that throws
  // synchronously then fails the same way (a rejected promise) as one that awaits.
  /* eslint-disable @typescript-eslint/require-await */
  return {
    'profiles.list': async () => ok(await profiles.list()),
    // Profiles and preferences.
    'profiles.identity': async ({ profileId }) => ok(await profileAccess.identity(profileId)),
    'profiles.signIn': async ({ profileId, mfaCode }) => ok(await profileAccess.signInWithMfa(profileId, mfaCode)),
    'profiles.ssoLogin.start': async ({ profileId }) => ok(await profileAccess.startSsoLogin(profileId)),
    'profiles.ssoLogin.poll': async ({ loginId }) => ok(await profileAccess.pollSsoLogin(loginId)),
    'profiles.ssoLogin.cancel': async ({ loginId }) => {
      profileAccess.cancelSsoLogin(loginId);
      return ok({});
    },
    'preferences.get': async () => ok(await preferences.get()),
    'preferences.set': async (patch) => ok(await preferences.set(patch)),
    'regions.list': async ({ profileId }) => ok(await catalog.regions(await profiles.get(profileId))),
    'images.quickStart': async ({ profileId, region }) =>
      ok(await catalog.quickStartImages(await profiles.get(profileId), region)),
    'images.describe': async ({ profileId, region, imageId }) =>
      ok(await catalog.describeImage(await profiles.get(profileId), region, imageId.trim())),
    'instanceTypes.list': async ({ profileId, region, architecture }) =>
      ok(await catalog.instanceTypes(await profiles.get(profileId), region, architecture)),
    'images.quickStartTiles': async ({ profileId, region }) =>
      ok(await catalog.quickStartTiles(await profiles.get(profileId), region)),
    'images.list': async ({ profileId, region, scope, nextToken }) =>
      ok(await catalog.ownImages(await profiles.get(profileId), region, scope, nextToken)),
    'images.search': async ({ profileId, region, text, nextToken }) =>
      ok(await catalog.searchImages(await profiles.get(profileId), region, text, nextToken)),
    'instanceTypes.prices': async ({ profileId, region }) =>
      ok(await catalog.instancePrices(await profiles.get(profileId), region)),
    'keyPairs.list': async ({ profileId, region }) => ok(await catalog.keyPairs(await profiles.get(profileId), region)),
    'network.vpcs': async ({ profileId, region }) => ok(await network.vpcs(await profiles.get(profileId), region)),
    'network.subnets': async ({ profileId, region, vpcId }) =>
      ok(await network.subnets(await profiles.get(profileId), region, vpcId)),
    'network.securityGroups': async ({ profileId, region, vpcId }) =>
      ok(await network.securityGroups(await profiles.get(profileId), region, vpcId)),
    'network.hostedZones': async ({ profileId }) => ok(await network.hostedZones(await profiles.get(profileId))),
    'network.operatorAddress': async ({ profileId }) => {
      const context = await profiles.get(profileId);
      const cidr = await context.operatorCidr().catch((error: unknown) => {
        throw new KilnFailure({
          code: 'OperatorIpUnknown',
          message: `Kiln could not find your public IP address: ${error instanceof Error ? error.message : String(error)}.`,
          remedy: 'Check the network connection, or type a CIDR instead of My IP.',
        });
      });
      return ok({ cidr });
    },
    'launch.preview': async ({ spec }) => ok(await launches.preview(spec)),
    'launch.estimate': async ({ spec }) => ok(await estimateLaunch(await profiles.get(spec.profileId), catalog, spec)),
    'launch.start': async ({ spec }) => {
      const record = await launches.start(spec);
      await rememberDefaults(spec, record.keyPairName);
      return ok(record);
    },
    'launch.startBatch': async ({ spec }) => {
      const batch = await launches.startBatch(spec);
      const first = batch.launched[0];
      if (first) await rememberDefaults(spec, first.keyPairName);
      return ok(batch);
    },
    'launch.list': async () => ok(launches.list()),
    'launch.log': async ({ launchId, after }) => ok(await launches.readLog(launchId, after)),
    'launch.logPage': async ({ launchId, after, limit }) => ok(await launches.readLogPage(launchId, after, limit)),
    'launch.terminate': async ({ launchId, confirmName }) => ok(await launches.terminate(launchId, confirmName)),
    'launch.terminationProtection': async ({ launchId }) =>
      ok({ protected: await launches.terminationProtection(launchId) }),
    'launch.openWebAccess': async ({ launchId }) => ok(await launches.openWebAccess(launchId)),
    'launch.importFromAws': async ({ profileId }) => {
      const context = await profiles.get(profileId);
      const regions = (await catalog.regions(context)).map((r) => r.name);
      return ok(await launches.importFromAws(profileId, regions));
    },
    'launch.diagnose': async ({ launchId }) => ok(await launches.diagnose(launchId)),
    'launch.updateAgentRule': async ({ launchId }) => ok(await launches.updateAgentRule(launchId)),
    'launch.keepForSalvage': async ({ launchId, hours }) =>
      ok(await launches.setTerminateAt(launchId, new Date(Date.now() + hours * 3_600_000).toISOString())),
    'launch.cancelAutoTerminate': async ({ launchId }) => ok(await launches.setTerminateAt(launchId, undefined)),
    'launch.retryCleanup': async ({ launchId }) => ok(await launches.retryCleanup(launchId)),
    'launch.forget': async ({ launchId }) => {
      await launches.forget(launchId);
      await deps.probes.forget(launchId);
      return ok({ launchId });
    },
    'orphans.list': async ({ profileId }) => {
      const context = await profiles.get(profileId);
      const regions = (await catalog.regions(context)).map((r) => r.name);
      return ok(await orphans.list(context, regions));
    },
    'orphans.clean': async ({ profileId, items }) => ok(await orphans.clean(await profiles.get(profileId), items)),
    'wizard.defaults.get': async ({ profileId }) => ok(await wizardDefaults.get(profileId)),
    'wizard.defaults.save': async ({ profileId, spec }) =>
      ok(await wizardDefaults.save(profileId, spec, await keyPairLookup(spec))),
    'presets.list': async () => ok(await presets.list()),
    'presets.save': async ({ name, spec, replace }) =>
      ok(await presets.save({ name, spec, replace }, await keyPairLookup(spec))),
    'presets.delete': async ({ name }) => ok({ deleted: await presets.delete(name) }),
    'connect.info': async ({ launchId }) => ok(await connect.info(launchId)),
    'connect.setOptions': async ({ launchId, user, keyPath }) =>
      ok(await connect.setOptions(launchId, { user, keyPath })),
    'connect.file': async ({ launchId, kind }) => ok(await connect.file(launchId, kind)),
    'connect.updateLoginRule': async ({ launchId }) => ok(await launches.updateAgentRule(launchId)),
    'connect.session.open': async ({ launchId, cols, rows }) => ok(await connect.openSession(launchId, { cols, rows })),
    'connect.session.write': async ({ sessionId, data }) => {
      connect.write(sessionId, data);
      return ok({});
    },
    'connect.session.resize': async ({ sessionId, cols, rows }) => {
      connect.resize(sessionId, cols, rows);
      return ok({});
    },
    'connect.session.close': async ({ sessionId }) => {
      connect.close(sessionId);
      return ok({});
    },
    'connect.windowsPassword': async ({ launchId, passphrase }) =>
      ok(await connect.windowsPassword(launchId, passphrase)),
    'bake.preview': async ({ request }) => ok(await bakes.preview(request)),
    'bake.start': async ({ request }) => ok(await bakes.start(request)),
    'images.baked': async ({ profileId }) => {
      const context = await profiles.get(profileId);
      const regions = context.regions ?? (await catalog.regions(context)).map((r) => r.name);
      return ok(await images.list(profileId, regions));
    },
    'images.copy': async ({ targetRegion, ...ref }) => ok(await images.copy(ref, targetRegion)),
    'images.deregister': async (ref) => ok(await images.deregister(ref)),
    'health.alarms.enable': async ({ launchId, rebootOnly }) => ok(await deps.alarms.enable(launchId, { rebootOnly })),
    'health.alarms.disable': async ({ launchId }) => ok(await deps.alarms.disable(launchId)),
    'health.alarms.list': async ({ launchIds }) => ok(await deps.alarms.describe(launchIds)),
    'fleets.preview': async ({ spec }) => ok(await deps.fleets.preview(spec)),
    'fleets.create': async ({ spec, fleetId }) => ok(await deps.fleets.create(spec, { fleetId })),
    'fleets.list': async () => ok(await deps.fleets.list()),
    'fleets.status': async ({ fleetIds }) => ok(await deps.fleets.status(fleetIds)),
    'fleets.scale': async ({ fleetId, capacity }) => ok(await deps.fleets.scale(fleetId, capacity)),
    'fleets.suspendScaling': async ({ fleetId, suspended }) => ok(await deps.fleets.suspendScaling(fleetId, suspended)),
    'fleets.rollout': async ({ fleetId, imageId, minHealthyPercentage, launchFirst }) =>
      ok(await deps.fleets.rollout(fleetId, imageId, { minHealthyPercentage, launchFirst })),
    'fleets.delete': async ({ fleetId }) => ok(await deps.fleets.delete(fleetId)),
    'snapshots.schedule.preview': async ({ launchId, schedule }) =>
      ok(await deps.snapshotSchedules.preview(launchId, schedule)),
    'snapshots.schedule.set': async ({ launchId, schedule }) =>
      ok(await deps.snapshotSchedules.set(launchId, schedule)),
    'snapshots.schedule.remove': async ({ launchId }) => ok(await deps.snapshotSchedules.remove(launchId)),
    'snapshots.dlmRole.create': async ({ profileId, region }) =>
      ok(await deps.snapshotSchedules.createRole(profileId, region)),
    'snapshots.list': async ({ launchId }) => ok(await deps.snapshots.list(launchId)),
    'snapshots.take': async ({ launchId }) => ok(await deps.snapshots.take(launchId)),
    'snapshots.restore.preview': async ({ launchId, snapshotId }) =>
      ok(await deps.restores.preview(launchId, snapshotId)),
    'snapshots.restore': async (request) => ok(await deps.restores.restore(request)),
    'health.probes.set': async ({ launchId, probes }) => ok(await deps.probes.set(launchId, probes)),
    'health.probes.list': async ({ launchIds }) => ok(deps.probes.list(launchIds)),
    'health.probes.history': async ({ launchId }) => ok(await deps.probes.history(launchId)),
    'inventory.list': async ({ profileId }) => ok(await readInventory(profileId)),
    'inventory.export': async ({ profileId, format }) => ok(exportInventory(await readInventory(profileId), format)),
    'storage.problems': async () => ok(deps.storageProblems.list()),
    'app.notices': async () => ok(deps.notices.list()),
  };
  /* eslint-enable @typescript-eslint/require-await */
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fan-out of backend events to every connected UI; `subscribe` returns a disposer. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
