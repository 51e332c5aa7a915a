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
  type ImageSummary,
  type Inventory,
  type LaunchRecord,
} from '../../electron/common/models';
import { exportInventory } from '../../electron/core/inventory/inventory-export';
import { fail, ok, type Result } from '../../electron/common/result';
import { toSavedSpec, type Preset } from '../../electron/common/saved-spec';
import { launchCost, platformInstancePrice } from '../../electron/core/launch/launch-estimate';
import { forgetRefusal } from '../../electron/core/launch/launch-forget';
import { bakeHandlers } from './fake-bake';
import { fleetHandlers } from './fake-fleets';
import { snapshotScheduleHandlers } from './fake-snapshot-schedule';
import { connectHandlers } from './fake-connect';
import { snapshotHandlers } from './fake-snapshots';
import { probeHandlers } from './fake-probes';
import { changeLaunch, notFound, type Emit } from './fake-shared';
import { defaultFakeData, FAKE_IDENTITY, launchRecord, tileOf, type FakeData } from './fake-data';

export * from './fake-data';

type Handler<K extends CommandName> = (
  input: CommandArgs<K>,
) => Result<CommandOutput<K>> | Promise<Result<CommandOutput<K>>>;

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

export { FAKE_HOST_KEYS, FAKE_WINDOWS_PASSWORD } from './fake-connect';

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
        (baked && {
          imageId,
          name: baked.name,
          architecture: baked.architecture ?? 'x86_64',
          platform: baked.platform,
          rootVolumeSizeGiB: baked.sizeGiB ?? undefined,
          kilnBaked: true,
        });
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
      const delivery = chooseScriptDelivery({
        inlineBytes,
        limitBytes: USER_DATA_LIMIT_BYTES,
        scriptBytes,
        canUpload: !data.artifactMirror,
      });
      const userDataBytes = delivery.mode === 'artifact' ? data.bootstrapBytes + 200 : inlineBytes;
      const body =
        delivery.mode === 'artifact'
          ? "INSTALL_SCRIPT_URL='<presigned URL of the install script>'"
          : spec.installScript;
      const userDataText = `#!/bin/bash\n# kiln bootstrap\n<redacted: TLS private key>\n${body}`;
      return ok({ userDataBytes, limitBytes: USER_DATA_LIMIT_BYTES, userDataText, delivery });
    },
    'launch.estimate': async ({ spec }) => {
      // The totals come from Kiln's own launchCost; only the catalog lookups (image, prices) are the fake's.
      const image = data.images.find((i) => i.imageId === spec.imageId);
      const { instancePrice, instancePriceNote } = platformInstancePrice(
        image?.platform ?? 'linux',
        data.prices.prices[spec.instanceType] ?? null,
      );
      const cost = launchCost({
        instancePrice,
        count: spec.advanced?.count ?? 1,
        rootVolume: {
          sizeGiB: spec.storage?.rootVolumeSizeGiB ?? image?.rootVolumeSizeGiB,
          volumeType: spec.storage?.volumeType ?? 'gp3',
        },
      });
      return ok({ ...cost, instancePriceNote });
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
    'launch.logPage': async ({ launchId, after, limit }) => {
      const log = data.logs[launchId] ?? [];
      return ok({ lines: log.filter((l) => l.seq > after).slice(0, limit), lastSeq: log[log.length - 1]?.seq ?? 0 });
    },
    'launch.terminate': async ({ launchId, confirmName }) => {
      const index = data.launches.findIndex((r) => r.id === launchId);
      const record = data.launches[index];
      if (!record) return notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');
      if (record.spec.advanced?.terminationProtection && confirmName !== record.spec.name) {
        return fail({
          code: 'TerminationProtected',
          message: `${record.spec.name} has termination protection.`,
          remedy: 'Type the instance name to confirm.',
          field: 'confirmName',
        });
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
      changeLaunch(data, launchId, (r) => ({
        ...r,
        webAccess: { cidr: data.operatorCidr ?? '203.0.113.9/32', openedAt: new Date().toISOString() },
      })),
    'launch.importFromAws': async () => ok([]),
    'launch.diagnose': async () => ok({ checkedAt: new Date().toISOString(), checks: [] }),
    'launch.updateAgentRule': async ({ launchId }) =>
      changeLaunch(data, launchId, (r) => ({ ...r, operatorCidr: '203.0.113.9/32' })),
    'launch.keepForSalvage': async ({ launchId, hours }) =>
      changeLaunch(data, launchId, (r) => ({
        ...r,
        terminateAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
      })),
    'launch.cancelAutoTerminate': async ({ launchId }) =>
      changeLaunch(data, launchId, (r) => ({ ...r, terminateAt: undefined })),
    'launch.retryCleanup': async ({ launchId }) =>
      changeLaunch(data, launchId, (r) => ({ ...r, securityGroupDeleted: true, error: undefined })),
    'launch.forget': async ({ launchId }) => {
      const index = data.launches.findIndex((r) => r.id === launchId);
      const record = data.launches[index];
      if (!record) return notFound('UnknownLaunch', `There is no launch ${launchId}.`, 'Pick a launch from the list.');
      const refusal = forgetRefusal(record);
      if (refusal) return fail(refusal.error);
      data.launches.splice(index, 1);
      delete data.logs[launchId];
      return ok({ launchId });
    },
    'keyPairs.list': async () => ok(data.keyPairs ?? []),
    'network.vpcs': async () => ok(data.vpcs ?? []),
    'network.subnets': async ({ vpcId }) => ok((data.subnets ?? []).filter((x) => x.vpcId === (vpcId || defaultVpc()))),
    'network.securityGroups': async ({ vpcId }) =>
      ok((data.securityGroups ?? []).filter((g) => g.vpcId === (vpcId || defaultVpc()))),
    'network.hostedZones': async () => ok(data.hostedZones ?? []),
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
        return fail({
          code: 'PresetExists',
          message: `A preset named "${name}" already exists.`,
          remedy: 'Choose another name.',
          field: 'name',
        });
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
    'inventory.list': async ({ profileId }) => ok(fakeInventory(profileId)),
    'inventory.export': async ({ profileId, format }) => ok(exportInventory(fakeInventory(profileId), format)),
    'orphans.clean': async ({ items }) => {
      data.orphans = data.orphans.filter(
        (o) => !items.some((i) => i.kind === o.kind && i.id === o.id && i.region === o.region),
      );
      return ok(items.map((item) => ({ ...item, ok: true })));
    },
    ...connectHandlers(data, emit),
    ...bakeHandlers(data, emit),
    ...fleetHandlers(data, emit),
    ...snapshotScheduleHandlers(data, emit),
    ...snapshotHandlers(data, emit),
    ...probeHandlers(data, emit),
    // A minimal stand-in for recovery alarms: names on the record, every alarm OK.
    'health.alarms.enable': async ({ launchId, rebootOnly }) =>
      ok(
        setAlarms(
          launchId,
          (rebootOnly ? ['reboot'] : ['recover', 'reboot']).map((a) => `kiln-${launchId}-${a}`),
        ),
      ),
    'health.alarms.disable': async ({ launchId }) => ok(setAlarms(launchId, undefined)),
    'health.alarms.list': async ({ launchIds }) =>
      ok(
        data.launches
          .filter((r) => (launchIds ? launchIds.includes(r.id) : (r.recoveryAlarms?.length ?? 0) > 0))
          .map((r) => ({
            launchId: r.id,
            region: r.spec.region,
            alarms: (r.recoveryAlarms ?? []).map((name) => ({
              name,
              action: name.endsWith('-recover') ? ('recover' as const) : ('reboot' as const),
              state: 'OK' as const,
            })),
          })),
      ),
  };
  function fakeInventory(profileId: string): Inventory {
    const regions = [...new Set((data.inventory?.rows ?? []).map((r) => r.region))];
    return { profileId, readAt: new Date().toISOString(), regions, rows: [], problems: [], ...data.inventory };
  }
  function setAlarms(launchId: string, names: string[] | undefined): LaunchRecord {
    const index = data.launches.findIndex((r) => r.id === launchId);
    const current = data.launches[index];
    if (!current) throw new Error(`no fake launch ${launchId}`);
    const record = { ...current, recoveryAlarms: names };
    data.launches[index] = record;
    emit('launch.updated', record);
    return record;
  }
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
