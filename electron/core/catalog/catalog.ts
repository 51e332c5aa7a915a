/** Read-only look-ups for the wizard: regions, AMIs, instance types. Cached per profile and region. */
import {
  DescribeImagesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  paginateDescribeInstanceTypes,
  type Image,
} from '@aws-sdk/client-ec2';
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import type { ImageSummary, InstanceTypeSummary, KeyPairSummary, Region, SubnetSummary } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import { listKeyPairs } from '../keypairs/key-pairs';
import type { ProfileContext } from '../profiles/profile-context';
import { QUICK_START_AMIS } from './quick-start';

export interface Catalog {
  regions(context: ProfileContext): Promise<Region[]>;
  quickStartImages(context: ProfileContext, region: string): Promise<ImageSummary[]>;
  describeImage(context: ProfileContext, region: string, imageId: string): Promise<ImageSummary>;
  instanceTypes(context: ProfileContext, region: string, architecture: string): Promise<InstanceTypeSummary[]>;
  /** Not cached: a key pair created a moment ago must show up, and a taken name must be seen. */
  keyPairs(context: ProfileContext, region: string): Promise<KeyPairSummary[]>;
  /** Subnets of the region's default VPC, default-for-zone ones first; empty when there is no default VPC. */
  defaultVpcSubnets(context: ProfileContext, region: string): Promise<SubnetSummary[]>;
}

const REGION_FALLBACK = 'us-east-1';

export function createCatalog(deps: { clients: AwsClientPool }): Catalog {
  const cache = new Map<string, Promise<unknown>>();
  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let entry = cache.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = load();
      cache.set(key, entry);
      // Failures are not cached: the next call tries again.
      entry.catch(() => cache.delete(key));
    }
    return entry;
  }

  async function allInstanceTypes(context: ProfileContext, region: string): Promise<InstanceTypeSummary[]> {
    const { ec2 } = deps.clients.get(context, region);
    return awsCall(context, 'list instance types', async () => {
      const offered = new Set<string>();
      let nextToken: string | undefined;
      do {
        const page = await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: 'region', NextToken: nextToken }));
        for (const offering of page.InstanceTypeOfferings ?? []) if (offering.InstanceType) offered.add(offering.InstanceType);
        nextToken = page.NextToken;
      } while (nextToken);
      const types: InstanceTypeSummary[] = [];
      for await (const page of paginateDescribeInstanceTypes({ client: ec2 }, {})) {
        for (const t of page.InstanceTypes ?? []) {
          if (!t.InstanceType || (offered.size > 0 && !offered.has(t.InstanceType))) continue;
          types.push({
            instanceType: t.InstanceType,
            vcpus: t.VCpuInfo?.DefaultVCpus ?? 0,
            memoryMiB: t.MemoryInfo?.SizeInMiB ?? 0,
            architectures: t.ProcessorInfo?.SupportedArchitectures ?? [],
            freeTierEligible: t.FreeTierEligible ?? false,
          });
        }
      }
      return types.sort(compareInstanceTypes);
    });
  }

  return {
    regions: (context) =>
      cached(`${context.profile.id}|regions`, async () => {
        const region = context.profile.defaultRegion ?? REGION_FALLBACK;
        const { ec2 } = deps.clients.get(context, region);
        const out = await awsCall(context, 'list regions', () => ec2.send(new DescribeRegionsCommand({})));
        return (out.Regions ?? [])
          .filter((r) => r.RegionName && (!context.regions || context.regions.includes(r.RegionName)))
          .map((r) => ({ name: r.RegionName!, optInStatus: r.OptInStatus }))
          .sort((a, b) => a.name.localeCompare(b.name));
      }),

    quickStartImages: (context, region) =>
      cached(`${context.profile.id}|${region}|quick-start`, async () => {
        const { ssm, ec2 } = deps.clients.get(context, region);
        const params = await awsCall(context, 'resolve quick-start AMIs', () =>
          ssm.send(new GetParametersCommand({ Names: QUICK_START_AMIS.map((q) => q.parameter) })),
        );
        const idByParam = new Map((params.Parameters ?? []).map((p) => [p.Name, p.Value]));
        const ids = [...new Set([...idByParam.values()].filter((v): v is string => Boolean(v)))];
        if (ids.length === 0) return [];
        const images = await awsCall(context, 'describe quick-start AMIs', () =>
          ec2.send(new DescribeImagesCommand({ ImageIds: ids })),
        );
        const byId = new Map((images.Images ?? []).map((image) => [image.ImageId, image]));
        return QUICK_START_AMIS.flatMap((entry) => {
          const image = byId.get(idByParam.get(entry.parameter));
          return image ? [{ ...toImageSummary(image), label: entry.label, description: entry.description }] : [];
        });
      }),

    describeImage: async (context, region, imageId) => {
      const { ec2 } = deps.clients.get(context, region);
      const out = await awsCall(context, `describe AMI ${imageId}`, () =>
        ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })),
      );
      const image = out.Images?.[0];
      if (!image) {
        throw new KilnFailure({
          code: 'InvalidAMIID.NotFound',
          message: `AMI ${imageId} does not exist in ${region}, or this account cannot use it.`,
          remedy: 'Check the AMI id and the region, or pick a quick-start AMI.',
          field: 'imageId',
        });
      }
      return toImageSummary(image);
    },

    instanceTypes: async (context, region, architecture) => {
      const all = await cached(`${context.profile.id}|${region}|types`, () => allInstanceTypes(context, region));
      return all.filter((t) => t.architectures.includes(architecture));
    },

    keyPairs: (context, region) => listKeyPairs(context, deps.clients.get(context, region).ec2),

    defaultVpcSubnets: async (context, region) => {
      const { ec2 } = deps.clients.get(context, region);
      const vpcs = await awsCall(context, 'find the default VPC', () =>
        ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] })),
      );
      const vpcId = vpcs.Vpcs?.[0]?.VpcId;
      if (!vpcId) return [];
      const out = await awsCall(context, 'list subnets', () =>
        ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
      );
      return (out.Subnets ?? [])
        .filter((s) => s.SubnetId)
        .map((s) => ({
          subnetId: s.SubnetId!,
          vpcId,
          availabilityZone: s.AvailabilityZone ?? '',
          cidrBlock: s.CidrBlock,
          mapPublicIpOnLaunch: s.MapPublicIpOnLaunch ?? false,
          defaultForAz: s.DefaultForAz ?? false,
        }))
        .sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone) || a.subnetId.localeCompare(b.subnetId));
    },
  };
}

export function toImageSummary(image: Image): ImageSummary {
  const root = image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName);
  return {
    imageId: image.ImageId ?? '',
    name: image.Name ?? image.ImageId ?? '',
    description: image.Description,
    architecture: image.Architecture ?? 'x86_64',
    platform: image.Platform?.toLowerCase() === 'windows' || /windows/i.test(image.PlatformDetails ?? '') ? 'windows' : 'linux',
    creationDate: image.CreationDate,
    rootDeviceName: image.RootDeviceName,
    rootVolumeSizeGiB: root?.Ebs?.VolumeSize,
  };
}

/** Family order first, then size within a family (nano < micro < small < … < metal). */
const SIZE_ORDER = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'];
function compareInstanceTypes(a: InstanceTypeSummary, b: InstanceTypeSummary): number {
  const [fa, sa = ''] = a.instanceType.split('.');
  const [fb, sb = ''] = b.instanceType.split('.');
  if (fa !== fb) return fa!.localeCompare(fb!);
  return sizeRank(sa) - sizeRank(sb) || sa.localeCompare(sb);
}
function sizeRank(size: string): number {
  const index = SIZE_ORDER.indexOf(size);
  if (index >= 0) return index;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? SIZE_ORDER.length + Number(multiple[1]) : 1_000;
}
