/**
 * The A records instances carry in their `kiln:dns` tag, for the Cleanup page: an orphaned launch's instance is
 * terminated there, and its record goes with it, only while it still holds that instance's address.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ProfileContext } from '../profiles/profile-context';
import { deleteARecordIfOurs } from './dns-calls';
import { KILN_DNS_TAG, parseDnsTag } from './dns-name';

/** An instance's record: where it is, and the addresses that make it the instance's own. */
export interface InstanceDnsRecord {
  instanceId: string;
  hostedZoneId: string;
  recordName: string;
  addresses: string[];
}

/** The records the instances' tags name (pure). */
export function instanceDnsRecords(instances: readonly Instance[]): InstanceDnsRecord[] {
  return instances.flatMap((instance) => {
    const tag = parseDnsTag(instance.Tags?.find((t) => t.Key === KILN_DNS_TAG)?.Value);
    if (!tag || !instance.InstanceId) return [];
    const addresses = [instance.PublicIpAddress, instance.PrivateIpAddress].filter((a): a is string => Boolean(a));
    return [{ instanceId: instance.InstanceId, ...tag, addresses }];
  });
}

/**
 * Deletes each record that still holds its instance's address; returns what was not deleted and why (changed by
 * someone, or the call failed), one sentence each.
 */
export async function removeInstanceDnsRecords(
  context: ProfileContext,
  route53: Route53Client,
  records: readonly InstanceDnsRecord[],
): Promise<string[]> {
  const notes: string[] = [];
  for (const record of records) {
    try {
      const removal = await deleteARecordIfOurs(
        context,
        route53,
        record.hostedZoneId,
        record.recordName,
        record.addresses,
      );
      if (removal.result === 'changed')
        notes.push(`${record.recordName} now points at ${removal.values.join(', ')}, so Kiln left it.`);
    } catch (error) {
      notes.push(
        `${record.recordName} was not deleted: ${error instanceof Error ? error.message : String(error)}; delete it in Route 53.`,
      );
    }
  }
  return notes;
}
