/** DNS names in Route 53: the name a launch or a fleet asks for, the hosted zones to pick from, a launch's A record. */
import { z } from 'zod';

/** A record in a hosted zone the operator picks; used by launches (an A record) and fleets (an alias record). */
export const DnsName = z.object({
  hostedZoneId: z.string().trim().min(1, 'Choose a hosted zone.'),
  /** The record's full name, inside the zone (e.g. `app.example.com`). */
  recordName: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/, 'Type a DNS name such as app.example.com.'),
});
export type DnsName = z.infer<typeof DnsName>;

/** One hosted zone of the account (Route 53 is global: no region). */
export const HostedZoneSummary = z.object({
  /** The zone id without the `/hostedzone/` prefix, e.g. `Z0123456789ABCDEFGHIJ`. */
  id: z.string(),
  /** The zone's domain, without the trailing dot. */
  name: z.string(),
  private: z.boolean(),
  recordCount: z.number().int().nonnegative(),
});
export type HostedZoneSummary = z.infer<typeof HostedZoneSummary>;

/**
 * A launch's A record as Kiln keeps it. `value` is the address Kiln is writing or wrote (set before the change is
 * sent, so a crash in between still knows what it may have written); `previousValue` the one before it.
 */
export const LaunchDnsRecord = z.object({
  hostedZoneId: z.string(),
  recordName: z.string(),
  /** A private zone gets the instance's private IP, a public one its public IP. */
  privateZone: z.boolean(),
  value: z.string().optional(),
  previousValue: z.string().optional(),
  /** Every value Kiln may have put in Route 53 since it last saw the record hold `value` (what it may delete or move). */
  sent: z.array(z.string()).max(16).optional(),
  /**
   * `pending`: no address yet; `updating`: a change is on its way; `in-sync`: Route 53 holds `value`; `failed`: the
   * last change failed (`error`); `parked`: removed while the instance is stopped (its public IP released), written
   * again when it runs; `deleted`: removed on terminate; `kept`: someone changed the record, Kiln left it.
   */
  state: z.enum(['pending', 'updating', 'in-sync', 'failed', 'parked', 'deleted', 'kept']),
  error: z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() }).optional(),
  /** When the state last changed, ISO 8601. */
  at: z.string().optional(),
});
export type LaunchDnsRecord = z.infer<typeof LaunchDnsRecord>;
