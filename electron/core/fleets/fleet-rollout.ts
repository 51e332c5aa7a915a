/**
 * Rolling out another image to a running fleet: the image is checked where the fleet runs (the same preflight as a
 * creation: available, its root volume against the fleet's storage, a DryRun), then a new launch template version
 * that the group launches from, then an instance refresh that replaces the instances a few at a time. A refresh that
 * is refused (one already running, or any error) removes that version again, so the fleet is as before.
 */
import { StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateVersionCommand, DeleteLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import type { FleetRecord, FleetResource } from '../../common/models';
import { KilnFailure, type KilnError } from '../../common/result';
import { toKilnError } from '../aws/errors';
import { awsCall } from '../aws/clients';
import { checkFleetImage } from './fleet-preflight';
import { activeResource, type FleetRecordAccess } from './fleet-record-access';
import { asSentence, fleetTags, instanceGroupIds, launchTemplateData, type FleetStepContext } from './fleet-steps';

export interface RolloutOptions {
  /** How much of the group stays in service while instances are replaced; default 90 %. */
  minHealthyPercentage?: number;
  /**
   * Launch each replacement before terminating the instance it replaces (MaxHealthyPercentage 200): the whole group
   * stays in service, and for a while up to twice as many instances run (and are billed).
   */
  launchFirst?: boolean;
}

/** The instance refresh's preferences for the operator's choice. */
export function refreshPreferences(options: RolloutOptions) {
  return options.launchFirst
    ? { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, InstanceWarmup: 60 }
    : { MinHealthyPercentage: options.minHealthyPercentage ?? 90, InstanceWarmup: 60 };
}

export async function rollOutImage(
  access: FleetRecordAccess,
  fleetId: string,
  imageId: string,
  options: RolloutOptions = {},
): Promise<FleetRecord> {
  const record = await access.find(fleetId);
  const what = 'a new image cannot be rolled out';
  const template = activeResource(record, 'launch-template', what);
  const group = activeResource(record, 'auto-scaling-group', what);
  const spec = { ...record.spec, imageId };
  const step = await access.stepContext(spec, fleetId, record.resources);
  // The new image must launch where the fleet runs, with the fleet's root volume, before anything changes.
  const rootVolume = await checkFleetImage(step);
  const version = await awsCall(step.context, `add a version to ${template.name}`, () =>
    step.clients.ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: template.id,
        SourceVersion: '$Latest',
        VersionDescription: `${imageId} ${spec.instanceType}`,
        LaunchTemplateData: launchTemplateData(
          spec,
          instanceGroupIds(step),
          fleetTags(fleetId, template.name),
          rootVolume,
        ),
      }),
    ),
  );
  const templateVersion = String(version.LaunchTemplateVersion?.VersionNumber ?? '');
  const refreshAction = `start replacing the instances of ${group.name}`;
  let refresh;
  try {
    refresh = await step.clients.autoscaling.send(
      new StartInstanceRefreshCommand({ AutoScalingGroupName: group.id, Preferences: refreshPreferences(options) }),
    );
  } catch (error) {
    // The group launches from `$Latest`: left in place, the new version would start the new image on the group's
    // next launch while the fleet record still names the old one.
    const refusal = toKilnError(error, { action: refreshAction, endpoint: step.context.endpointForErrors });
    throw await withdrawVersion(step, template, templateVersion, refusal);
  }
  return access.save({
    ...record,
    spec,
    rollout: {
      imageId,
      templateVersion,
      refreshId: refresh.InstanceRefreshId ?? '',
      startedAt: access.now().toISOString(),
    },
  });
}

/**
 * Deletes the launch template version a refused rollout added, so `$Latest` is the previous version again, and
 * returns the refusal to throw, saying whether the version is gone (nothing changed) or still there.
 */
async function withdrawVersion(
  step: FleetStepContext,
  template: FleetResource,
  templateVersion: string,
  error: KilnError,
): Promise<KilnFailure> {
  let problem: string | undefined;
  try {
    const out = await step.clients.ec2.send(
      new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: template.id, Versions: [templateVersion] }),
    );
    const failed = out.UnsuccessfullyDeletedLaunchTemplateVersions?.[0]?.ResponseError;
    if (failed) problem = failed.Message ?? failed.Code ?? 'refused';
  } catch (deleteError) {
    problem = deleteError instanceof Error ? deleteError.message : String(deleteError);
  }
  if (problem === undefined) {
    return new KilnFailure({
      ...error,
      message: `${asSentence(error.message)} The launch template version ${templateVersion} Kiln had just added was removed again, so nothing changed: the group still launches the fleet's current image.`,
    });
  }
  return new KilnFailure({
    ...error,
    message: `${asSentence(error.message)} The launch template version ${templateVersion} Kiln had just added could not be removed (${problem}): the group's next instances will start from the new image.`,
    remedy:
      `Delete version ${templateVersion} of ${template.name} in the EC2 console (Launch templates), then retry. ${error.remedy ?? ''}`.trim(),
  });
}
