/**
 * A bundled snapshot of on-demand Linux prices (USD per hour, us-east-1) for common instance types, and EBS
 * prices per GB-month, used where the Pricing API is not available. Always shown with its date.
 */
export const PRICE_SNAPSHOT_DATE = '2026-11-01';
export const PRICE_SNAPSHOT_REGION = 'us-east-1';

const HOURLY: Record<string, number> = {
  't2.nano': 0.0058,
  't2.micro': 0.0116,
  't2.small': 0.023,
  't2.medium': 0.0464,
  't2.large': 0.0928,
  't2.xlarge': 0.1856,
  't3.nano': 0.0052,
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't3.xlarge': 0.1664,
  't3.2xlarge': 0.3328,
  't3a.nano': 0.0047,
  't3a.micro': 0.0094,
  't3a.small': 0.0188,
  't3a.medium': 0.0376,
  't3a.large': 0.0752,
  't3a.xlarge': 0.1504,
  't3a.2xlarge': 0.3008,
  't4g.nano': 0.0042,
  't4g.micro': 0.0084,
  't4g.small': 0.0168,
  't4g.medium': 0.0336,
  't4g.large': 0.0672,
  't4g.xlarge': 0.1344,
  't4g.2xlarge': 0.2688,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm5.4xlarge': 0.768,
  'm6i.large': 0.096,
  'm6i.xlarge': 0.192,
  'm6i.2xlarge': 0.384,
  'm6a.large': 0.0864,
  'm6a.xlarge': 0.1728,
  'm7i.large': 0.1008,
  'm7i.xlarge': 0.2016,
  'm7a.large': 0.11592,
  'm7a.xlarge': 0.23184,
  'm6g.large': 0.077,
  'm6g.xlarge': 0.154,
  'm7g.medium': 0.0408,
  'm7g.large': 0.0816,
  'm7g.xlarge': 0.1632,
  'c5.large': 0.085,
  'c5.xlarge': 0.17,
  'c5.2xlarge': 0.34,
  'c6i.large': 0.085,
  'c6i.xlarge': 0.17,
  'c6a.large': 0.0765,
  'c7i.large': 0.08925,
  'c7i.xlarge': 0.1785,
  'c6g.large': 0.068,
  'c6g.xlarge': 0.136,
  'c7g.medium': 0.03625,
  'c7g.large': 0.0725,
  'c7g.xlarge': 0.145,
  'r5.large': 0.126,
  'r5.xlarge': 0.252,
  'r6i.large': 0.126,
  'r6i.xlarge': 0.252,
  'r7i.large': 0.1323,
  'r6g.large': 0.1008,
  'r7g.medium': 0.0536,
  'r7g.large': 0.1071,
  'r7g.xlarge': 0.2142,
};

const EBS_PER_GB_MONTH: Record<string, number> = {
  gp3: 0.08,
  gp2: 0.1,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
  standard: 0.05,
};

/** On-demand price per hour, or undefined when the snapshot does not know the type. */
export function hourlyPrice(instanceType: string): number | undefined {
  return HOURLY[instanceType];
}

/** Every instance type the snapshot knows, with its hourly price. */
export function snapshotHourlyPrices(): ReadonlyMap<string, number> {
  return new Map(Object.entries(HOURLY));
}

/** Storage cost per day of an EBS volume, or undefined for an unknown volume type. */
export function volumeDailyCost(volumeType: string, sizeGiB: number): number | undefined {
  const monthly = EBS_PER_GB_MONTH[volumeType];
  return monthly === undefined ? undefined : (monthly * sizeGiB * 12) / 365;
}
