/**
 * Save as AMI. It promises: a refused bake (bad or taken name, an instance that cannot be imaged, a seal that
 * failed without the operator's consent to image unsealed) creates and changes nothing; an accepted one is kept on
 * the launch record at every step, so a restart resumes watching; images are watched for as long as AWS says
 * pending (no waiter budget) and a failure shows AWS's reason; nothing secret of the launch is left in a sealed image.
 */
import { randomUUID } from 'node:crypto';
import { StartInstancesCommand } from '@aws-sdk/client-ec2';
import type {
  Bake,
  BakedImage,
  BakePhase,
  BakePreview,
  BakeRequest,
  LaunchRecord,
  SealReport,
} from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AwsClientPool } from '../aws/clients';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { imageOfBake, copyImage, createImage, imageTags, stopAndWait } from './image-calls';
import { createImageWatcher, type ImageObservation, type ImageWatcher } from './image-watcher';
import { snapshotMonthlyCost, SNAPSHOT_PRICE_NOTE } from './image-cost';
import type { AgentSealer } from './agent-sealer';
import { agentNote, checkBakeRequest } from './bake-preflight';

export interface BakeServiceDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  records: {
    get(launchId: string): LaunchRecord;
    list(): LaunchRecord[];
    update(launchId: string, change: (record: LaunchRecord) => LaunchRecord): Promise<LaunchRecord>;
  };
  sealer: AgentSealer;
  /** A watched image was observed (for the Images page): EC2's description and its snapshots' progress. */
  onImageChange: (change: { profileId: string; region: string; observation: ImageObservation }) => void;
  log: (message: string, error?: unknown) => void;
  now?: () => Date;
  watchIntervalMs?: number;
  stopPollMs?: number;
}

export interface BakeService {
  preview(request: BakeRequest): Promise<BakePreview>;
  start(request: BakeRequest): Promise<LaunchRecord>;
  /** Watches every image a saved bake is still waiting for, and finishes bakes a restart interrupted. */
  resume(): void;
  /** Starts watching an image made outside a bake (a copy from the Images page). */
  watchImage(profileId: string, region: string, imageId: string): void;
  dispose(): void;
}

const FINAL_PHASES: readonly BakePhase[] = ['available', 'failed'];
const MISSING_GRACE_MS = 5 * 60_000;

export function createBakeService(deps: BakeServiceDeps): BakeService {
  const now = deps.now ?? (() => new Date());
  const watchers = new Map<string, ImageWatcher>();
  /** imageId → the bake waiting for it (absent for copies made from the Images page). */
  const owners = new Map<string, { launchId: string; bakeId: string }>();
  /** When each image started to be watched (for the grace before "missing"). */
  const watchedSince = new Map<string, number>();
  /** Bakes whose copies are being requested right now (observations arrive meanwhile). */
  const copying = new Set<string>();

  async function contextOf(record: LaunchRecord): Promise<ProfileContext> {
    return deps.profiles.get(record.spec.profileId);
  }

  /** A seal that stopped halfway is kept on the launch as a failed bake, so the operator sees what was removed. */
  async function recordPartialSeal(launchId: string, request: BakeRequest, seal: SealReport): Promise<void> {
    const at = now().toISOString();
    const bake: Bake = {
      id: randomUUID(),
      request,
      phase: 'failed',
      startedAt: at,
      timeline: [
        { phase: 'sealing', at },
        { phase: 'failed', at },
      ],
      seal,
      restartInstance: false,
      volumeSizeGiB: null,
      images: [],
      error: {
        code: 'SealIncomplete',
        message: `The seal did not finish: ${seal.reason}.`,
        remedy: 'Image it unsealed (it is tagged kiln:sealed=false), or fix the instance and launch again.',
      },
    };
    await deps.records.update(launchId, (r) => ({ ...r, bakes: [...(r.bakes ?? []), bake] }));
  }

  async function updateBake(launchId: string, bakeId: string, change: (bake: Bake) => Bake): Promise<Bake> {
    const record = await deps.records.update(launchId, (r) => ({
      ...r,
      bakes: (r.bakes ?? []).map((bake) => (bake.id === bakeId ? change(bake) : bake)),
    }));
    return record.bakes!.find((bake) => bake.id === bakeId)!;
  }

  const toPhase =
    (phase: BakePhase) =>
    (bake: Bake): Bake =>
      bake.phase === phase
        ? bake
        : { ...bake, phase, timeline: [...bake.timeline, { phase, at: now().toISOString() }] };

  async function fail(launchId: string, bakeId: string, error: unknown): Promise<void> {
    const kiln =
      error instanceof KilnFailure
        ? error.error
        : { code: 'BakeFailed', message: error instanceof Error ? error.message : String(error) };
    deps.log(`the bake ${bakeId} of ${launchId} failed`, error);
    await updateBake(launchId, bakeId, (bake) => ({ ...toPhase('failed')(bake), error: kiln })).catch((e) =>
      deps.log('saving the failed bake failed', e),
    );
  }

  function watchImage(context: ProfileContext, region: string, imageId: string): void {
    if (!watchedSince.has(imageId)) watchedSince.set(imageId, now().getTime());
    watcherFor(context, region).watch(imageId);
  }

  function watcherFor(context: ProfileContext, region: string): ImageWatcher {
    const key = `${context.profile.id}\u0000${region}`;
    let watcher = watchers.get(key);
    if (!watcher) {
      watcher = createImageWatcher({
        ec2: deps.clients.get(context, region).ec2Polling,
        intervalMs: deps.watchIntervalMs,
        onObservation: (observation) =>
          void observe(context, region, observation).catch((e) => deps.log('recording image progress failed', e)),
        onError: (error) => deps.log(`watching images in ${region} failed`, error),
      });
      watchers.set(key, watcher);
    }
    return watcher;
  }

  async function observe(context: ProfileContext, region: string, observation: ImageObservation): Promise<void> {
    // EC2 is eventually consistent: a new image can be unknown to DescribeImages for a moment after CreateImage.
    const since = watchedSince.get(observation.imageId) ?? 0;
    if (observation.state === 'missing' && now().getTime() - since < MISSING_GRACE_MS) return;
    const done = observation.state === 'available' || observation.state === 'failed' || observation.state === 'missing';
    if (done) watcherFor(context, region).unwatch(observation.imageId);
    deps.onImageChange({ profileId: context.profile.id, region, observation });
    const owner = owners.get(observation.imageId);
    if (!owner) return;
    const bake = await updateBake(owner.launchId, owner.bakeId, (b) => ({
      ...b,
      images: b.images.map((image) =>
        image.imageId === observation.imageId ? withObservation(image, observation, now()) : image,
      ),
    }));
    if (done) owners.delete(observation.imageId);
    await advance(context, owner.launchId, bake);
  }

  /** After an observation: copy once the first image is available, finish when every image is, fail on a failure. */
  async function advance(context: ProfileContext, launchId: string, bake: Bake): Promise<void> {
    const failed = bake.images.find((image) => image.state === 'failed' || image.state === 'missing');
    if (failed) {
      const why =
        failed.state === 'missing' ? 'it was deregistered outside Kiln' : (failed.stateReason ?? 'AWS gave no reason');
      return fail(
        launchId,
        bake.id,
        new KilnFailure({
          code: 'ImageFailed',
          message: `The image ${failed.imageId} in ${failed.region} failed: ${why}.`,
          remedy: "Save the launch as an AMI again; if it fails again, check the instance's volumes.",
        }),
      );
    }
    const [first] = bake.images;
    if (first?.state !== 'available') return;
    const copies = bake.request.copyToRegions.filter((region) => !bake.images.some((image) => image.region === region));
    if (copies.length > 0) {
      if (copying.has(bake.id)) return;
      copying.add(bake.id);
      return startCopies(context, launchId, bake, first, copies).finally(() => copying.delete(bake.id));
    }
    if (bake.images.every((image) => image.state === 'available'))
      await updateBake(launchId, bake.id, toPhase('available'));
  }

  async function startCopies(
    context: ProfileContext,
    launchId: string,
    bake: Bake,
    source: BakedImage,
    regions: string[],
  ): Promise<void> {
    await updateBake(launchId, bake.id, toPhase('copying'));
    const tags = imageTags(deps.records.get(launchId), bake.request, bake.id, bake.seal?.sealed ?? false);
    for (const region of regions) {
      try {
        const imageId = await copyImage(
          context,
          deps.clients.get(context, region).ec2,
          {
            imageId: source.imageId,
            region: source.region,
            name: bake.request.name,
            description: bake.request.description || undefined,
          },
          tags,
          `${bake.id}:${region}`,
        );
        const copy: BakedImage = {
          imageId,
          region,
          state: 'pending',
          snapshots: [],
          copiedFrom: source.imageId,
          createdAt: now().toISOString(),
        };
        await updateBake(launchId, bake.id, (b) => ({ ...b, images: [...b.images, copy] }));
        owners.set(imageId, { launchId, bakeId: bake.id });
        watchImage(context, region, imageId);
      } catch (error) {
        return fail(launchId, bake.id, error);
      }
    }
  }

  /** Stop (when asked), CreateImage, start again, then watch: the part after the operator's click is answered. */
  async function run(launchId: string, bakeId: string): Promise<void> {
    try {
      const record = deps.records.get(launchId);
      const bake = record.bakes!.find((b) => b.id === bakeId)!;
      const context = await contextOf(record);
      const ec2 = deps.clients.get(context, record.spec.region).ec2;
      if (bake.phase === 'stopping') {
        await stopAndWait(context, ec2, record.instanceId!, { intervalMs: deps.stopPollMs });
        await updateBake(launchId, bakeId, toPhase('creating-image'));
      }
      const tags = imageTags(record, bake.request, bakeId, bake.seal?.sealed ?? false);
      // After a restart between CreateImage and saving its answer, the image exists already: adopt it.
      const imageId =
        (await imageOfBake(context, ec2, bakeId)) ??
        (await createImage(context, ec2, record.instanceId!, bake.request, tags));
      const image: BakedImage = {
        imageId,
        region: record.spec.region,
        state: 'pending',
        snapshots: [],
        createdAt: now().toISOString(),
      };
      owners.set(imageId, { launchId, bakeId });
      await updateBake(launchId, bakeId, (b) => ({ ...toPhase('pending')(b), images: [image] }));
      watchImage(context, record.spec.region, imageId);
      // A sealed instance boots again as a new one: cloud-init makes new host keys, so the pinned ones are void.
      if (bake.seal?.sealed) await deps.records.update(launchId, (r) => ({ ...r, hostKeys: undefined }));
      if (bake.restartInstance) {
        await ec2
          .send(new StartInstancesCommand({ InstanceIds: [record.instanceId!] }))
          .catch(async (error: unknown) => {
            deps.log(`could not start ${record.instanceId} again after imaging it`, error);
            const warning = {
              code: 'RestartFailed',
              message: `Kiln could not start ${record.instanceId} again after imaging it: ${error instanceof Error ? error.message : String(error)}.`,
              remedy: 'Start it in the EC2 console; the image is not affected.',
            };
            await updateBake(launchId, bakeId, (b) => ({ ...b, warnings: [...(b.warnings ?? []), warning] }));
          });
      }
    } catch (error) {
      await fail(launchId, bakeId, error);
    }
  }

  return {
    async preview(request) {
      const { record, state, volumes } = await checkBakeRequest(deps, request);
      const sizeGiB = volumes.reduce((sum, v) => sum + v.sizeGiB, 0);
      const perMonth = snapshotMonthlyCost(sizeGiB);
      const agent = agentNote(record, state);
      const regions = [record.spec.region, ...request.copyToRegions];
      return {
        volumes,
        usdPerMonth: perMonth,
        usdPerMonthAllRegions: perMonth === null ? null : perMonth * regions.length,
        priceNote: SNAPSHOT_PRICE_NOTE,
        instanceState: state,
        agentReachable: agent.reachable,
        agentNote: agent.note,
        willCreate: [
          ...regions.map(
            (region) =>
              `AMI "${request.name}" in ${region}, with ${volumes.length} EBS ${volumes.length === 1 ? 'snapshot' : 'snapshots'} (${sizeGiB} GiB)`,
          ),
          request.mode === 'stop' && state === 'running'
            ? 'The instance is stopped for the image, then started again.'
            : request.mode === 'reboot'
              ? 'EC2 reboots the instance while it images it.'
              : 'The instance stays stopped.',
          ...(agent.reachable
            ? [
                'Sealed, the instance boots as a new one when it starts again: new SSH host keys, and its user data runs again.',
              ]
            : []),
        ],
        estimatedMinutes: Math.max(3, Math.round(2 + sizeGiB * 0.5)),
      };
    },

    async start(request) {
      const { record, context, state, volumes } = await checkBakeRequest(deps, request);
      const agent = agentNote(record, state);
      let seal: SealReport;
      if (agent.reachable) {
        seal = await deps.sealer
          .seal(context, record, { keepAgent: request.keepAgent, generalize: request.generalize })
          .catch((error: unknown) => {
            if (!request.allowUnsealed)
              throw sealRefusal(error instanceof KilnFailure ? error.error.message : String(error));
            return {
              sealed: false,
              removed: [],
              kept: [],
              actions: [],
              reason: error instanceof KilnFailure ? error.error.message : String(error),
            };
          });
        if (!seal.sealed && !request.allowUnsealed) {
          // Part of the seal ran: record what it did (its agent is gone now), then ask for consent to image the rest.
          const failed = seal.actions
            .filter((action) => !action.ok)
            .map((action) => `${action.command}${action.detail ? ` (${action.detail})` : ''}`);
          const reason = `the agent could not finish the seal: ${failed.join('; ') || 'a step failed'}`;
          await recordPartialSeal(record.id, request, { ...seal, reason });
          throw sealRefusal(reason);
        }
      } else {
        if (!request.allowUnsealed) throw sealRefusal(agent.note);
        seal = { sealed: false, removed: [], kept: [], actions: [], reason: agent.note };
      }
      const phase: BakePhase = request.mode === 'stop' && state === 'running' ? 'stopping' : 'creating-image';
      const bake: Bake = {
        id: randomUUID(),
        request,
        phase,
        startedAt: now().toISOString(),
        timeline: [{ phase, at: now().toISOString() }],
        seal,
        restartInstance: phase === 'stopping',
        volumeSizeGiB: volumes.reduce((sum, v) => sum + v.sizeGiB, 0),
        images: [],
      };
      const saved = await deps.records.update(record.id, (r) => ({ ...r, bakes: [...(r.bakes ?? []), bake] }));
      void run(record.id, bake.id);
      return saved;
    },

    resume() {
      for (const record of deps.records.list()) {
        for (const bake of record.bakes ?? []) {
          if (FINAL_PHASES.includes(bake.phase)) continue;
          if (bake.phase === 'sealing' || bake.images.length === 0) {
            // Stopped before CreateImage answered: the name check of CreateImage refuses a duplicate, so going on is safe.
            void run(record.id, bake.id);
            continue;
          }
          void contextOf(record).then(
            (context) => {
              if (bake.images.every((image) => image.state === 'available')) void advance(context, record.id, bake);
              for (const image of bake.images) {
                if (image.state === 'available' || image.state === 'failed') continue;
                owners.set(image.imageId, { launchId: record.id, bakeId: bake.id });
                watchImage(context, image.region, image.imageId);
              }
            },
            (error: unknown) => deps.log(`cannot resume watching the images of ${record.id}`, error),
          );
        }
      }
    },

    watchImage(profileId, region, imageId) {
      void deps.profiles.get(profileId).then(
        (context) => watchImage(context, region, imageId),
        (error: unknown) => deps.log('cannot watch the copy', error),
      );
    },

    dispose() {
      for (const watcher of watchers.values()) watcher.stop();
      watchers.clear();
    },
  };
}

function withObservation(image: BakedImage, observation: ImageObservation, at: Date): BakedImage {
  return {
    ...image,
    state: observation.state,
    stateReason: observation.stateReason,
    snapshots: observation.snapshots.length > 0 ? observation.snapshots : image.snapshots,
    availableAt: observation.state === 'available' ? (image.availableAt ?? at.toISOString()) : image.availableAt,
  };
}

function sealRefusal(why: string): KilnFailure {
  return new KilnFailure({
    code: 'SealFailed',
    message: `Kiln could not seal the instance before imaging it: ${why}`,
    remedy:
      "Fix what the message names (the connectivity doctor helps), or confirm imaging it unsealed: the image then keeps the agent's token hash, TLS key, journal and the install script, and is tagged kiln:sealed=false.",
  });
}
