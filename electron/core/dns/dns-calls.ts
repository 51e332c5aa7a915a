/**
 * Route 53 calls shared by launches and fleets: the account's hosted zones, the check that a DNS name can be had
 * (before anything is created), and a launch's A record written, read and removed.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import type { DnsName, HostedZoneSummary } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, throwAwsFailure, type AwsClientPool } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';
import { aRecordChangeBatch, bareZoneId, isNameInZone, normalizeDnsName } from './dns-name';

/** Route 53 is global: its API is reached through us-east-1, whatever region a launch or fleet is in. */
export function route53Of(clients: AwsClientPool, context: ProfileContext): Route53Client {
  return clients.get(context, 'us-east-1').route53;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

/** Every hosted zone of the account (all pages of ListHostedZones), by name. */
export async function listHostedZones(context: ProfileContext, route53: Route53Client): Promise<HostedZoneSummary[]> {
  const zones: HostedZoneSummary[] = [];
  try {
    for await (const page of paginateListHostedZones({ client: route53 }, {})) {
      for (const zone of page.HostedZones ?? []) {
        if (!zone.Id || !zone.Name) continue;
        zones.push({
          id: bareZoneId(zone.Id),
          name: normalizeDnsName(zone.Name),
          private: zone.Config?.PrivateZone ?? false,
          recordCount: Number(zone.ResourceRecordSetCount ?? 0),
        });
      }
    }
  } catch (error) {
    if (DENIED.has(awsErrorCode(error) ?? '')) {
      throw new KilnFailure({
        code: 'AccessDenied',
        message: 'This identity may not list Route 53 hosted zones (route53:ListHostedZones is missing).',
        remedy: 'Ask an administrator for route53:ListHostedZones, or use another profile.',
      });
    }
    throwAwsFailure(context, 'list the Route 53 hosted zones', error);
  }
  return zones.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** What the check learned about the zone. */
export interface CheckedDnsName {
  zoneName: string;
  privateZone: boolean;
  /** The VPCs a private zone answers in (its names resolve only there). */
  vpcIds?: string[];
}

/**
 * The hosted zone exists, holds the name, and the name has no A, AAAA or CNAME record yet (Kiln never takes one
 * over). Refusals carry the form field (`dns.hostedZoneId`, `dns.recordName`) they are about.
 */
export async function checkDnsName(
  context: ProfileContext,
  route53: Route53Client,
  dns: DnsName,
): Promise<CheckedDnsName> {
  const zone = await route53.send(new GetHostedZoneCommand({ Id: dns.hostedZoneId })).catch((error: unknown) => {
    if (awsErrorCode(error) === 'NoSuchHostedZone' || awsErrorCode(error) === 'InvalidInput') {
      throw new KilnFailure({
        code: 'NoSuchHostedZone',
        message: `There is no hosted zone ${dns.hostedZoneId} in this account. Nothing was created.`,
        remedy: 'Choose a hosted zone from the list.',
        field: 'dns.hostedZoneId',
      });
    }
    throwAwsFailure(context, `read the hosted zone ${dns.hostedZoneId}`, error);
  });
  const zoneName = normalizeDnsName(zone.HostedZone?.Name ?? '');
  const name = normalizeDnsName(dns.recordName);
  if (!isNameInZone(name, zoneName)) {
    throw new KilnFailure({
      code: 'DnsNameOutsideZone',
      message: `${name} is not inside the hosted zone ${zoneName}. Nothing was created.`,
      remedy: `Use a name ending in .${zoneName}, or choose the zone that holds ${name}.`,
      field: 'dns.recordName',
    });
  }
  const existing = await readRecordSets(context, route53, dns.hostedZoneId, name);
  if (existing.some((r) => r.Type === 'A' || r.Type === 'AAAA' || r.Type === 'CNAME')) {
    throw new KilnFailure({
      code: 'DnsNameTaken',
      message: `${name} already has a record in ${zoneName}; Kiln does not replace records it did not make. Nothing was created.`,
      remedy: 'Choose another name, or delete that record first.',
      field: 'dns.recordName',
    });
  }
  const privateZone = zone.HostedZone?.Config?.PrivateZone ?? false;
  return {
    zoneName,
    privateZone,
    ...(privateZone ? { vpcIds: (zone.VPCs ?? []).flatMap((v) => (v.VPCId ? [v.VPCId] : [])) } : {}),
  };
}

/** The record sets of exactly `name` (ListResourceRecordSets starts at the name; later names are dropped). */
async function readRecordSets(
  context: ProfileContext,
  route53: Route53Client,
  zoneId: string,
  name: string,
): Promise<ResourceRecordSet[]> {
  const listed = await awsCall(context, `read the records of ${name}`, () =>
    route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: name, MaxItems: 10 })),
  );
  return (listed.ResourceRecordSets ?? []).filter((r) => normalizeDnsName(r.Name ?? '') === normalizeDnsName(name));
}

/** The A record `name` as Route 53 holds it now (an alias too), or undefined when there is none. */
export async function readARecordSet(
  context: ProfileContext,
  route53: Route53Client,
  zoneId: string,
  name: string,
): Promise<ResourceRecordSet | undefined> {
  return (await readRecordSets(context, route53, zoneId, name)).find((r) => r.Type === 'A');
}

/** The values of the A record `name` holds now (empty when there is none). */
export async function readARecord(
  context: ProfileContext,
  route53: Route53Client,
  zoneId: string,
  name: string,
): Promise<string[]> {
  const set = await readARecordSet(context, route53, zoneId, name);
  return (set?.ResourceRecords ?? []).flatMap((r) => (r.Value ? [r.Value] : []));
}

/** What moving a launch's record did: it holds the value now, or it holds someone else's and was left alone. */
export type RecordMove = { result: 'written' } | { result: 'changed'; values: string[] };

/**
 * Points the A record at `value` without ever taking over a record Kiln did not write: CREATE when there is none (which
 * Route 53 refuses if one appeared meanwhile), nothing when it holds `value` already (a change a crash did not get to
 * confirm), an UPSERT when it holds one of `ours`, and nothing at all when it holds anything else: that is reported.
 */
export async function moveARecord(
  context: ProfileContext,
  route53: Route53Client,
  zoneId: string,
  name: string,
  ours: readonly string[],
  value: string,
): Promise<RecordMove> {
  const set = await readARecordSet(context, route53, zoneId, name);
  const values = (set?.ResourceRecords ?? []).flatMap((r) => (r.Value ? [r.Value] : []));
  if (values.length === 1 && values[0] === value) return { result: 'written' };
  if (set && (values.length !== 1 || !ours.includes(values[0]!))) return { result: 'changed', values };
  await awsCall(context, `point ${normalizeDnsName(name)} at ${value}`, () =>
    route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: aRecordChangeBatch(set ? 'UPSERT' : 'CREATE', name, value),
      }),
    ),
  );
  return { result: 'written' };
}

/** What removing a launch's record did: removed, already gone, or left because it holds someone else's value. */
export type RecordRemoval = { result: 'deleted' | 'gone' } | { result: 'changed'; values: string[] };

/** Deletes the A record only while it holds one of `ours` (the value Kiln wrote); a changed record is left as it is. */
export async function deleteARecordIfOurs(
  context: ProfileContext,
  route53: Route53Client,
  zoneId: string,
  name: string,
  ours: readonly string[],
): Promise<RecordRemoval> {
  const set = await readARecordSet(context, route53, zoneId, name);
  const values = (set?.ResourceRecords ?? []).flatMap((r) => (r.Value ? [r.Value] : []));
  if (!set || values.length === 0) return { result: 'gone' };
  if (values.length !== 1 || !ours.includes(values[0]!)) return { result: 'changed', values };
  // DELETE must name the record exactly as it is (TTL included), so send back what was read.
  await awsCall(context, `delete the DNS record ${normalizeDnsName(name)}`, () =>
    route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: set }] },
      }),
    ),
  );
  return { result: 'deleted' };
}
