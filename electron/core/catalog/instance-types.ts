/** The instance types offered in a region, with what the wizard's table shows about each. */
import {
  paginateDescribeInstanceTypeOfferings,
  paginateDescribeInstanceTypes,
  type EC2Client,
  type InstanceTypeInfo,
} from '@aws-sdk/client-ec2';
import type { InstanceTypeSummary } from '../../common/models';

/** Every type offered in the region (DescribeInstanceTypeOfferings ∩ DescribeInstanceTypes), sorted. */
export async function listOfferedInstanceTypes(ec2: EC2Client): Promise<InstanceTypeSummary[]> {
  const offered = new Set<string>();
  for await (const page of paginateDescribeInstanceTypeOfferings({ client: ec2 }, { LocationType: 'region' })) {
    for (const offering of page.InstanceTypeOfferings ?? [])
      if (offering.InstanceType) offered.add(offering.InstanceType);
  }
  const types: InstanceTypeSummary[] = [];
  for await (const page of paginateDescribeInstanceTypes({ client: ec2 }, {})) {
    for (const info of page.InstanceTypes ?? []) {
      const summary = toInstanceTypeSummary(info);
      // An empty offering list means EC2 did not say; then every described type is kept.
      if (summary && (offered.size === 0 || offered.has(summary.instanceType))) types.push(summary);
    }
  }
  return types.sort(compareInstanceTypes);
}

export function toInstanceTypeSummary(info: InstanceTypeInfo): InstanceTypeSummary | undefined {
  if (!info.InstanceType) return undefined;
  return {
    instanceType: info.InstanceType,
    vcpus: info.VCpuInfo?.DefaultVCpus ?? 0,
    memoryMiB: info.MemoryInfo?.SizeInMiB ?? 0,
    architectures: info.ProcessorInfo?.SupportedArchitectures ?? [],
    freeTierEligible: info.FreeTierEligible ?? false,
    networkPerformance: info.NetworkInfo?.NetworkPerformance,
  };
}

/** Family order first, then size within a family (nano < micro < small < … < metal). */
const SIZE_ORDER = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'];
export function compareInstanceTypes(a: InstanceTypeSummary, b: InstanceTypeSummary): number {
  const [fa = '', sa = ''] = a.instanceType.split('.');
  const [fb = '', sb = ''] = b.instanceType.split('.');
  if (fa !== fb) return fa.localeCompare(fb);
  return sizeRank(sa) - sizeRank(sb) || sa.localeCompare(sb);
}
function sizeRank(size: string): number {
  const index = SIZE_ORDER.indexOf(size);
  if (index >= 0) return index;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? SIZE_ORDER.length + Number(multiple[1]) : 1_000;
}
