/**
 * What a bake checks before anything is made (a refusal creates and changes nothing): an instance that EC2 can image,
 * copy regions that are the profile's and not the image's own, a free image name; and whether the agent can seal.
 */
import type { BakePreview, BakeRequest, LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { ProfileContext } from '../profiles/profile-context';
import type { BakeServiceDeps } from './bake-service';
import { checkImageNameFree, describeInstanceVolumes } from './image-calls';

/** Refuses a bake that cannot be made, and returns what the preview and start go on with. */
export async function checkBakeRequest(
  deps: Pick<BakeServiceDeps, 'records' | 'profiles' | 'clients'>,
  request: BakeRequest,
): Promise<{ record: LaunchRecord; context: ProfileContext; state: string; volumes: BakePreview['volumes'] }> {
  const record = deps.records.get(request.launchId);
  if (!record.instanceId || record.phase === 'terminating' || record.phase === 'terminated') {
    throw new KilnFailure({
      code: 'NoInstance',
      message: `${record.spec.name} has no instance to image.`,
      remedy: 'Launch again, then save it as an AMI.',
    });
  }
  const context = await deps.profiles.get(record.spec.profileId);
  const region = record.spec.region;
  const ec2 = deps.clients.get(context, region).ec2;
  const { state, volumes } = await describeInstanceVolumes(context, ec2, record.instanceId);
  if (state !== 'running' && state !== 'stopped') {
    throw new KilnFailure({
      code: 'InstanceNotImageable',
      message: `The instance is ${state}; EC2 images running or stopped instances.`,
      remedy: 'Wait until it is running or stopped.',
    });
  }
  for (const target of request.copyToRegions) {
    if (target === region)
      throw new KilnFailure({
        code: 'CopyToSameRegion',
        message: `The image is made in ${region} already.`,
        remedy: 'Pick other regions to copy it to.',
        field: 'copyToRegions',
      });
    if (context.regions && !context.regions.includes(target)) {
      throw new KilnFailure({
        code: 'RegionNotAvailable',
        message: `${target} is not a region of this profile.`,
        remedy: `Pick one of ${context.regions.join(', ')}.`,
        field: 'copyToRegions',
      });
    }
  }
  await checkImageNameFree(context, ec2, request.name, region);
  return { record, context, state, volumes };
}

/** Whether the agent can seal the instance now, and the sentence that says so. */
export function agentNote(record: LaunchRecord, state: string): { reachable: boolean; note: string } {
  if (state !== 'running') return { reachable: false, note: 'The instance is stopped, so its agent cannot seal it.' };
  if (!record.outcome)
    return { reachable: false, note: 'The install has not ended; the agent seals only a finished install.' };
  // Any seal that ran (even one with a failed step) ends with the agent stopping itself for good.
  const sealedBy = record.bakes?.find(
    (bake) => bake.seal && (bake.seal.sealed || bake.seal.removed.length > 0 || bake.seal.actions.length > 0),
  );
  if (sealedBy)
    return {
      reachable: false,
      note: `The instance was sealed for "${sealedBy.request.name}": its agent removed itself then.`,
    };
  return { reachable: true, note: 'Kiln opens the agent port to your address for the seal, and closes it again.' };
}
