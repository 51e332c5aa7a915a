/** The cost estimate of a launch: N instances at their on-demand price plus their root volumes. */
import { launchChoices, type InstancePrice, type LaunchEstimate, type LaunchSpec } from '../../common/models';
import type { Catalog } from '../catalog/catalog';
import { volumeDailyCost } from '../pricing/price-snapshot';
import type { ProfileContext } from '../profiles/profile-context';

/** Pure: the totals from one instance's price, the root volume and the count. */
export function launchCost(input: {
  instancePrice: InstancePrice | null;
  count: number;
  rootVolume: { sizeGiB: number | undefined; volumeType: string };
}): LaunchEstimate {
  const { instancePrice, count } = input;
  const { sizeGiB, volumeType } = input.rootVolume;
  const volumePerDay = sizeGiB === undefined ? undefined : volumeDailyCost(volumeType, sizeGiB);
  const perDay = instancePrice && (instancePrice.usdPerHour * 24 + (volumePerDay ?? 0)) * count;
  return {
    count,
    instancePrice,
    rootVolume: { sizeGiB: sizeGiB ?? null, volumeType, usdPerDay: volumePerDay ?? null },
    usdPerHour: perDay === null ? null : perDay / 24,
    usdPerDay: perDay,
  };
}

/** Looks up the AMI (for its root size) and the instance type's price (Pricing API, else the snapshot). */
export async function estimateLaunch(context: ProfileContext, catalog: Catalog, spec: LaunchSpec): Promise<LaunchEstimate> {
  const [image, prices] = await Promise.all([
    catalog.describeImage(context, spec.region, spec.imageId),
    catalog.instancePrices(context, spec.region),
  ]);
  const { storage, advanced } = launchChoices(spec);
  return launchCost({
    instancePrice: prices.prices[spec.instanceType] ?? null,
    count: advanced.count,
    rootVolume: { sizeGiB: storage.rootVolumeSizeGiB ?? image.rootVolumeSizeGiB, volumeType: storage.volumeType },
  });
}
