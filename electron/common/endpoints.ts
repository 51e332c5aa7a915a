/**
 * Where a launch can be reached from the operator's browser: its public DNS name or IP and the http/https URLs Kiln
 * builds from them. The desktop shell opens only URLs built here (or AWS's own pages) in the system browser.
 */
import type { LaunchRecord } from './models';

export interface LaunchEndpoints {
  /** The public DNS name when EC2 gives one, else the public IP. */
  host: string;
  http: string;
  https: string;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** A host name (whose last label is not all digits, so 999.1.1.1 is no name) or a dotted-quad IPv4 address. */
function isHost(candidate: string | undefined): candidate is string {
  if (!candidate) return false;
  if (IPV4.test(candidate)) return true;
  return DNS_NAME.test(candidate) && /[a-z]/i.test(candidate.slice(candidate.lastIndexOf('.') + 1));
}

/** The endpoints of a launch, or undefined while it has no public address (or EC2 reported one Kiln cannot use). */
export function launchEndpoints(record: Pick<LaunchRecord, 'publicDnsName' | 'publicIp'>): LaunchEndpoints | undefined {
  const host = [record.publicDnsName, record.publicIp].find(isHost);
  if (!host) return undefined;
  return { host, http: `http://${host}/`, https: `https://${host}/` };
}

type EndpointRecord = Pick<LaunchRecord, 'publicDnsName' | 'publicIp' | 'phase' | 'instanceState'>;

const LIVE_INSTANCE_STATES: ReadonlySet<string> = new Set(['pending', 'running']);
const GONE_PHASES: ReadonlySet<LaunchRecord['phase']> = new Set(['lost', 'terminating', 'terminated']);

/**
 * True while the launch's instance still holds the address: pending or running and not being terminated. A stopped
 * or terminated instance gives its public IP back to AWS, which may hand it to someone else's machine.
 */
function holdsItsAddress(record: EndpointRecord): boolean {
  return (
    record.instanceState !== undefined &&
    LIVE_INSTANCE_STATES.has(record.instanceState) &&
    !GONE_PHASES.has(record.phase)
  );
}

/**
 * True when `url` is exactly one of the web URLs Kiln built for one of these launches while its instance is live.
 * Plain http stays allowed: web installs often serve http only, and the address is one the operator's own live
 * instance holds, so the link goes where the operator expects.
 */
export function isLaunchEndpointUrl(url: string, records: ReadonlyArray<EndpointRecord>): boolean {
  return records.some((record) => {
    if (!holdsItsAddress(record)) return false;
    const endpoints = launchEndpoints(record);
    return endpoints !== undefined && (url === endpoints.http || url === endpoints.https);
  });
}
