/**
 * What a fleet's image and choices must pass before anything is made (creation and rollout alike): the image exists
 * and is available, a RunInstances DryRun with the launch template's own fields (image, type, key, instance profile,
 * security groups, root volume, user data, tags) in the first subnet, the extra security groups belong to the
 * subnets' VPC, the root volume is at least the image's snapshot and of a type that boots, and (at creation) this
 * identity may create the fleet's security groups and launch template. Each refusal names the spec field it is about
 * and says that nothing was created.
 */
import {
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
  type Image,
} from '@aws-sdk/client-ec2';
import type { FleetSpec } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode, toKilnError } from '../aws/errors';
import { toImageSummary } from '../catalog/image-summary';
import { dryRun } from '../launch/dry-run';
import { planRootVolume } from '../launch/preflight';
import { fleetResourceName } from './fleet-plan';
import {
  asSentence,
  fleetLaunchTemplateInput,
  fleetSecurityGroupInput,
  fleetTags,
  instanceGroupIds,
  launchTemplateData,
  type FleetStepContext,
} from './fleet-steps';

/** The root volume every instance of the fleet gets: the image's root device, with the fleet's size and type. */
export interface FleetRootVolume {
  deviceName: string;
  sizeGiB?: number;
  volumeType: string;
  encrypted: boolean;
}

/**
 * The image is checked first (a bake still pending is refused), then its root volume against the fleet's storage,
 * then RunInstances with DryRun: what the launch template will say, in the group's first subnet, checked by EC2 itself
 * (an instance profile that does not exist, or whose role this identity may not pass, is refused here).
 * Returns the root volume mapping the launch template writes (undefined keeps the image's own).
 */
export async function checkFleetImage(step: FleetStepContext): Promise<FleetRootVolume | undefined> {
  const { spec } = step;
  const image = await readImage(step);
  const rootVolume = fleetRootVolume(spec, image, nothingDone(step));
  // The launch template's own fields, so EC2 checks what the group will launch with: the instance profile (and
  // iam:PassRole for its role), the security groups, the root volume, user data, metadata options and tags. The
  // fleet's own group is in it once it exists (a rollout); at creation only the operator's extra groups are.
  const data = launchTemplateData(
    spec,
    instanceGroupIds(step),
    fleetTags(step.fleetId, fleetResourceName(step.fleetId, spec.name)),
    rootVolume,
  );
  try {
    await step.clients.ec2.send(
      new RunInstancesCommand({
        DryRun: true,
        ImageId: data.ImageId,
        InstanceType: data.InstanceType,
        SubnetId: spec.subnetIds[0],
        KeyName: data.KeyName,
        IamInstanceProfile: data.IamInstanceProfile,
        SecurityGroupIds: data.SecurityGroupIds?.length ? data.SecurityGroupIds : undefined,
        BlockDeviceMappings: data.BlockDeviceMappings,
        UserData: data.UserData,
        MetadataOptions: data.MetadataOptions,
        TagSpecifications: data.TagSpecifications,
        MinCount: 1,
        MaxCount: 1,
      }),
    );
  } catch (error) {
    if (awsErrorCode(error) === 'DryRunOperation') return rootVolume;
    const failure = toKilnError(error, {
      action: `check that EC2 can launch ${spec.instanceType} from ${spec.imageId} as the fleet's launch template says`,
      endpoint: step.context.endpointForErrors,
    });
    throw new KilnFailure({
      ...failure,
      message: `${asSentence(failure.message)} ${nothingDone(step)}`,
      field: failure.field ?? (spec.instanceProfile && isAboutInstanceProfile(error) ? 'instanceProfile' : undefined),
    });
  }
  return rootVolume;
}

/** The wizard's own rule (at least the snapshot's size, no HDD types), with the fleet's wording. */
export function fleetRootVolume(
  spec: FleetSpec,
  image: Image,
  nothing = 'Nothing was created.',
): FleetRootVolume | undefined {
  if (!spec.storage) return undefined;
  try {
    return planRootVolume(toImageSummary(image), spec.storage);
  } catch (error) {
    if (!(error instanceof KilnFailure)) throw error;
    throw new KilnFailure({ ...error.error, message: `${error.error.message} ${nothing}` });
  }
}

/** What a refusal left as it was: nothing exists yet at creation; a rollout leaves the fleet unchanged. */
const nothingDone = (step: Pick<FleetStepContext, 'created'>) =>
  step.created.length > 0 ? 'Nothing was changed.' : 'Nothing was created.';

/** Every extra security group exists and is a group of the fleet's VPC (AWS would refuse the template's instances). */
export async function checkFleetSecurityGroups(
  step: Pick<FleetStepContext, 'context' | 'clients' | 'spec'>,
  vpcId: string,
): Promise<void> {
  const wanted = [...new Set(step.spec.securityGroupIds ?? [])];
  if (wanted.length === 0) return;
  const out = await awsCall(step.context, `list the security groups of ${vpcId}`, () =>
    step.clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
  );
  const known = new Set((out.SecurityGroups ?? []).map((g) => g.GroupId));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new KilnFailure({
      code: 'InvalidGroup.NotFound',
      message: `${missing.join(', ')} ${missing.length === 1 ? 'is not a security group' : 'are not security groups'} of VPC ${vpcId}, where the fleet's subnets are. Nothing was created.`,
      remedy: 'Choose security groups of the fleet’s VPC from the list.',
      field: 'securityGroupIds',
    });
  }
}

/** EC2 names the instance profile when it refuses it (moto answers NoSuchEntity, AWS InvalidParameterValue). */
function isAboutInstanceProfile(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return awsErrorCode(error) === 'NoSuchEntity' || /instance ?profile/i.test(text);
}

async function readImage(step: FleetStepContext): Promise<Image> {
  const { spec } = step;
  let image: Image | undefined;
  try {
    image = (await step.clients.ec2.send(new DescribeImagesCommand({ ImageIds: [spec.imageId] }))).Images?.[0];
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidAMIID.NotFound') throwAwsFailure(step.context, `read ${spec.imageId}`, error);
  }
  if (!image) {
    throw new KilnFailure({
      code: 'InvalidAMIID.NotFound',
      message: `The image ${spec.imageId} does not exist in ${spec.region}, or this account may not use it. ${nothingDone(step)}`,
      remedy: 'Choose an image of this region (copy a Kiln-baked image here first from the Images page).',
      field: 'imageId',
    });
  }
  if (image.State !== 'available') {
    throw new KilnFailure({
      code: 'ImageNotAvailable',
      message: `The image ${spec.imageId} is ${image.State ?? 'not available'}. ${nothingDone(step)}`,
      remedy: 'Wait until the image is available (the Images page shows its progress).',
      field: 'imageId',
    });
  }
  return image;
}

/**
 * Asks EC2 whether this identity may create the fleet's security group and launch template, tags included (tagging on
 * create is a permission of its own), before anything exists: both requests go out with DryRun, as the wizard's do,
 * and a denial names the missing action (decoded through STS where that is permitted). Auto Scaling, Elastic Load
 * Balancing and Route 53 have no DryRun: a denial there is rolled back instead.
 */
export async function checkFleetPermissions(
  step: FleetStepContext,
  vpcId: string,
  rootVolume: FleetRootVolume | undefined,
): Promise<void> {
  const name = fleetResourceName(step.fleetId, step.spec.name);
  const { ec2 } = step.clients;
  try {
    await dryRun(step.context, step.clients, 'CreateSecurityGroup', () =>
      ec2.send(new CreateSecurityGroupCommand({ ...fleetSecurityGroupInput(step, name, vpcId), DryRun: true })),
    );
    await dryRun(step.context, step.clients, 'CreateLaunchTemplate', () =>
      ec2.send(new CreateLaunchTemplateCommand({ ...fleetLaunchTemplateInput(step, name, rootVolume), DryRun: true })),
    );
  } catch (error) {
    if (!(error instanceof KilnFailure)) throw error;
    throw new KilnFailure({ ...error.error, message: `${asSentence(error.error.message)} Nothing was created.` });
  }
}
