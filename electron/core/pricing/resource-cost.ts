/**
 * Estimated cost per day of the kinds of resources Kiln leaves in an account, from the bundled price list: shared by
 * the cleanup page (orphans) and the inventory, so both say the same.
 */
import { SNAPSHOT_USD_PER_GB_MONTH } from '../images/image-cost';
import { hourlyPrice } from './price-snapshot';

/** A standard-resolution CloudWatch alarm: USD 0.10 per alarm-month. */
export const ALARM_USD_PER_DAY = (0.1 * 12) / 365;

/** States in which an instance is billed by the hour (a stopped one costs only its volumes). */
const BILLED_STATES: ReadonlySet<string> = new Set(['pending', 'running', 'stopping', 'shutting-down']);

/** USD per day of an instance in `state`: 0 unless billed, undefined when the price list does not know its type. */
export function instanceDailyCost(instanceType: string, state: string | undefined): number | undefined {
  if (state !== undefined && !BILLED_STATES.has(state)) return 0;
  const price = hourlyPrice(instanceType);
  return price === undefined ? undefined : price * 24;
}

/** USD per day of a snapshot of a `sizeGiB` volume, at its full size (an upper bound: only used blocks are billed). */
export function snapshotDailyCost(sizeGiB: number): number {
  return (sizeGiB * SNAPSHOT_USD_PER_GB_MONTH * 12) / 365;
}
