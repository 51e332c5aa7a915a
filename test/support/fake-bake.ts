/** The fake backend's bake.* and images.* commands: a bake that steps through its phases, the Images page. */
import { type CommandHandlers } from '../../electron/common/contract';
import {
  type Bake,
  type BakedImage,
  type BakePreview,
  type BakeRequest,
  type KilnImage,
  type LaunchRecord,
} from '../../electron/common/models';
import { fail, ok, type Result } from '../../electron/common/result';
import type { FakeData } from './fake-data';
import { notFound, type Emit } from './fake-shared';

type BakeCommand = 'bake.preview' | 'bake.start' | 'images.baked' | 'images.copy' | 'images.deregister';

/** Snapshot storage per GiB-month, as the bundled price list has it for us-east-1. */
const SNAPSHOT_USD_PER_GIB_MONTH = 0.05;

/**
 * bake.* and the Images page's images.* as the backend answers them. A bake moves one step per tick: stopping →
 * creating-image → pending with its snapshots at 0, 40, 80, 100 % → copying (when asked) → available, each step a
 * launch.updated event and, once the image exists, an images.updated event per image.
 */
export function bakeHandlers(data: FakeData, emit: Emit): Pick<CommandHandlers, BakeCommand> {
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
  const launchNotFound = (launchId: string) =>
    notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');

  function volumesOf(record: LaunchRecord): BakePreview['volumes'] {
    return data.bakeVolumes?.[record.id] ?? [{ volumeId: 'vol-0123456789abcdef0', sizeGiB: 8, device: '/dev/xvda' }];
  }
  function agentOf(record: LaunchRecord): { reachable: boolean; note: string } {
    if (record.instanceState !== 'running')
      return { reachable: false, note: 'The instance is stopped, so its agent cannot seal it.' };
    if (!record.outcome)
      return { reachable: false, note: 'The install has not ended; the agent seals only a finished install.' };
    const sealedBy = record.bakes?.find((bake) => bake.seal?.sealed);
    if (sealedBy)
      return {
        reachable: false,
        note: `The instance was sealed for "${sealedBy.request.name}": its agent removed itself then.`,
      };
    return { reachable: true, note: 'Kiln opens the agent port to your address for the seal, and closes it again.' };
  }
  /** The refusals bake.preview and bake.start share. */
  function refusalOf(record: LaunchRecord | undefined, request: BakeRequest): Result<never> | undefined {
    if (!record) return launchNotFound(request.launchId);
    if (!record.instanceId || record.phase === 'terminating' || record.phase === 'terminated') {
      return fail({
        code: 'NoInstance',
        message: `${record.spec.name} has no instance to image.`,
        remedy: 'Launch again, then save it as an AMI.',
      });
    }
    if (record.instanceState !== 'running' && record.instanceState !== 'stopped') {
      return fail({
        code: 'InstanceNotImageable',
        message: `The instance is ${record.instanceState}; EC2 images running or stopped instances.`,
        remedy: 'Wait until it is running or stopped.',
      });
    }
    if (request.copyToRegions.includes(record.spec.region)) {
      return fail({
        code: 'CopyToSameRegion',
        message: `The image is made in ${record.spec.region} already.`,
        remedy: 'Pick other regions to copy it to.',
        field: 'copyToRegions',
      });
    }
    if (images().some((i) => i.name === request.name && i.region === record.spec.region)) {
      return fail({
        code: 'InvalidAMIName.Duplicate',
        message: `An AMI named "${request.name}" already exists in ${record.spec.region}.`,
        remedy: 'Choose another name.',
        field: 'name',
      });
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
      progress:
        image.state === 'pending' && snapshots.length > 0
          ? Math.round(snapshots.reduce((sum, x) => sum + x.progress, 0) / snapshots.length)
          : null,
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
    const snapshots = volumesOf(record).map((v) => ({
      snapshotId: hexId('snap'),
      volumeSizeGiB: v.sizeGiB,
      progress: 0,
      state: 'pending',
    }));
    return {
      imageId: hexId('ami'),
      region,
      state: 'pending',
      snapshots,
      createdAt: at,
      ...(copiedFrom ? { copiedFrom } : {}),
    };
  }
  const progressed = (image: BakedImage, at: string): BakedImage => {
    if (image.state === 'available') return image;
    const snapshots = image.snapshots.map((x) => ({
      ...x,
      progress: Math.min(100, x.progress + 40),
      state: x.progress + 40 >= 100 ? 'completed' : 'pending',
    }));
    return snapshots.every((x) => x.progress === 100)
      ? { ...image, snapshots, state: 'available', availableAt: at }
      : { ...image, snapshots };
  };

  /** One step of a bake; undefined once it is over. */
  function nextBakeStep(record: LaunchRecord, bake: Bake, at: string): Bake | undefined {
    const moved = (phase: Bake['phase']): Bake => ({ ...bake, phase, timeline: [...bake.timeline, { phase, at }] });
    switch (bake.phase) {
      case 'sealing':
        return moved(
          bake.request.mode === 'stop' && record.instanceState === 'running' ? 'stopping' : 'creating-image',
        );
      case 'stopping':
        return moved('creating-image');
      case 'creating-image':
        return { ...moved('pending'), images: [newImage(record.spec.region, record, at)] };
      case 'pending':
      case 'copying': {
        if (bake.images.some((i) => i.state !== 'available'))
          return { ...bake, images: bake.images.map((i) => progressed(i, at)) };
        const source = bake.images[0];
        const copies = bake.request.copyToRegions.filter((region) => !bake.images.some((i) => i.region === region));
        if (copies.length > 0)
          return {
            ...moved('copying'),
            images: [...bake.images, ...copies.map((region) => newImage(region, record, at, source.imageId))],
          };
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
        willCreate: regions.map(
          (region) =>
            `AMI "${request.name}" in ${region}, with ${volumes.length} EBS snapshot${volumes.length === 1 ? '' : 's'} (${sizeGiB} GiB)`,
        ),
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
          remedy:
            "Fix what the message names, or confirm imaging it unsealed: the image then keeps the agent's token hash, TLS key, journal and the install script, and is tagged kiln:sealed=false.",
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
            ? {
                sealed: true,
                removed: ['/opt/kiln/agent.json', '/opt/kiln/journal', '/opt/kiln/install.sh'],
                kept: request.keepAgent ? ['/opt/kiln/agent.js'] : [],
                actions: [{ command: 'cloud-init clean --logs --seed', ok: true }],
              }
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
      if (!source)
        return notFound('InvalidAMIID.NotFound', `${imageId} does not exist in ${region}.`, 'Refresh the list.');
      if (targetRegion === region)
        return fail({
          code: 'CopyToSameRegion',
          message: `${imageId} is in ${region} already.`,
          remedy: 'Pick another region.',
          field: 'targetRegion',
        });
      if (source.state !== 'available')
        return fail({
          code: 'ImageNotAvailable',
          message: `${imageId} is ${source.state}; only available images can be copied.`,
          remedy: 'Wait until it is available.',
        });
      let copy: KilnImage = {
        ...source,
        imageId: hexId('ami'),
        region: targetRegion,
        state: 'pending',
        progress: 0,
        createdAt: new Date().toISOString(),
        sourceImageId: source.imageId,
        snapshotIds: source.snapshotIds.map(() => hexId('snap')),
      };
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
      if (!image)
        return notFound('InvalidAMIID.NotFound', `${imageId} does not exist in ${region}.`, 'Refresh the list.');
      data.bakedImages = images().filter((i) => i !== image);
      const kept = data.keptSnapshots?.[imageId] ?? [];
      return ok({
        imageId,
        deletedSnapshotIds: image.snapshotIds.filter((id) => !kept.some((k) => k.snapshotId === id)),
        keptSnapshots: kept,
      });
    },
  };
}
