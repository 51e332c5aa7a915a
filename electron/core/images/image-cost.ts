/** What keeping an image costs: its EBS snapshots' storage, from the bundled price list. */
import { PRICE_SNAPSHOT_DATE, PRICE_SNAPSHOT_REGION } from '../pricing/price-snapshot';

/** EBS snapshot storage, standard tier, USD per GB-month (us-east-1). */
export const SNAPSHOT_USD_PER_GB_MONTH = 0.05;

export const SNAPSHOT_PRICE_NOTE =
  `EBS snapshot storage at $${SNAPSHOT_USD_PER_GB_MONTH} per GB-month (standard tier, ${PRICE_SNAPSHOT_REGION}, Kiln's bundled price list of ${PRICE_SNAPSHOT_DATE}), ` +
  'for the full size of the volumes: snapshots store only the blocks in use, so the real cost is usually lower.';

/** USD per month for snapshots of `sizeGiB`, or null when the size is unknown. */
export function snapshotMonthlyCost(sizeGiB: number | null | undefined): number | null {
  return sizeGiB === null || sizeGiB === undefined ? null : Math.round(sizeGiB * SNAPSHOT_USD_PER_GB_MONTH * 100) / 100;
}
