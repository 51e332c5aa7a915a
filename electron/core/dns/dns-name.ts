/** Pure rules of Kiln's DNS names: a name inside its zone, the address an A record holds, the change sent. */
import type { Change, ChangeBatch } from '@aws-sdk/client-route-53';

/** Instance tag naming a launch's A record, `<zoneId>/<name>`, so import and cleanup find it from AWS alone. */
export const KILN_DNS_TAG = 'kiln:dns';
/** Kiln's A records live a minute in resolvers' caches: an instance that restarts with a new IP is found soon. */
export const LAUNCH_RECORD_TTL = 60;

/** A DNS name as Route 53 compares it: lower case, without the trailing dot. */
export function normalizeDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The zone id without the `/hostedzone/` prefix ListHostedZones puts before it. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** True when `name` is the zone's apex or a name below it (`app.example.com` in `example.com`, not `badexample.com`). */
export function isNameInZone(name: string, zoneName: string): boolean {
  const n = normalizeDnsName(name);
  const z = normalizeDnsName(zoneName);
  return z.length > 0 && (n === z || n.endsWith(`.${z}`));
}

/** The instance's addresses as the monitor sees them. */
export interface InstanceAddresses {
  publicIp?: string;
  privateIp?: string;
}

/** The address a launch's A record holds: a private zone resolves inside the VPC (private IP), a public one on the internet (public IP). */
export function recordValueFor(privateZone: boolean, addresses: InstanceAddresses): string | undefined {
  return (privateZone ? addresses.privateIp : addresses.publicIp) || undefined;
}

/** One A record change (CREATE to write it, DELETE with the exact value it holds). */
export function aRecordChangeBatch(action: 'CREATE' | 'UPSERT' | 'DELETE', name: string, value: string): ChangeBatch {
  const change: Change = {
    Action: action,
    ResourceRecordSet: {
      Name: normalizeDnsName(name),
      Type: 'A',
      TTL: LAUNCH_RECORD_TTL,
      ResourceRecords: [{ Value: value }],
    },
  };
  return { Comment: `Kiln: ${action === 'DELETE' ? 'remove' : 'point'} ${normalizeDnsName(name)}`, Changes: [change] };
}

/** The `kiln:dns` tag value of a record. */
export function dnsTagValue(hostedZoneId: string, recordName: string): string {
  return `${bareZoneId(hostedZoneId)}/${normalizeDnsName(recordName)}`;
}

/** The zone and name a `kiln:dns` tag names, or undefined for a value Kiln did not write. */
export function parseDnsTag(value: string | undefined): { hostedZoneId: string; recordName: string } | undefined {
  const match = /^([A-Za-z0-9]+)\/([a-z0-9.-]+)$/.exec(value ?? '');
  return match ? { hostedZoneId: match[1]!, recordName: match[2]! } : undefined;
}
