/** Rebuilds launch records from what AWS knows: instances tagged `kiln:launch-id` that this workstation lacks. */
import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { GetHostedZoneCommand } from '@aws-sdk/client-route-53';
import { DEFAULT_AGENT_PORT, type LaunchDnsRecord, type LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, type AwsClientPool } from '../aws/clients';
import { describeKilnAlarms } from '../health/alarm-calls';
import { parseRecoveryAlarmName } from '../health/recovery-alarm-definitions';
import { readARecord, route53Of } from '../dns/dns-calls';
import { KILN_DNS_TAG, parseDnsTag } from '../dns/dns-name';
import type { ProfileContext } from '../profiles/profile-context';
import { KILN_AGENT_PORT_TAG, KILN_LAUNCH_ID_TAG } from './tags';

/** The install script is not kept in AWS; imported records say so instead. */
export const IMPORTED_SCRIPT_PLACEHOLDER =
  '# Imported from AWS: the install script stays on the workstation that launched it.';

export async function findUnknownLaunches(
  context: ProfileContext,
  clients: AwsClientPool,
  regions: readonly string[],
  known: ReadonlySet<string>,
  now: Date,
): Promise<LaunchRecord[]> {
  const found: LaunchRecord[] = [];
  for (const region of regions) {
    const { ec2 } = clients.get(context, region);
    const out = await awsCall(context, `find Kiln launches in ${region}`, () =>
      ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'tag-key', Values: [KILN_LAUNCH_ID_TAG] },
            { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
          ],
        }),
      ),
    );
    const inRegion: LaunchRecord[] = [];
    for (const instance of (out.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      const record = recordFromInstance(instance, context.profile.id, region, now);
      if (record && !known.has(record.id)) inRegion.push(record);
    }
    const withAlarms = inRegion.length > 0 ? await withRecoveryAlarms(context, clients, region, inRegion) : [];
    found.push(...(await withDnsZones(context, clients, withAlarms)));
  }
  return found;
}

/**
 * The recovery alarms AWS holds for the imported launches (one DescribeAlarms by prefix for the region), so they are
 * watched, shown and deleted on terminate like those made here. An unreadable region is a warning on each launch.
 */
async function withRecoveryAlarms(
  context: ProfileContext,
  clients: AwsClientPool,
  region: string,
  records: LaunchRecord[],
): Promise<LaunchRecord[]> {
  let names: string[];
  try {
    const alarms = await describeKilnAlarms(context, clients.get(context, region).cloudwatch, region);
    names = alarms.flatMap((a) => (a.AlarmName ? [a.AlarmName] : []));
  } catch (error) {
    const message = error instanceof KilnFailure ? error.error.message : String(error);
    return records.map((record) => ({
      ...record,
      warnings: [
        ...(record.warnings ?? []),
        {
          code: 'AlarmsNotRead',
          message: `Kiln could not read this launch's recovery alarms while importing it: ${message}`,
          remedy: 'Enable recovery alarms on the launch page: existing alarms of the same name are replaced.',
        },
      ],
    }));
  }
  return records.map((record) => {
    const own = names.filter((name) => parseRecoveryAlarmName(name)?.launchId === record.id);
    return own.length > 0 ? { ...record, recoveryAlarms: own } : record;
  });
}

/**
 * Whether each imported DNS name is in a private zone (its record holds the private IP): one GetHostedZone per zone.
 * An unreadable zone marks the record failed with the error, and Kiln does not write it (which address is unknown), so
 * the launch page says why it is not kept up to date. A stopped instance's record is read too (`releasedValue`).
 */
async function withDnsZones(
  context: ProfileContext,
  clients: AwsClientPool,
  records: LaunchRecord[],
): Promise<LaunchRecord[]> {
  const route53 = route53Of(clients, context);
  const zones = new Map<string, Promise<boolean>>();
  const out: LaunchRecord[] = [];
  for (const record of records) {
    const dns = record.dns;
    if (!dns) {
      out.push(record);
      continue;
    }
    if (!zones.has(dns.hostedZoneId)) {
      zones.set(
        dns.hostedZoneId,
        route53
          .send(new GetHostedZoneCommand({ Id: dns.hostedZoneId }))
          .then((z) => z.HostedZone?.Config?.PrivateZone ?? false),
      );
    }
    try {
      const privateZone = await zones.get(dns.hostedZoneId)!;
      const released = await releasedValue({ ...record, dns }, privateZone, () =>
        readARecord(context, route53, dns.hostedZoneId, dns.recordName),
      );
      out.push({
        ...record,
        dns: { ...dns, privateZone, ...released.dns },
        ...(released.warning && { warnings: [...(record.warnings ?? []), released.warning] }),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      out.push({
        ...record,
        dns: {
          ...dns,
          state: 'failed',
          error: {
            code: 'HostedZoneNotRead',
            message: `Kiln could not read the hosted zone ${dns.hostedZoneId}: ${message}`,
            remedy:
              'Allow route53:GetHostedZone (or check the zone still exists), then import again; until then Kiln leaves the record as it is.',
          },
        },
      });
    }
  }
  return out;
}

/**
 * An instance stopped since its record was written has released the public IP the record holds, and the first
 * observation (which takes a stopped launch's record down) would not know that address as Kiln's. The record the
 * instance's `kiln:dns` tag names is the one Kiln made for it, so its one value is taken as Kiln's: it is taken down
 * now and written again on start, as if this workstation had never lost the launch. A record that cannot be read stays
 * `pending`, and the launch says the record may still hold the released address.
 */
async function releasedValue(
  record: LaunchRecord & { dns: NonNullable<LaunchRecord['dns']> },
  privateZone: boolean,
  read: () => Promise<string[]>,
): Promise<{ dns?: Partial<LaunchDnsRecord>; warning?: NonNullable<LaunchRecord['warnings']>[number] }> {
  if (privateZone || record.publicIp || (record.instanceState !== 'stopped' && record.instanceState !== 'stopping')) {
    return {};
  }
  try {
    const values = await read();
    return values.length === 1 ? { dns: { state: 'in-sync', value: values[0], sent: values } } : {};
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      warning: {
        code: 'DnsRecordNotRead',
        message: `Kiln could not read ${record.dns.recordName} while importing the stopped instance: ${message}. It may still point at the public IP the instance released.`,
        remedy:
          'Allow route53:ListResourceRecordSets and import again, or delete the record in Route 53; Kiln writes it when the instance starts.',
      },
    };
  }
}

/** Pure: the launch record an instance's tags and attributes describe (undefined for untagged instances). */
export function recordFromInstance(
  instance: Instance,
  profileId: string,
  region: string,
  now: Date,
): LaunchRecord | undefined {
  const tags = new Map((instance.Tags ?? []).map((t) => [t.Key, t.Value]));
  const id = tags.get(KILN_LAUNCH_ID_TAG);
  if (!id || !/^[A-Za-z0-9-]+$/.test(id)) return undefined;
  const createdAt = (instance.LaunchTime ?? now).toISOString();
  const port = Number(tags.get(KILN_AGENT_PORT_TAG));
  // The record's value is learned at the first observation (a record already holding it is left as it is).
  const dns = parseDnsTag(tags.get(KILN_DNS_TAG));
  return {
    id,
    spec: {
      profileId,
      region,
      name: tags.get('Name') || id,
      imageId: instance.ImageId ?? 'ami-00000000',
      instanceType: instance.InstanceType ?? 'unknown.unknown',
      installScript: IMPORTED_SCRIPT_PLACEHOLDER,
      agentPort: Number.isInteger(port) && port >= 1024 ? port : DEFAULT_AGENT_PORT,
      keepAgentOpen: false,
      ...(dns && { dns }),
    },
    createdAt,
    phase: instance.State?.Name === 'pending' ? 'pending' : 'running',
    timeline: [
      { phase: 'requested', at: createdAt },
      { phase: instance.State?.Name === 'pending' ? 'pending' : 'running', at: now.toISOString() },
    ],
    instanceId: instance.InstanceId,
    instanceState: instance.State?.Name,
    publicIp: instance.PublicIpAddress,
    // The instance's groups and its interfaces' (moto lists a launch made with a network interface only there).
    securityGroupId: [
      ...(instance.SecurityGroups ?? []),
      ...(instance.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? []),
    ].find((g) => g.GroupName === `kiln-${id}`)?.GroupId,
    securityGroupDeleted: false,
    agentRuleRevoked: false,
    agentCursor: 0,
    imported: true,
    ...(dns && { dns: { ...dns, privateZone: false, state: 'pending' as const } }),
  };
}
