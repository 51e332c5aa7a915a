/** The cost estimate of a launch: N instances at their on-demand price plus their root volumes. */
import {
  launchChoices,
  type ImageSummary,
  type InstancePrice,
  type LaunchEstimate,
  type LaunchSpec,
} from '../../common/models';
import type { Catalog } from '../catalog/catalog';
import { volumeDailyCost } from '../pricing/price-snapshot';
import type { ProfileContext } from '../profiles/profile-context';

export const LINUX_PRICE_NOTE = 'Linux on-demand';
export const WINDOWS_PRICE_NOTE = "Windows prices are not in Kiln's price data";
const UNKNOWN_PRICE_NOTE = 'No price known for this type';

/**
 * Pure: the instance price for the AMI's platform. Kiln's prices (Pricing API and snapshot) are Linux on-demand
 * ones, which would understate a Windows instance, so a Windows image gets no price and the reason.
 */
export function platformInstancePrice(
  platform: ImageSummary['platform'],
  linuxPrice: InstancePrice | null,
): Pick<LaunchEstimate, 'instancePrice' | 'instancePriceNote'> {
  if (platform === 'windows') return { instancePrice: null, instancePriceNote: WINDOWS_PRICE_NOTE };
  return { instancePrice: linuxPrice, instancePriceNote: linuxPrice ? LINUX_PRICE_NOTE : UNKNOWN_PRICE_NOTE };
}

/** Pure: the totals from one instance's price, the root volume and the count. */
export function launchCost(input: {
  instancePrice: InstancePrice | null;
  count: number;
  rootVolume: { sizeGiB: number | undefined; volumeType: string };
}): Omit<LaunchEstimate, 'instancePriceNote'> {
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

/** Looks up the AMI (for its platform and root size) and the instance type's price (Pricing API, else the snapshot). */
export async function estimateLaunch(
  context: ProfileContext,
  catalog: Catalog,
  spec: LaunchSpec,
): Promise<LaunchEstimate> {
  const [image, prices] = await Promise.all([
    catalog.describeImage(context, spec.region, spec.imageId),
    catalog.instancePrices(context, spec.region),
  ]);
  const { storage, advanced } = launchChoices(spec);
  const { instancePrice, instancePriceNote } = platformInstancePrice(
    image.platform,
    prices.prices[spec.instanceType] ?? null,
  );
  const cost = launchCost({
    instancePrice,
    count: advanced.count,
    rootVolume: { sizeGiB: storage.rootVolumeSizeGiB ?? image.rootVolumeSizeGiB, volumeType: storage.volumeType },
  });
  return { ...cost, instancePriceNote };
}
