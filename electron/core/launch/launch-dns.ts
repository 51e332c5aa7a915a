/**
 * A launch's DNS name: the A record follows the instance's address as the monitor observes it (written once the
 * instance has one, moved when a stop/start gives it a new one), is taken down while the instance is stopped in a
 * public zone (EC2 released the public IP and may hand it to anyone: the name must not point there), and is removed on
 * terminate, each time only while it still holds Kiln's value. The value being written is saved on the record before the change is sent, so a crash at any
 * point ends, at the next observation, with the record right.
 */
import type { LaunchDnsRecord, LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AwsClientPool } from '../aws/clients';
import { deleteARecordIfOurs, moveARecord, route53Of } from '../dns/dns-calls';
import { recordValueFor, type InstanceAddresses } from '../dns/dns-name';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { LaunchRecords } from './launch-records';

/** A failed change is tried again at an observation this long after it failed (not at every monitor tick). */
export const DNS_RETRY_MS = 60_000;

/** What the monitor saw of the instance. */
export interface DnsObservation extends InstanceAddresses {
  state: string;
}

/**
 * The address the launch's record should be moved to now, or undefined when there is nothing to do: no DNS name,
 * the launch is ending, the instance has no address (stopped), the record already holds it, or a failure is too
 * recent to try again. Pure.
 */
export function dnsValueToWrite(record: LaunchRecord, observed: DnsObservation, now: Date): string | undefined {
  const dns = record.dns;
  if (!dns || dns.state === 'deleted' || dns.state === 'kept') return undefined;
  // An imported record whose zone could not be read: public or private is unknown, so which address is too.
  if (dns.state === 'failed' && dns.error?.code === 'HostedZoneNotRead') return undefined;
  if (record.phase === 'terminating' || record.phase === 'terminated' || record.phase === 'lost') return undefined;
  if (observed.state !== 'running' && observed.state !== 'pending') return undefined;
  const value = recordValueFor(dns.privateZone, observed);
  if (!value) return undefined;
  if (dns.value === value && dns.state === 'in-sync') return undefined;
  const failedAt = dns.state === 'failed' && dns.at ? Date.parse(dns.at) : undefined;
  if (dns.value === value && failedAt !== undefined && now.getTime() - failedAt < DNS_RETRY_MS) return undefined;
  return value;
}

/**
 * True when the launch's public record should be taken down for now: the instance is stopped and its public IP
 * released. A private zone's record stays (the private IP is the instance's while it is stopped). Pure.
 */
export function dnsShouldPark(record: LaunchRecord, observed: DnsObservation, now: Date): boolean {
  const dns = record.dns;
  if (!dns || dns.privateZone) return false;
  if (dns.state !== 'in-sync' && dns.state !== 'updating' && dns.state !== 'failed') return false;
  if (dns.state === 'failed' && dns.error?.code === 'HostedZoneNotRead') return false;
  if (record.phase === 'terminating' || record.phase === 'terminated' || record.phase === 'lost') return false;
  if ((observed.state !== 'stopping' && observed.state !== 'stopped') || observed.publicIp) return false;
  const failedAt = dns.state === 'failed' && dns.at ? Date.parse(dns.at) : undefined;
  return failedAt === undefined || now.getTime() - failedAt >= DNS_RETRY_MS;
}

/**
 * The record about to be moved to `value`. `previousValue` is the last value Route 53 was seen to hold; `sent` keeps
 * every value a change carried since then, so whatever a lost or unconfirmed change left there is still Kiln's own.
 */
export function updatingTo(dns: LaunchDnsRecord, value: string, at: Date): LaunchDnsRecord {
  const previousValue = dns.state === 'in-sync' && dns.value !== value ? dns.value : dns.previousValue;
  const sent = [...new Set([...(dns.sent ?? []), ...(dns.value ? [dns.value] : []), value])].slice(-16);
  return { ...dns, state: 'updating', value, previousValue, sent, error: undefined, at: at.toISOString() };
}

/**
 * Every value the launch's record may hold that Kiln put there, and the instance's last public IP for a public zone
 * (an imported launch knows no value it wrote).
 */
export function ownValues(record: LaunchRecord): string[] {
  const dns = record.dns;
  if (!dns) return [];
  const address = dns.privateZone ? undefined : record.publicIp;
  const values = [dns.value, dns.previousValue, ...(dns.sent ?? []), address];
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

/** True while the launch's record may still exist in Route 53 and Kiln has not given it up. */
export function dnsCleanupPending(record: LaunchRecord): boolean {
  return Boolean(record.dns && record.dns.state !== 'deleted' && record.dns.state !== 'kept');
}

export interface LaunchDnsDeps {
  records: LaunchRecords;
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  log: (message: string, error?: unknown) => void;
  now: () => Date;
}

export interface LaunchDns {
  /** Moves the launch's record to the observed address when it is not there yet (one change at a time per launch). */
  sync(launchId: string, observed: DnsObservation): Promise<void>;
  /**
   * Removes the launch's record if it still holds Kiln's value; a record someone changed is kept and said so on the
   * launch. A failure throws (the cleanup shows it, and Retry cleanup comes back here).
   */
  remove(launchId: string): Promise<void>;
}

const failureOf = (error: unknown) =>
  error instanceof KilnFailure
    ? error.error
    : { code: 'DnsChangeFailed', message: error instanceof Error ? error.message : String(error) };

export function createLaunchDns(deps: LaunchDnsDeps): LaunchDns {
  const { records, now } = deps;
  const inFlight = new Map<string, Promise<void>>();

  const setDns = (launchId: string, change: (dns: LaunchDnsRecord) => LaunchDnsRecord) =>
    records.update(launchId, (r) => (r.dns ? { ...r, dns: change(r.dns) } : r));

  /** A failed change: logged, and saved on the launch with when, so that it is tried again a minute later. */
  async function failed(launchId: string, what: string, error: unknown): Promise<void> {
    deps.log(`launch ${launchId}: the DNS record was not ${what}`, error);
    const failure = failureOf(error);
    await setDns(launchId, (d) => ({
      ...d,
      state: 'failed',
      error: { ...failure, remedy: failure.remedy ?? 'Kiln tries again in a minute.' },
      at: now().toISOString(),
    })).catch((saveError: unknown) => deps.log(`launch ${launchId}: the DNS failure was not saved`, saveError));
  }

  async function write(record: LaunchRecord, value: string): Promise<void> {
    const launchId = record.id;
    try {
      const updating = await setDns(launchId, (d) => updatingTo(d, value, now()));
      const dns = updating.dns!;
      const context = await deps.profiles.get(record.spec.profileId);
      const moved = await moveARecord(
        context,
        route53Of(deps.clients, context),
        dns.hostedZoneId,
        dns.recordName,
        ownValues(updating),
        value,
      );
      if (moved.result === 'changed') return keep(launchId, moved.values);
      await setDns(launchId, (d) =>
        d.value === value
          ? { ...d, state: 'in-sync', previousValue: undefined, sent: [value], at: now().toISOString() }
          : d,
      );
    } catch (error) {
      await failed(launchId, 'updated', error);
    }
  }

  /**
   * Deletes the launch's record while it holds Kiln's value and marks it `state` (parked or deleted); a record holding
   * someone else's value is kept and said so.
   */
  async function takeDown(record: LaunchRecord, state: 'parked' | 'deleted'): Promise<void> {
    const dns = record.dns!;
    const context = await deps.profiles.get(record.spec.profileId);
    const removal = await deleteARecordIfOurs(
      context,
      route53Of(deps.clients, context),
      dns.hostedZoneId,
      dns.recordName,
      ownValues(record),
    );
    if (removal.result === 'changed') return keep(record.id, removal.values);
    await setDns(record.id, (d) => ({ ...d, state, error: undefined, at: now().toISOString() }));
  }

  /** Takes the record down while the instance is stopped; `value` stays, so the next start writes it back. */
  async function park(record: LaunchRecord): Promise<void> {
    const launchId = record.id;
    try {
      await takeDown(record, 'parked');
    } catch (error) {
      await failed(launchId, 'taken down', error);
    }
  }

  /** Someone else's value is in the record: Kiln stops managing it, leaves it as it is and says so on the launch. */
  async function keep(launchId: string, values: string[]): Promise<void> {
    const record = records.get(launchId);
    const dns = record.dns!;
    const warning = {
      code: 'DnsRecordKept',
      message: `${dns.recordName} points at ${values.join(', ') || 'something else'}, which Kiln did not write (${ownValues(record).join(' or ') || 'no address yet'}): someone changed it, so Kiln leaves it as it is.`,
      remedy: 'Delete or fix the record in Route 53 yourself; Kiln no longer changes it for this launch.',
    };
    await records.update(launchId, (r) => ({
      ...r,
      dns: r.dns && { ...r.dns, state: 'kept', error: undefined, at: now().toISOString() },
      warnings: [...(r.warnings ?? []).filter((w) => w.code !== warning.code), warning],
    }));
  }

  return {
    sync(launchId, observed) {
      const record = records.find(launchId);
      if (!record || inFlight.has(launchId)) return Promise.resolve();
      const value = dnsValueToWrite(record, observed, now());
      const next = value ? write(record, value) : dnsShouldPark(record, observed, now()) ? park(record) : undefined;
      if (!next) return Promise.resolve();
      const change = next.finally(() => inFlight.delete(launchId));
      inFlight.set(launchId, change);
      return change;
    },

    async remove(launchId) {
      // A change still on its way would otherwise land after the delete.
      await inFlight.get(launchId);
      const record = records.get(launchId);
      if (!record.dns || !dnsCleanupPending(record)) return;
      await takeDown(record, 'deleted');
    },
  };
}
