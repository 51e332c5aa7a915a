/**
 * Reads how every fleet stands, the way the instance monitor reads instances: per profile and region, one
 * DescribeAutoScalingGroups for all the fleets' groups, one DescribeScalingActivities for the region, one
 * DescribeAlarms (paged) for the target-tracking alarms and one GetMetricData for every group's CPU; per fleet only what AWS
 * cannot batch: the target health of its load balancer's target group and, during a rollout, its instance refresh.
 * A region that cannot be read gives its fleets a `readError` and does not hide the others.
 */
import {
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribeScalingActivitiesCommand,
  type Activity,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricAlarm,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { FleetActivity, FleetRecord, FleetStatus } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool, type AwsClients } from '../aws/clients';
import type { ProfileContext } from '../profiles/profile-context';
import type { ProfileRegistry } from '../profiles/profile-registry';

export interface FleetStatusDeps {
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  now?: () => Date;
}

/** How far back the CPU chart goes, and its resolution. */
export const CPU_HOURS = 3;
const CPU_PERIOD_SECONDS = 300;
const ACTIVITIES_SHOWN = 10;

export function createFleetStatusReader(deps: FleetStatusDeps) {
  const now = deps.now ?? (() => new Date());
  return async function readFleetStatus(fleets: readonly FleetRecord[]): Promise<FleetStatus[]> {
    const groups = new Map<string, FleetRecord[]>();
    for (const fleet of fleets) {
      if (!groupName(fleet)) continue;
      const key = `${fleet.spec.profileId}\u0000${fleet.spec.region}`;
      groups.set(key, [...(groups.get(key) ?? []), fleet]);
    }
    const answers = await Promise.all(
      [...groups.values()].map(async (region) => {
        try {
          const context = await deps.profiles.get(region[0]!.spec.profileId);
          return await readRegion(context, deps.clients.get(context, region[0]!.spec.region), region, now());
        } catch (error) {
          const failure = error instanceof KilnFailure ? error.error : { code: 'Error', message: String(error) };
          return region.map((fleet) => emptyStatus(fleet.id, { readError: failure }));
        }
      }),
    );
    return answers.flat();
  };
}

function groupName(fleet: FleetRecord): string | undefined {
  return fleet.resources.find((r) => r.kind === 'auto-scaling-group')?.id;
}

function emptyStatus(fleetId: string, extra: Partial<FleetStatus> = {}): FleetStatus {
  return {
    fleetId,
    inService: 0,
    pending: 0,
    unhealthy: 0,
    instances: [],
    activities: [],
    alarms: [],
    cpu: [],
    scalingSuspended: false,
    missing: false,
    ...extra,
  };
}

async function readRegion(
  context: ProfileContext,
  clients: AwsClients,
  fleets: FleetRecord[],
  at: Date,
): Promise<FleetStatus[]> {
  const names = fleets.map((f) => groupName(f)!);
  const region = clients.region;
  const [described, activities, alarms, cpu] = await Promise.all([
    awsCall(context, `read the Auto Scaling groups in ${region}`, () =>
      clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names, MaxRecords: 100 })),
    ),
    awsCall(context, `read the scaling activities in ${region}`, () =>
      clients.autoscaling.send(new DescribeScalingActivitiesCommand({ MaxRecords: 100 })),
    ),
    scalingAlarms(context, clients),
    awsCall(context, `read the fleets' CPU in ${region}`, () =>
      clients.cloudwatch.send(
        new GetMetricDataCommand({
          // Aligned to the period, as CloudWatch advises: each point is then one whole period.
          StartTime: alignDown(at.getTime() - CPU_HOURS * 3_600_000),
          EndTime: alignUp(at.getTime()),
          ScanBy: 'TimestampAscending',
          MetricDataQueries: names.map((name, index) => ({
            Id: `cpu${index}`,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/EC2',
                MetricName: 'CPUUtilization',
                Dimensions: [{ Name: 'AutoScalingGroupName', Value: name }],
              },
              Period: CPU_PERIOD_SECONDS,
              Stat: 'Average',
            },
          })),
        }),
      ),
    ),
  ]);
  const byName = new Map((described.AutoScalingGroups ?? []).map((g) => [g.AutoScalingGroupName, g]));
  return Promise.all(
    fleets.map(async (fleet, index) => {
      const name = names[index]!;
      const group = byName.get(name);
      if (!group) return emptyStatus(fleet.id, { missing: true });
      const targets = await targetHealth(context, clients, fleet);
      const refresh = fleet.rollout ? await refreshOf(context, clients, name, fleet.rollout.refreshId) : undefined;
      return {
        ...groupStatus(fleet.id, group, targets),
        activities: (activities.Activities ?? [])
          .filter((a) => a.AutoScalingGroupName === name)
          .slice(0, ACTIVITIES_SHOWN)
          .map(toActivity),
        alarms: alarmsOf(alarms, name),
        cpu: cpuPoints(cpu.MetricDataResults?.find((r) => r.Id === `cpu${index}`)),
        refresh,
      };
    }),
  );
}

/**
 * Every target-tracking alarm of the region, for all fleets at once: one DescribeAlarms, paged (an account's other
 * target-tracking policies, of ECS or DynamoDB, share the prefix).
 */
async function scalingAlarms(context: ProfileContext, clients: AwsClients): Promise<MetricAlarm[]> {
  const found: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall(context, `read the scaling alarms in ${clients.region}`, () =>
      clients.cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: 'TargetTracking-',
          AlarmTypes: ['MetricAlarm'],
          MaxRecords: 100,
          NextToken,
        }),
      ),
    );
    found.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return found;
}

/** Pure: the alarms on a group's metric, AlarmHigh before AlarmLow, with their state and CloudWatch's reason. */
export function alarmsOf(alarms: readonly MetricAlarm[], groupName: string): FleetStatus['alarms'] {
  return alarms
    .filter((a) => a.Dimensions?.some((d) => d.Name === 'AutoScalingGroupName' && d.Value === groupName))
    .map((a) => ({
      name: a.AlarmName ?? '',
      state: a.StateValue ?? 'INSUFFICIENT_DATA',
      reason: a.StateReason,
      updatedAt: a.StateUpdatedTimestamp?.toISOString(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Pure: counts and instances from the group and the target health (instance id → state). */
export function groupStatus(
  fleetId: string,
  group: AutoScalingGroup,
  targets: ReadonlyMap<string, string>,
): FleetStatus {
  const instances = (group.Instances ?? []).map((i) => ({
    instanceId: i.InstanceId ?? '',
    lifecycleState: i.LifecycleState ?? 'Pending',
    health: i.HealthStatus ?? 'Healthy',
    targetHealth: targets.get(i.InstanceId ?? ''),
    zone: i.AvailabilityZone,
    templateVersion: i.LaunchTemplate?.Version,
  }));
  const unhealthy = (i: (typeof instances)[number]) =>
    i.health !== 'Healthy' || (i.targetHealth !== undefined && i.targetHealth === 'unhealthy');
  return emptyStatus(fleetId, {
    capacity: { min: group.MinSize ?? 0, desired: group.DesiredCapacity ?? 0, max: group.MaxSize ?? 0 },
    instances,
    inService: instances.filter((i) => i.lifecycleState === 'InService' && !unhealthy(i)).length,
    pending: instances.filter((i) => i.lifecycleState.startsWith('Pending')).length,
    scalingSuspended: (group.SuspendedProcesses ?? []).some((p) => p.ProcessName === 'AlarmNotification'),
    unhealthy: instances.filter(unhealthy).length,
  });
}

async function targetHealth(context: ProfileContext, clients: AwsClients, fleet: FleetRecord) {
  const arn = fleet.resources.find((r) => r.kind === 'target-group')?.id;
  if (!arn) return new Map<string, string>();
  const out = await awsCall(context, `read the target health of ${fleet.spec.name}`, () =>
    clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })),
  );
  return new Map(
    (out.TargetHealthDescriptions ?? []).map((t) => [t.Target?.Id ?? '', t.TargetHealth?.State ?? 'unavailable']),
  );
}

async function refreshOf(context: ProfileContext, clients: AwsClients, group: string, refreshId: string) {
  const out = await awsCall(context, `read the instance refresh of ${group}`, () =>
    clients.autoscaling.send(
      new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, InstanceRefreshIds: [refreshId] }),
    ),
  );
  const refresh = out.InstanceRefreshes?.[0];
  if (!refresh) return undefined;
  return {
    id: refreshId,
    status: refresh.Status ?? 'Pending',
    percentage: refresh.PercentageComplete ?? 0,
    startedAt: refresh.StartTime?.toISOString(),
    reason: refresh.StatusReason,
  };
}

function toActivity(activity: Activity): FleetActivity {
  return {
    at: (activity.StartTime ?? new Date(0)).toISOString(),
    status: activity.StatusCode ?? 'InProgress',
    description: activity.Description ?? '',
    cause: activity.Cause,
  };
}

const PERIOD_MS = CPU_PERIOD_SECONDS * 1_000;
const alignDown = (ms: number) => new Date(Math.floor(ms / PERIOD_MS) * PERIOD_MS);
const alignUp = (ms: number) => new Date(Math.ceil(ms / PERIOD_MS) * PERIOD_MS);

function cpuPoints(result: MetricDataResult | undefined): FleetStatus['cpu'] {
  const times = result?.Timestamps ?? [];
  const values = result?.Values ?? [];
  return times.map((t, i) => ({ at: t.toISOString(), value: values[i] ?? 0 }));
}
