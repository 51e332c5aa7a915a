/**
 * The details of Kiln-tagged resources the Tagging API named (state, age, size, cost per day): one batched Describe
 * call per kind and region for all ids together. A resource the Describe call no longer finds is gone (the Tagging
 * API's index lags behind deletions; moto keeps terminated instances) and gets no details, so it is left out.
 */
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
} from '@aws-sdk/client-ec2';
import { GetBucketLocationCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import type { InventoryRow } from '../../common/models';
import { awsCall, type AwsClients } from '../aws/clients';
import { describeKilnAlarms } from '../health/alarm-calls';
import { volumeDailyCost } from '../pricing/price-snapshot';
import { ALARM_USD_PER_DAY, instanceDailyCost, snapshotDailyCost } from '../pricing/resource-cost';
import type { ProfileContext } from '../profiles/profile-context';
import type { ArnTarget } from './inventory-rows';

/** What a Describe call adds to a row; `name` only where the resource has a name of its own. */
export type RowDetails = Pick<InventoryRow, 'costPerDay' | 'costBasis'> &
  Partial<Pick<InventoryRow, 'createdAt' | 'state' | 'detail' | 'name' | 'region'>>;

/** Advanced-tier parameters: USD 0.05 per parameter-month; standard ones are free. */
const ADVANCED_PARAMETER_USD_PER_DAY = (0.05 * 12) / 365;
/** Filter values per EC2 Describe call, and names per DescribeParameters filter (its limit is 50). */
const EC2_BATCH = 200;
const SSM_BATCH = 50;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const iso = (date: Date | string | undefined) => (date === undefined ? undefined : new Date(date).toISOString());

/** One kind's batched Describe: the details of those of `ids` that still exist, by id. */
type Describer = (
  context: ProfileContext,
  clients: AwsClients,
  ids: string[],
  call: <T>(send: () => Promise<T>) => Promise<T>,
) => Promise<Array<[string, RowDetails]>>;

const describeInstances: Describer = async (_context, { ec2 }, ids, call) => {
  const out = await call(() =>
    ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }] })),
  );
  return (out.Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .filter((i) => i.State?.Name !== 'terminated')
    .map((i) => {
      const cost = instanceDailyCost(i.InstanceType ?? '', i.State?.Name);
      return [
        i.InstanceId!,
        {
          state: i.State?.Name,
          createdAt: iso(i.LaunchTime),
          detail: i.InstanceType,
          costPerDay: cost ?? null,
          costBasis: cost === undefined ? 'unknown' : 'price-list',
        },
      ];
    });
};

const describeVolumes: Describer = async (_context, { ec2 }, ids, call) => {
  const out = await call(() => ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: ids }] })));
  return (out.Volumes ?? []).map((v) => {
    const cost = volumeDailyCost(v.VolumeType ?? '', v.Size ?? 0);
    const attached = v.Attachments?.[0]?.InstanceId;
    return [
      v.VolumeId!,
      {
        state: v.State,
        createdAt: iso(v.CreateTime),
        detail: `${v.Size ?? '?'} GiB ${v.VolumeType ?? ''}${attached ? `, on ${attached}` : ''}`.trim(),
        costPerDay: cost ?? null,
        costBasis: cost === undefined ? 'unknown' : 'storage',
      },
    ];
  });
};

const describeImages: Describer = async (_context, { ec2 }, ids, call) => {
  const out = await call(() =>
    ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'image-id', Values: ids }] })),
  );
  return (out.Images ?? []).map((image) => [
    image.ImageId!,
    {
      name: image.Name,
      state: image.State,
      createdAt: iso(image.CreationDate),
      detail: [image.Architecture, image.PlatformDetails, 'its snapshots carry the cost'].filter(Boolean).join(', '),
      costPerDay: 0,
      costBasis: 'free',
    },
  ]);
};

const describeSnapshots: Describer = async (_context, { ec2 }, ids, call) => {
  const out = await call(() =>
    ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'snapshot-id', Values: ids }] })),
  );
  return (out.Snapshots ?? []).map((s) => [
    s.SnapshotId!,
    {
      state: s.State,
      createdAt: iso(s.StartTime),
      detail: `${s.VolumeSize ?? '?'} GiB${s.VolumeId ? ` of ${s.VolumeId}` : ''}`,
      costPerDay: s.VolumeSize === undefined ? null : snapshotDailyCost(s.VolumeSize),
      costBasis: s.VolumeSize === undefined ? 'unknown' : 'storage',
    },
  ]);
};

const describeGroups: Describer = async (_context, { ec2 }, ids, call) => {
  const out = await call(() =>
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: ids }] })),
  );
  return (out.SecurityGroups ?? []).map((g) => [
    g.GroupId!,
    { detail: `${g.GroupName ?? ''} in ${g.VpcId ?? '?'}`, costPerDay: 0, costBasis: 'free' },
  ]);
};

const describeParameters: Describer = async (_context, { ssm }, ids, call) => {
  const out = await call(() =>
    ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ids }] })),
  );
  return (out.Parameters ?? []).map((p) => {
    const advanced = p.Tier === 'Advanced';
    return [
      p.Name!,
      {
        // Parameters have no creation time: their age is that of their last change.
        createdAt: iso(p.LastModifiedDate),
        detail: [p.Type, p.Tier && `${p.Tier} tier`].filter(Boolean).join(', '),
        costPerDay: advanced ? ADVANCED_PARAMETER_USD_PER_DAY : 0,
        costBasis: advanced ? 'price-list' : 'free',
      },
    ];
  });
};

/** Kiln's alarms share a name prefix: one paginated DescribeAlarms reads them all (the orphan sweeper's lookup). */
const describeAlarms: Describer = async (context, clients, ids) => {
  const byName = new Map(
    (await describeKilnAlarms(context, clients.cloudwatch, clients.region)).map((a) => [a.AlarmName, a]),
  );
  // A Kiln alarm outside the prefix (none today) still is an alarm: listed without state rather than dropped.
  return ids.map((name) => {
    const alarm = byName.get(name);
    const instanceId = alarm?.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
    const base = { costPerDay: ALARM_USD_PER_DAY, costBasis: 'alarm' as const };
    if (!alarm) return [name, base];
    return [
      name,
      {
        ...base,
        state: alarm.StateValue,
        createdAt: iso(alarm.AlarmConfigurationUpdatedTimestamp),
        detail: `${alarm.MetricName ?? 'alarm'} on ${instanceId ?? 'an unknown instance'}`,
      },
    ];
  });
};

const describeBuckets: Describer = async (context, clients, ids, call) => {
  const out = await call(() => clients.s3.send(new ListBucketsCommand({})));
  const wanted = new Set(ids);
  const found: Array<[string, RowDetails]> = [];
  for (const b of out.Buckets ?? []) {
    if (!wanted.has(b.Name!)) continue;
    found.push([
      b.Name!,
      {
        region: b.BucketRegion ?? (await bucketRegion(context, clients, b.Name!)),
        createdAt: iso(b.CreationDate),
        detail: 'cost depends on its content',
        costPerDay: null,
        costBasis: 'unknown',
      },
    ]);
  }
  return found;
};

const DESCRIBERS: Readonly<Record<ArnTarget['kind'], Describer>> = {
  instance: describeInstances,
  volume: describeVolumes,
  image: describeImages,
  snapshot: describeSnapshots,
  'security-group': describeGroups,
  parameter: describeParameters,
  alarm: describeAlarms,
  bucket: describeBuckets,
};

/** Those of `ids` of one kind that still exist in the region, each with its details. */
export async function describeResources(
  context: ProfileContext,
  clients: AwsClients,
  kind: ArnTarget['kind'],
  ids: readonly string[],
): Promise<Map<string, RowDetails>> {
  const action = `describe the Kiln ${kind}s in ${clients.region}`;
  const call = <T>(send: () => Promise<T>) => awsCall(context, action, send);
  const found = new Map<string, RowDetails>();
  // Alarms and buckets are read whole once (their calls take no ids); the others in batches of ids.
  const size = kind === 'parameter' ? SSM_BATCH : kind === 'alarm' || kind === 'bucket' ? ids.length : EC2_BATCH;
  for (const batch of chunks(ids, Math.max(size, 1))) {
    for (const [id, details] of await DESCRIBERS[kind](context, clients, batch, call)) found.set(id, details);
  }
  return found;
}

/** Where a bucket lives (GetBucketLocation: an empty constraint is us-east-1), for answers without BucketRegion. */
async function bucketRegion(context: ProfileContext, clients: AwsClients, bucket: string): Promise<string> {
  const out = await awsCall(context, `read where bucket ${bucket} is`, () =>
    clients.s3.send(new GetBucketLocationCommand({ Bucket: bucket })),
  );
  return out.LocationConstraint || 'us-east-1';
}
