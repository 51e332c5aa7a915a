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

/** Those of `ids` of one kind that still exist in the region, each with its details. */
export async function describeResources(
  context: ProfileContext,
  clients: AwsClients,
  kind: ArnTarget['kind'],
  ids: readonly string[],
): Promise<Map<string, RowDetails>> {
  const { ec2, region } = clients;
  const action = `describe the Kiln ${kind}s in ${region}`;
  const found = new Map<string, RowDetails>();
  const call = <T>(send: () => Promise<T>) => awsCall(context, action, send);
  for (const batch of chunks(ids, kind === 'parameter' ? SSM_BATCH : EC2_BATCH)) {
    if (kind === 'instance') {
      const out = await call(() =>
        ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: batch }] })),
      );
      for (const i of (out.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
        if (i.State?.Name === 'terminated') continue;
        const cost = instanceDailyCost(i.InstanceType ?? '', i.State?.Name);
        found.set(i.InstanceId!, {
          state: i.State?.Name,
          createdAt: iso(i.LaunchTime),
          detail: i.InstanceType,
          costPerDay: cost ?? null,
          costBasis: cost === undefined ? 'unknown' : 'price-list',
        });
      }
    } else if (kind === 'volume') {
      const out = await call(() =>
        ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: batch }] })),
      );
      for (const v of out.Volumes ?? []) {
        const cost = volumeDailyCost(v.VolumeType ?? '', v.Size ?? 0);
        const attached = v.Attachments?.[0]?.InstanceId;
        found.set(v.VolumeId!, {
          state: v.State,
          createdAt: iso(v.CreateTime),
          detail: `${v.Size ?? '?'} GiB ${v.VolumeType ?? ''}${attached ? `, on ${attached}` : ''}`.trim(),
          costPerDay: cost ?? null,
          costBasis: cost === undefined ? 'unknown' : 'storage',
        });
      }
    } else if (kind === 'image') {
      const out = await call(() =>
        ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'image-id', Values: batch }] })),
      );
      for (const image of out.Images ?? []) {
        found.set(image.ImageId!, {
          name: image.Name,
          state: image.State,
          createdAt: iso(image.CreationDate),
          detail: [image.Architecture, image.PlatformDetails, 'its snapshots carry the cost']
            .filter(Boolean)
            .join(', '),
          costPerDay: 0,
          costBasis: 'free',
        });
      }
    } else if (kind === 'snapshot') {
      const out = await call(() =>
        ec2.send(
          new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'snapshot-id', Values: batch }] }),
        ),
      );
      for (const s of out.Snapshots ?? []) {
        found.set(s.SnapshotId!, {
          state: s.State,
          createdAt: iso(s.StartTime),
          detail: `${s.VolumeSize ?? '?'} GiB${s.VolumeId ? ` of ${s.VolumeId}` : ''}`,
          costPerDay: s.VolumeSize === undefined ? null : snapshotDailyCost(s.VolumeSize),
          costBasis: s.VolumeSize === undefined ? 'unknown' : 'storage',
        });
      }
    } else if (kind === 'security-group') {
      const out = await call(() =>
        ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: batch }] })),
      );
      for (const g of out.SecurityGroups ?? []) {
        found.set(g.GroupId!, {
          detail: `${g.GroupName ?? ''} in ${g.VpcId ?? '?'}`,
          costPerDay: 0,
          costBasis: 'free',
        });
      }
    } else if (kind === 'parameter') {
      const out = await call(() =>
        clients.ssm.send(
          new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: batch }] }),
        ),
      );
      for (const p of out.Parameters ?? []) {
        const advanced = p.Tier === 'Advanced';
        found.set(p.Name!, {
          createdAt: iso(p.LastModifiedDate),
          // Parameters have no creation time: their age is that of their last change.
          detail: [p.Type, p.Tier && `${p.Tier} tier`].filter(Boolean).join(', '),
          costPerDay: advanced ? ADVANCED_PARAMETER_USD_PER_DAY : 0,
          costBasis: advanced ? 'price-list' : 'free',
        });
      }
    } else if (kind === 'alarm') {
      // Kiln's alarms share a name prefix: one paginated DescribeAlarms reads them all (the orphan sweeper's lookup).
      const wanted = new Set(batch);
      for (const alarm of await describeKilnAlarms(context, clients.cloudwatch, region)) {
        if (!wanted.has(alarm.AlarmName!)) continue;
        const instanceId = alarm.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
        found.set(alarm.AlarmName!, {
          state: alarm.StateValue,
          createdAt: iso(alarm.AlarmConfigurationUpdatedTimestamp),
          detail: `${alarm.MetricName ?? 'alarm'} on ${instanceId ?? 'an unknown instance'}`,
          costPerDay: ALARM_USD_PER_DAY,
          costBasis: 'alarm',
        });
      }
      // Kiln alarms outside the prefix (none today) still are alarms: listed without state rather than dropped.
      for (const name of batch) {
        if (!found.has(name)) found.set(name, { costPerDay: ALARM_USD_PER_DAY, costBasis: 'alarm' });
      }
    } else if (kind === 'bucket') {
      const out = await call(() => clients.s3.send(new ListBucketsCommand({})));
      const wanted = new Set(batch);
      for (const b of out.Buckets ?? []) {
        if (!wanted.has(b.Name!)) continue;
        found.set(b.Name!, {
          region: b.BucketRegion ?? (await bucketRegion(context, clients, b.Name!)),
          createdAt: iso(b.CreationDate),
          detail: 'cost depends on its content',
          costPerDay: null,
          costBasis: 'unknown',
        });
      }
    }
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
