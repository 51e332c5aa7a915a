/**
 * A launch's DNS name: the A record follows the instance's address as the monitor observes it (written once the
 * instance has one, moved when a stop/start gives it a new one), and is removed on terminate only while it still
 * holds Kiln's value. The value being written is saved on the record before the change is sent, so a crash at any
 * point ends, at the next observation, with the record right.
 */
import type { LaunchDnsRecord, LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { AwsClientPool } from '../aws/clients';
import { deleteARecordIfOurs, upsertARecord } from '../dns/dns-calls';
import { recordValueFor, type InstanceAddresses } from '../dns/dns-name';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { LaunchRecords } from './launch-records';

/** A failed change is tried again at an observation this long after it failed (not at every monitor tick). */
export const DNS_RETRY_MS = 60_000;
const ROUTE53_REGION = 'us-east-1';

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
  if (record.phase === 'terminating' || record.phase === 'terminated' || record.phase === 'lost') return undefined;
  if (observed.state !== 'running' && observed.state !== 'pending') return undefined;
  const value = recordValueFor(dns.privateZone, observed);
  if (!value) return undefined;
  if (dns.value === value && dns.state === 'in-sync') return undefined;
  const failedAt = dns.state === 'failed' && dns.at ? Date.parse(dns.at) : undefined;
  if (dns.value === value && failedAt !== undefined && now.getTime() - failedAt < DNS_RETRY_MS) return undefined;
  return value;
}

/** The record about to be moved to `value`: `previousValue` keeps what Route 53 may still hold if the change is lost. */
export function updatingTo(dns: LaunchDnsRecord, value: string, at: Date): LaunchDnsRecord {
  const previousValue = dns.value !== undefined && dns.value !== value ? dns.value : dns.previousValue;
  return { ...dns, state: 'updating', value, previousValue, error: undefined, at: at.toISOString() };
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
  const route53 = async (record: LaunchRecord) =>
    deps.clients.get(await deps.profiles.get(record.spec.profileId), ROUTE53_REGION).route53;

  const setDns = (launchId: string, change: (dns: LaunchDnsRecord) => LaunchDnsRecord) =>
    records.update(launchId, (r) => (r.dns ? { ...r, dns: change(r.dns) } : r));

  async function write(record: LaunchRecord, value: string): Promise<void> {
    const launchId = record.id;
    try {
      const dns = (await setDns(launchId, (d) => updatingTo(d, value, now()))).dns!;
      const context = await deps.profiles.get(record.spec.profileId);
      await upsertARecord(context, await route53(record), dns.hostedZoneId, dns.recordName, value);
      await setDns(launchId, (d) => (d.value === value ? { ...d, state: 'in-sync', at: now().toISOString() } : d));
    } catch (error) {
      deps.log(`launch ${launchId}: the DNS record was not updated`, error);
      const failure = failureOf(error);
      await setDns(launchId, (d) => ({
        ...d,
        state: 'failed',
        error: { ...failure, remedy: failure.remedy ?? 'Kiln tries again in a minute.' },
        at: now().toISOString(),
      })).catch(() => undefined);
    }
  }

  return {
    sync(launchId, observed) {
      const record = records.find(launchId);
      if (!record || inFlight.has(launchId)) return Promise.resolve();
      const value = dnsValueToWrite(record, observed, now());
      if (!value) return Promise.resolve();
      const change = write(record, value).finally(() => inFlight.delete(launchId));
      inFlight.set(launchId, change);
      return change;
    },

    async remove(launchId) {
      // A change still on its way would otherwise land after the delete.
      await inFlight.get(launchId);
      const record = records.get(launchId);
      const dns = record.dns;
      if (!dns || !dnsCleanupPending(record)) return;
      const context = await deps.profiles.get(record.spec.profileId);
      const ours = [dns.value, dns.previousValue].filter((v): v is string => Boolean(v));
      const removal = await deleteARecordIfOurs(context, await route53(record), dns.hostedZoneId, dns.recordName, ours);
      if (removal.result === 'changed') {
        const warning = {
          code: 'DnsRecordKept',
          message: `${dns.recordName} now points at ${removal.values.join(', ')}, not at this launch's ${ours.join(' or ') || 'address'}: someone changed it, so Kiln left it as it is.`,
          remedy: 'Delete the record in Route 53 yourself if nothing needs it.',
        };
        await records.update(launchId, (r) => ({
          ...r,
          dns: r.dns && { ...r.dns, state: 'kept', error: undefined, at: now().toISOString() },
          warnings: [...(r.warnings ?? []).filter((w) => w.code !== warning.code), warning],
        }));
        return;
      }
      await setDns(launchId, (d) => ({ ...d, state: 'deleted', error: undefined, at: now().toISOString() }));
    },
  };
}
