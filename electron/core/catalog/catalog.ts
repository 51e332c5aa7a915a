/** Read-only look-ups for the wizard: regions, AMIs, instance types and prices. Cached per profile and region. */
import {
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import type {
  ImagePage,
  ImageSummary,
  InstancePriceList,
  InstanceTypeSummary,
  KeyPairSummary,
  QuickStartTile,
  Region,
  SubnetSummary,
} from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import { listKeyPairs } from '../keypairs/key-pairs';
import { createPriceService, type PriceService } from '../pricing/price-service';
import type { ProfileContext } from '../profiles/profile-context';
import { describeImagePage, ownImagesRequest, searchRequest, type OwnImagesScope } from './image-listing';
import { toImageSummary } from './image-summary';
import { listOfferedInstanceTypes } from './instance-types';
import { QUICK_START_AMIS, SSM_NAMES_PER_CALL, toQuickStartTiles } from './quick-start';

export { toImageSummary } from './image-summary';

export interface Catalog {
  regions(context: ProfileContext): Promise<Region[]>;
  /** Every quick-start tile; those whose parameter does not resolve in the region carry the reason. */
  quickStartTiles(context: ProfileContext, region: string): Promise<QuickStartTile[]>;
  /** The quick-start images that resolve in the region. */
  quickStartImages(context: ProfileContext, region: string): Promise<ImageSummary[]>;
  describeImage(context: ProfileContext, region: string, imageId: string): Promise<ImageSummary>;
  /** One page of the account's own AMIs, or of those Kiln baked. */
  ownImages(context: ProfileContext, region: string, scope: OwnImagesScope, nextToken?: string): Promise<ImagePage>;
  /** One page of AMIs found by id or by a name fragment. */
  searchImages(context: ProfileContext, region: string, text: string, nextToken?: string): Promise<ImagePage>;
  instanceTypes(context: ProfileContext, region: string, architecture: string): Promise<InstanceTypeSummary[]>;
  /** On-demand prices of the region's types (never fails: falls back to the snapshot). */
  instancePrices(context: ProfileContext, region: string): Promise<InstancePriceList>;
  /** Not cached: a key pair created a moment ago must show up, and a taken name must be seen. */
  keyPairs(context: ProfileContext, region: string): Promise<KeyPairSummary[]>;
  /** Subnets of the region's default VPC, default-for-zone ones first; empty when there is no default VPC. */
  defaultVpcSubnets(context: ProfileContext, region: string): Promise<SubnetSummary[]>;
  /** Closes the Pricing clients and forgets what was cached. */
  dispose(): void;
}

const REGION_FALLBACK = 'us-east-1';
/** Own images change when an AMI is baked or deregistered: keep them briefly. Public listings change rarely. */
const OWN_IMAGES_TTL_MS = 30_000;
const SEARCH_TTL_MS = 5 * 60_000;
const QUICK_START_TTL_MS = 60 * 60_000;

export function createCatalog(deps: { clients: AwsClientPool; prices?: PriceService }): Catalog {
  const prices = deps.prices ?? createPriceService();
  const cache = new Map<string, { expires: number; value: Promise<unknown> }>();
  /** One request per key at a time; answers kept for `ttlMs` (forever by default); failures are not kept. */
  function cached<T>(key: string, load: () => Promise<T>, ttlMs = Number.POSITIVE_INFINITY): Promise<T> {
    const entry = cache.get(key);
    if (entry && entry.expires > Date.now()) return entry.value as Promise<T>;
    const value = load();
    cache.set(key, { expires: Date.now() + ttlMs, value });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  }

  async function resolveQuickStart(context: ProfileContext, region: string): Promise<QuickStartTile[]> {
    const { ssm, ec2 } = deps.clients.get(context, region);
    const names = QUICK_START_AMIS.map((q) => q.parameter);
    const idByParameter = new Map<string, string>();
    for (let i = 0; i < names.length; i += SSM_NAMES_PER_CALL) {
      const out = await awsCall(context, 'resolve quick-start AMIs', () =>
        ssm.send(new GetParametersCommand({ Names: names.slice(i, i + SSM_NAMES_PER_CALL) })),
      );
      for (const p of out.Parameters ?? []) if (p.Name && p.Value) idByParameter.set(p.Name, p.Value);
    }
    const ids = [...new Set(idByParameter.values())];
    const imagesById = new Map<string, ImageSummary>();
    if (ids.length > 0) {
      // A filter rather than ImageIds: one image EC2 does not show must not fail the others.
      const out = await awsCall(context, 'describe quick-start AMIs', () =>
        ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: ids }] })),
      );
      for (const image of out.Images ?? []) if (image.ImageId) imagesById.set(image.ImageId, toImageSummary(image));
    }
    return toQuickStartTiles(QUICK_START_AMIS, region, idByParameter, imagesById);
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

    quickStartTiles: (context, region) =>
      cached(
        `${context.profile.id}|${region}|quick-start`,
        () => resolveQuickStart(context, region),
        QUICK_START_TTL_MS,
      ),

    quickStartImages: async (context, region) => {
      const tiles = await cached(
        `${context.profile.id}|${region}|quick-start`,
        () => resolveQuickStart(context, region),
        QUICK_START_TTL_MS,
      );
      return tiles.flatMap((tile) => (tile.image ? [tile.image] : []));
    },

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

    ownImages: (context, region, scope, nextToken) =>
      cached(
        `${context.profile.id}|${region}|images|${scope}|${nextToken ?? ''}`,
        () =>
          awsCall(context, scope === 'self' ? 'list your AMIs' : 'list Kiln-baked AMIs', () =>
            describeImagePage(deps.clients.get(context, region).ec2, ownImagesRequest(scope, nextToken)),
          ),
        OWN_IMAGES_TTL_MS,
      ),

    searchImages: (context, region, text, nextToken) =>
      cached(
        `${context.profile.id}|${region}|search|${text.trim()}|${nextToken ?? ''}`,
        () =>
          awsCall(context, 'search AMIs', () =>
            describeImagePage(deps.clients.get(context, region).ec2, searchRequest(text, nextToken)),
          ),
        SEARCH_TTL_MS,
      ),

    instanceTypes: async (context, region, architecture) => {
      const all = await cached(`${context.profile.id}|${region}|types`, () =>
        awsCall(context, 'list instance types', () => listOfferedInstanceTypes(deps.clients.get(context, region).ec2)),
      );
      return all.filter((t) => t.architectures.includes(architecture));
    },

    instancePrices: (context, region) => prices.pricesFor(context, region),

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

    dispose() {
      prices.destroy();
      cache.clear();
    },
  };
}
