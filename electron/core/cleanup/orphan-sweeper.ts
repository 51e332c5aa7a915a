/**
 * Finds what Kiln created in AWS (tagged `kiln:launch-id`, or `kiln:fleet-id`) that belongs to no live launch or
 * fleet on this workstation, with its age and what it costs per day, and removes it on request (an instance with its
 * DNS record, while the record still holds the instance's address).
 */
import {
  DeleteKeyPairCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { Orphan, OrphanCleanupResult, OrphanRef } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import { route53Of } from '../dns/dns-calls';
import { KILN_DNS_TAG, parseDnsTag } from '../dns/dns-name';
import { instanceDnsRecords, removeInstanceDnsRecords } from '../dns/instance-dns-records';
import {
  deleteFleetResources,
  findFleetResources,
  fleetCostPerDay,
  groupByFleet,
  scanFleetResources,
} from '../fleets/fleet-leftovers';
import { alarmTags, deleteAlarms, describeKilnAlarms } from '../health/alarm-calls';
import { parseRecoveryAlarmName } from '../health/recovery-alarm-definitions';
import { KILN_BAKED_FROM_TAG } from '../images/image-calls';
import { snapshotIdsOf } from '../images/image-watcher';
import { deleteSecurityGroupWithRetry } from '../launch/launch-resources';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE, KILN_LAUNCH_ID_TAG } from '../launch/tags';
import { volumeDailyCost } from '../pricing/price-snapshot';
import { ALARM_USD_PER_DAY, instanceDailyCost, snapshotDailyCost } from '../pricing/resource-cost';
import type { ProfileContext } from '../profiles/profile-context';
import { deleteSnapshotPolicy, listKilnPolicies } from '../snapshots/dlm-calls';

const KILN_TAGGED = [{ Name: 'tag-key', Values: [KILN_LAUNCH_ID_TAG] }];

export interface OrphanSweeperDeps {
  clients: AwsClientPool;
  /** Launch ids this workstation still manages (not terminated). */
  liveLaunchIds: () => Set<string>;
  /** Fleet ids this workstation still manages (a fleet's own Delete removes its resources); default none. */
  liveFleetIds?: () => Promise<Set<string>>;
  sleep?: (ms: number) => Promise<void>;
}

export function createOrphanSweeper(deps: OrphanSweeperDeps) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function scanRegion(context: ProfileContext, region: string, live: Set<string>): Promise<Orphan[]> {
    const { ec2 } = deps.clients.get(context, region);
    const [instances, groups, keys, volumes] = await awsCall(context, `list Kiln resources in ${region}`, () =>
      Promise.all([
        ec2.send(
          new DescribeInstancesCommand({
            Filters: [
              ...KILN_TAGGED,
              { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
            ],
          }),
        ),
        ec2.send(new DescribeSecurityGroupsCommand({ Filters: KILN_TAGGED })),
        ec2.send(new DescribeKeyPairsCommand({ Filters: KILN_TAGGED })),
        ec2.send(new DescribeVolumesCommand({ Filters: [...KILN_TAGGED, { Name: 'status', Values: ['available'] }] })),
      ]),
    );
    const orphans: Orphan[] = [];
    const add = (tags: Tag[] | undefined, orphan: Omit<Orphan, 'launchId' | 'region' | 'name'>) => {
      const launchId = tagValue(tags, KILN_LAUNCH_ID_TAG);
      if (!launchId || live.has(launchId)) return;
      orphans.push({ ...orphan, region, launchId, name: tagValue(tags, 'Name') });
    };
    for (const instance of (instances.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      add(instance.Tags, {
        kind: 'instance',
        id: instance.InstanceId!,
        state: instance.State?.Name,
        createdAt: instance.LaunchTime?.toISOString(),
        detail: [instance.InstanceType, dnsNameOf(instance.Tags)].filter(Boolean).join(', DNS name '),
        estimatedCostPerDay: instanceDailyCost(instance.InstanceType ?? '', instance.State?.Name) ?? null,
      });
    }
    for (const group of groups.SecurityGroups ?? []) {
      add(group.Tags, { kind: 'security-group', id: group.GroupId!, detail: group.GroupName, estimatedCostPerDay: 0 });
    }
    for (const key of keys.KeyPairs ?? []) {
      add(key.Tags, {
        kind: 'key-pair',
        id: key.KeyName!,
        createdAt: key.CreateTime?.toISOString(),
        detail: key.KeyType,
        estimatedCostPerDay: 0,
      });
    }
    for (const volume of volumes.Volumes ?? []) {
      add(volume.Tags, {
        kind: 'volume',
        id: volume.VolumeId!,
        state: volume.State,
        createdAt: volume.CreateTime?.toISOString(),
        detail: `${volume.Size ?? '?'} GiB ${volume.VolumeType ?? ''}`.trim(),
        estimatedCostPerDay: volumeDailyCost(volume.VolumeType ?? '', volume.Size ?? 0) ?? null,
      });
    }
    orphans.push(...(await bakedSnapshotOrphans(context, ec2, region)));
    orphans.push(...(await alarmOrphans(context, region, live)));
    orphans.push(...(await policyOrphans(context, region, live)));
    orphans.push(...(await fleetOrphans(context, region)));
    return orphans;
  }

  /**
   * One orphan per fleet whose resources are still in AWS but whose record is not on this workstation, priced as its
   * instances (by their type) plus its load balancer.
   */
  async function fleetOrphans(context: ProfileContext, region: string): Promise<Orphan[]> {
    const live = (await deps.liveFleetIds?.()) ?? new Set<string>();
    const fleets = groupByFleet(await scanFleetResources(context, deps.clients.get(context, region)));
    return [...fleets].flatMap(([fleetId, resources]): Orphan[] => {
      if (live.has(fleetId)) return [];
      const group = resources.find((r) => r.kind === 'auto-scaling-group');
      const instances = group?.instanceTypes ?? [];
      const kinds = [...new Set(resources.map((r) => r.kind))].join(', ');
      return [
        {
          kind: 'fleet',
          id: fleetId,
          region,
          launchId: fleetId,
          name: group?.name ?? resources[0]?.name,
          state: `${resources.length} resource${resources.length === 1 ? '' : 's'}`,
          createdAt: group?.createdAt ?? resources.find((r) => r.createdAt)?.createdAt,
          detail: `${kinds}; ${instances.length} instance${instances.length === 1 ? '' : 's'}${
            instances.length ? ` (${[...new Set(instances)].join(', ')})` : ''
          }`,
          estimatedCostPerDay: fleetCostPerDay(resources),
        },
      ];
    });
  }

  /**
   * Snapshot policies (DLM) whose launch is gone: one GetLifecyclePolicies per region, kept only when tagged both
   * `kiln:created-by` and with a launch id this workstation no longer manages. A policy costs nothing; its snapshots do.
   */
  async function policyOrphans(context: ProfileContext, region: string, live: Set<string>): Promise<Orphan[]> {
    const { dlm } = deps.clients.get(context, region);
    const policies = await listKilnPolicies(context, dlm, region).catch((error: unknown) => {
      // A profile not allowed DLM has made no snapshot policies with Kiln: its other leftovers still show.
      if (error instanceof KilnFailure && ['AccessDenied', 'AccessDeniedException'].includes(error.error.code)) {
        return [];
      }
      throw error;
    });
    return policies.flatMap((policy): Orphan[] => {
      const launchId = policy.Tags?.[KILN_LAUNCH_ID_TAG];
      if (!launchId || live.has(launchId) || !policy.PolicyId) return [];
      return [
        {
          kind: 'dlm-policy',
          id: policy.PolicyId,
          region,
          launchId,
          name: policy.Tags?.Name,
          state: policy.State,
          detail: policy.Description,
          estimatedCostPerDay: 0,
        },
      ];
    });
  }

  /**
   * Recovery alarms whose launch is gone: found by Kiln's name prefix in one paginated DescribeAlarms; only the
   * candidates' tags are read, to make sure Kiln made them (an operator's own alarm may share the prefix).
   */
  async function alarmOrphans(context: ProfileContext, region: string, live: Set<string>): Promise<Orphan[]> {
    const { cloudwatch } = deps.clients.get(context, region);
    const all = await describeKilnAlarms(context, cloudwatch, region).catch((error: unknown) => {
      // A profile allowed EC2 but not CloudWatch has made no alarms with Kiln: its other leftovers still show.
      if (error instanceof KilnFailure && ['AccessDenied', 'AccessDeniedException'].includes(error.error.code)) {
        return [];
      }
      throw error;
    });
    const candidates = all.filter((alarm) => {
      const parsed = parseRecoveryAlarmName(alarm.AlarmName ?? '');
      return parsed !== undefined && !live.has(parsed.launchId);
    });
    const orphans: Orphan[] = [];
    for (const alarm of candidates) {
      const tags = await alarmTags(context, cloudwatch, alarm.AlarmArn!);
      const launchId = tags.find((t) => t.Key === KILN_LAUNCH_ID_TAG)?.Value;
      const madeByKiln = tags.some((t) => t.Key === KILN_CREATED_BY_TAG && t.Value === KILN_CREATED_BY_VALUE);
      if (!launchId || !madeByKiln || live.has(launchId)) continue;
      const instanceId = alarm.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
      orphans.push({
        kind: 'alarm',
        id: alarm.AlarmName!,
        region,
        launchId,
        name: tags.find((t) => t.Key === 'Name')?.Value,
        state: alarm.StateValue,
        createdAt: alarm.AlarmConfigurationUpdatedTimestamp?.toISOString(),
        detail: `${alarm.MetricName ?? 'alarm'} on ${instanceId ?? 'an unknown instance'}`,
        estimatedCostPerDay: ALARM_USD_PER_DAY,
      });
    }
    return orphans;
  }

  /** Snapshots of Kiln-baked images whose image is gone (deregistered without them): they cost until deleted. */
  async function bakedSnapshotOrphans(context: ProfileContext, ec2: EC2Client, region: string): Promise<Orphan[]> {
    const baked = [{ Name: 'tag-key', Values: [KILN_BAKED_FROM_TAG] }];
    const [snapshots, images] = await awsCall(context, `list Kiln-baked snapshots in ${region}`, () =>
      Promise.all([
        ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: baked })),
        ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: baked })),
      ]),
    );
    const used = new Set((images.Images ?? []).flatMap(snapshotIdsOf));
    return (snapshots.Snapshots ?? [])
      .filter((snapshot) => !used.has(snapshot.SnapshotId!))
      .map((snapshot) => ({
        kind: 'snapshot' as const,
        id: snapshot.SnapshotId!,
        region,
        launchId: tagValue(snapshot.Tags, KILN_BAKED_FROM_TAG)!,
        name: tagValue(snapshot.Tags, 'Name'),
        state: snapshot.State,
        createdAt: snapshot.StartTime?.toISOString(),
        detail: `${snapshot.VolumeSize ?? '?'} GiB, its image is gone`,
        estimatedCostPerDay: snapshotDailyCost(snapshot.VolumeSize ?? 0),
      }));
  }

  async function waitTerminated(ec2: EC2Client, instanceIds: string[]): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const out = await ec2.send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: instanceIds }] }),
      );
      const states = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name);
      if (states.every((state) => state === 'terminated')) return;
      await sleep(2_000);
    }
  }

  async function cleanRegion(
    context: ProfileContext,
    region: string,
    items: OrphanRef[],
  ): Promise<OrphanCleanupResult[]> {
    const { ec2 } = deps.clients.get(context, region);
    const results: OrphanCleanupResult[] = [];
    const attempt = async (item: OrphanRef, action: () => Promise<unknown>) => {
      try {
        await action();
        results.push({ ...item, ok: true });
      } catch (error) {
        results.push({ ...item, ok: false, message: error instanceof KilnFailure ? error.message : String(error) });
      }
    };
    const instances = items.filter((i) => i.kind === 'instance');
    if (instances.length > 0) {
      const ids = instances.map((i) => i.id);
      // Instances first: their groups and volumes are in use until they are gone.
      let dnsNotes: string[] = [];
      await attempt({ kind: 'instance', id: ids.join(', '), region }, async () => {
        // Read before terminating: a terminated instance no longer has the address its DNS record holds.
        const described = await awsCall(context, `read ${ids.join(', ')}`, () =>
          ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }] })),
        );
        const records = instanceDnsRecords((described.Reservations ?? []).flatMap((r) => r.Instances ?? []));
        await awsCall(context, `terminate ${ids.join(', ')}`, () =>
          ec2.send(new TerminateInstancesCommand({ InstanceIds: ids })),
        );
        await waitTerminated(ec2, ids);
        dnsNotes = await removeInstanceDnsRecords(context, route53Of(deps.clients, context), records);
      });
      const outcome = results.pop()!;
      if (dnsNotes.length > 0) outcome.message = [outcome.message, ...dnsNotes].filter(Boolean).join(' ');
      for (const instance of instances) results.push({ ...instance, ok: outcome.ok, message: outcome.message });
    }
    for (const item of items) {
      if (item.kind === 'security-group')
        await attempt(item, () => deleteSecurityGroupWithRetry(context, ec2, item.id, { sleep }));
      if (item.kind === 'key-pair')
        await attempt(item, () =>
          awsCall(context, `delete key pair ${item.id}`, () =>
            ec2.send(new DeleteKeyPairCommand({ KeyName: item.id })),
          ),
        );
      if (item.kind === 'volume')
        await attempt(item, () =>
          awsCall(context, `delete volume ${item.id}`, () => ec2.send(new DeleteVolumeCommand({ VolumeId: item.id }))),
        );
      if (item.kind === 'alarm')
        await attempt(item, () => deleteAlarms(context, deps.clients.get(context, region).cloudwatch, [item.id]));
      if (item.kind === 'dlm-policy')
        await attempt(item, () => deleteSnapshotPolicy(context, deps.clients.get(context, region).dlm, item.id));
      if (item.kind === 'fleet')
        await attempt(item, async () => {
          const clients = deps.clients.get(context, region);
          const resources = (await findFleetResources(context, clients)).get(item.id) ?? [];
          await deleteFleetResources(context, clients, resources);
        });
      if (item.kind === 'snapshot')
        await attempt(item, () =>
          awsCall(context, `delete snapshot ${item.id}`, () =>
            ec2.send(new DeleteSnapshotCommand({ SnapshotId: item.id })),
          ),
        );
    }
    return results;
  }

  return {
    async list(context: ProfileContext, regions: readonly string[]): Promise<Orphan[]> {
      const live = deps.liveLaunchIds();
      const perRegion = await Promise.all(regions.map((region) => scanRegion(context, region, live)));
      return perRegion.flat().sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
    },
    async clean(context: ProfileContext, items: OrphanRef[]): Promise<OrphanCleanupResult[]> {
      const regions = [...new Set(items.map((i) => i.region))];
      return (
        await Promise.all(
          regions.map((region) =>
            cleanRegion(
              context,
              region,
              items.filter((i) => i.region === region),
            ),
          ),
        )
      ).flat();
    },
  };
}

/** The DNS name an instance's `kiln:dns` tag names, if any. */
function dnsNameOf(tags: Tag[] | undefined): string | undefined {
  return parseDnsTag(tagValue(tags, KILN_DNS_TAG))?.recordName;
}

function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}
