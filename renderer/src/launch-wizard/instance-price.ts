/** How instance prices read in the wizard: "$0.0104/h", "unknown", and where the prices come from. */
import type { InstancePrice, InstancePriceList } from '../../../electron/common/models';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** "$0.0104/h", or "unknown" when no price is known for the type. */
export function formatHourlyPrice(price: InstancePrice | null): string {
  return price ? `${usd.format(price.usdPerHour)}/h` : 'unknown';
}

/** One sentence on the prices' origin: the Pricing API with its region and date, or the dated snapshot and why. */
export function priceSourceText(list: InstancePriceList): string {
  const sample = Object.values(list.prices)[0];
  if (!sample) return `No prices are known${list.fallbackReason ? `: ${list.fallbackReason}` : '.'}`;
  if (sample.source === 'pricing-api') {
    return `Linux on-demand prices from the AWS Pricing API for ${sample.region}, as of ${sample.asOf}.`;
  }
  const why = list.fallbackReason ? ` ${list.fallbackReason}` : '';
  return `Linux on-demand prices: snapshot of ${sample.asOf}, ${sample.region}; types it does not know show "unknown".${why}`;
}

/** A cost per hour to the hundredth of a cent ("$0.0329/h"), or "unknown" when there is no price. */
export function formatUsdPerHour(amount: number | null): string {
  return amount === null ? 'unknown' : `${usd.format(amount)}/h`;
}
