/**
 * Rolling out another image to a running fleet: the image is checked where the fleet runs (the same preflight as a
 * creation: available, its root volume against the fleet's storage, a DryRun), then a new launch template version
 * that the group launches from, then an instance refresh that replaces the instances a few at a time.
 */
import { StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateVersionCommand } from '@aws-sdk/client-ec2';
import type { FleetRecord } from '../../common/models';
import { awsCall } from '../aws/clients';
import { fleetResourceName } from './fleet-plan';
import { checkFleetImage } from './fleet-preflight';
import { activeResource, type FleetRecordAccess } from './fleet-record-access';
import { fleetTags, launchTemplateData } from './fleet-steps';

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
  const ownGroupIds = record.resources
    .filter((r) => r.kind === 'security-group' && r.name !== fleetResourceName(fleetId, spec.name, '-lb'))
    .map((r) => r.id!);
  const version = await awsCall(step.context, `add a version to ${template.name}`, () =>
    step.clients.ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: template.id,
        SourceVersion: '$Latest',
        VersionDescription: `${imageId} ${spec.instanceType}`,
        LaunchTemplateData: launchTemplateData(spec, ownGroupIds, fleetTags(fleetId, template.name), rootVolume),
      }),
    ),
  );
  const templateVersion = String(version.LaunchTemplateVersion?.VersionNumber ?? '');
  const refresh = await awsCall(step.context, `start replacing the instances of ${group.name}`, () =>
    step.clients.autoscaling.send(
      new StartInstanceRefreshCommand({
        AutoScalingGroupName: group.id,
        Preferences: refreshPreferences(options),
      }),
    ),
  );
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
