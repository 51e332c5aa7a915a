/** The preflight of a launch's DNS name: room for its tag, the zone and name free, and an address the zone can use. */
import type { Route53Client } from '@aws-sdk/client-route-53';
import { MAX_USER_TAGS, type DnsName, type LaunchDnsRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { checkDnsName } from '../dns/dns-calls';
import { normalizeDnsName } from '../dns/dns-name';
import type { ProfileContext } from '../profiles/profile-context';

/**
 * Refuses a public zone for an instance without a public IP (the name would point nowhere reachable), and a DNS
 * name when the extra tags leave no room for the `kiln:dns` tag. Pure.
 */
export function assertDnsAddressable(
  dns: DnsName,
  zone: { zoneName: string; privateZone: boolean; vpcIds?: string[] },
  getsPublicIp: boolean,
  userTagCount: number,
  vpcId?: string,
): void {
  if (zone.privateZone && vpcId && zone.vpcIds && !zone.vpcIds.includes(vpcId)) {
    throw new KilnFailure({
      code: 'DnsZoneNotInVpc',
      message: `${zone.zoneName} is a private hosted zone of ${zone.vpcIds.join(', ') || 'no VPC'}, not of ${vpcId} where the instance runs: ${normalizeDnsName(dns.recordName)} would not resolve there. Nothing was created.`,
      remedy: `Associate the zone with ${vpcId} in Route 53, choose a private zone of that VPC, or launch into the zone's VPC.`,
      field: 'dns.hostedZoneId',
    });
  }
  if (!zone.privateZone && !getsPublicIp) {
    throw new KilnFailure({
      code: 'DnsNeedsPublicIp',
      message: `${zone.zoneName} is a public hosted zone, but this instance gets no public IP address: ${normalizeDnsName(dns.recordName)} would have nothing to point at. Nothing was created.`,
      remedy:
        'Turn on the public IP (Network: Auto-assign public IP) or pick a subnet that maps one, or choose a private hosted zone of the VPC.',
      field: 'dns.hostedZoneId',
    });
  }
  if (userTagCount > MAX_USER_TAGS - 1) {
    throw new KilnFailure({
      code: 'TooManyTagsForDns',
      message: `A DNS name adds Kiln's kiln:dns tag to the instance, and ${userTagCount} extra tags leave no room for it (AWS allows 50).`,
      remedy: `Remove at least ${userTagCount - (MAX_USER_TAGS - 1)} extra tag(s), or leave the DNS name out.`,
      field: 'tags',
    });
  }
}

/** Checks the DNS name of a spec against Route 53 and the instance's network; the record's first state. */
export async function checkLaunchDns(
  context: ProfileContext,
  route53: Route53Client,
  dns: DnsName,
  getsPublicIp: boolean,
  userTagCount: number,
  vpcId?: string,
): Promise<LaunchDnsRecord> {
  const zone = await checkDnsName(context, route53, dns);
  assertDnsAddressable(dns, zone, getsPublicIp, userTagCount, vpcId);
  return {
    hostedZoneId: dns.hostedZoneId,
    recordName: normalizeDnsName(dns.recordName),
    privateZone: zone.privateZone,
    state: 'pending',
  };
}
