import { describe, expect, it } from 'vitest';
import type { LaunchDnsRecord, LaunchRecord } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import {
  DNS_RETRY_MS,
  dnsCleanupPending,
  dnsShouldPark,
  dnsValueToWrite,
  ownValues,
  updatingTo,
} from '../../../../electron/core/launch/launch-dns';
import { assertDnsAddressable } from '../../../../electron/core/launch/launch-dns-check';
import { recordFromInstance } from '../../../../electron/core/launch/import-from-aws';
import { launchRecord } from '../../../support/fake-kiln-api';

const now = new Date('2025-01-15T10:05:00.000Z');
const dns = (over: Partial<LaunchDnsRecord> = {}): LaunchDnsRecord => ({
  hostedZoneId: 'Z1',
  recordName: 'app.example.test',
  privateZone: false,
  state: 'pending',
  ...over,
});
const withDns = (over: Partial<LaunchDnsRecord> = {}, record: Partial<LaunchRecord> = {}) =>
  launchRecord({ phase: 'installing', dns: dns(over), ...record });
const running = { state: 'running', publicIp: '54.1.2.3', privateIp: '172.31.5.6' };

describe('dnsShouldPark', () => {
  const stopped = { state: 'stopped', privateIp: '172.31.5.6' };
  it('takes a public record down once the stopped instance has no public IP, and writes it again on start', () => {
    expect(dnsShouldPark(withDns({ value: '54.1.2.3', state: 'in-sync' }), stopped, now)).toBe(true);
    expect(
      dnsShouldPark(withDns({ value: '54.1.2.3', state: 'updating' }), { ...stopped, state: 'stopping' }, now),
    ).toBe(true);
    const parked = withDns({ value: '54.1.2.3', state: 'parked' });
    expect(dnsShouldPark(parked, stopped, now)).toBe(false);
    expect(dnsValueToWrite(parked, { ...running, publicIp: '54.9.9.9' }, now)).toBe('54.9.9.9');
  });

  it('keeps a record whose address stays: a private zone, an instance still holding its public IP, a running one', () => {
    expect(dnsShouldPark(withDns({ value: '172.31.5.6', state: 'in-sync', privateZone: true }), stopped, now)).toBe(
      false,
    );
    const inSync = withDns({ value: '54.1.2.3', state: 'in-sync' });
    expect(dnsShouldPark(inSync, { ...stopped, state: 'stopping', publicIp: '54.1.2.3' }, now)).toBe(false);
    expect(dnsShouldPark(inSync, running, now)).toBe(false);
  });

  it('leaves what is not Kiln’s to park: nothing written yet, removed, kept, an ending launch, an unread zone', () => {
    expect(dnsShouldPark(withDns(), stopped, now)).toBe(false);
    expect(dnsShouldPark(withDns({ value: '54.1.2.3', state: 'deleted' }), stopped, now)).toBe(false);
    expect(dnsShouldPark(withDns({ value: '54.1.2.3', state: 'kept' }), stopped, now)).toBe(false);
    expect(
      dnsShouldPark(withDns({ value: '54.1.2.3', state: 'in-sync' }, { phase: 'terminating' }), stopped, now),
    ).toBe(false);
    const unread = withDns({ state: 'failed', error: { code: 'HostedZoneNotRead', message: 'denied' } });
    expect(dnsShouldPark(unread, stopped, now)).toBe(false);
  });

  it('tries a failed take-down again only after a minute', () => {
    const failedAt = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const failed = (ms: number) => withDns({ value: '54.1.2.3', state: 'failed', at: failedAt(ms) });
    expect(dnsShouldPark(failed(1_000), stopped, now)).toBe(false);
    expect(dnsShouldPark(failed(DNS_RETRY_MS + 1), stopped, now)).toBe(true);
  });
});

describe('dnsValueToWrite', () => {
  it('writes the public IP once the instance has one', () => {
    expect(dnsValueToWrite(withDns(), running, now)).toBe('54.1.2.3');
    expect(dnsValueToWrite(withDns({ privateZone: true }), running, now)).toBe('172.31.5.6');
  });

  it('does nothing while the record already holds the address', () => {
    expect(dnsValueToWrite(withDns({ value: '54.1.2.3', state: 'in-sync' }), running, now)).toBeUndefined();
  });

  it('moves the record when a start gave the instance a new address', () => {
    const record = withDns({ value: '54.1.2.3', state: 'in-sync' });
    expect(dnsValueToWrite(record, { ...running, publicIp: '54.9.9.9' }, now)).toBe('54.9.9.9');
  });

  it('sends again a change a crash interrupted (updating), and a failed one only after a minute', () => {
    expect(dnsValueToWrite(withDns({ value: '54.1.2.3', state: 'updating' }), running, now)).toBe('54.1.2.3');
    const failedAt = (ms: number) => new Date(now.getTime() - ms).toISOString();
    expect(dnsValueToWrite(withDns({ value: '54.1.2.3', state: 'failed', at: failedAt(1_000) }), running, now)).toBe(
      undefined,
    );
    expect(
      dnsValueToWrite(withDns({ value: '54.1.2.3', state: 'failed', at: failedAt(DNS_RETRY_MS + 1) }), running, now),
    ).toBe('54.1.2.3');
  });

  it('leaves the record alone for a stopped instance, a launch that is ending, or a record removed or kept', () => {
    expect(dnsValueToWrite(withDns(), { state: 'stopped', privateIp: '172.31.5.6' }, now)).toBeUndefined();
    expect(dnsValueToWrite(withDns({}, { phase: 'terminating' }), running, now)).toBeUndefined();
    expect(dnsValueToWrite(withDns({ state: 'deleted' }), running, now)).toBeUndefined();
    expect(dnsValueToWrite(withDns({ state: 'kept' }), running, now)).toBeUndefined();
    // Imported, its zone unreadable: whether it wants the public or the private IP is unknown.
    const unread = withDns({ state: 'failed', error: { code: 'HostedZoneNotRead', message: 'denied' } });
    expect(dnsValueToWrite(unread, running, now)).toBeUndefined();
    expect(dnsValueToWrite(withDns({ state: 'failed' }), running, now)).toBe('54.1.2.3');
    expect(dnsValueToWrite(launchRecord({ phase: 'installing' }), running, now)).toBeUndefined();
  });
});

describe('updatingTo', () => {
  it('keeps the value Route 53 may still hold as previousValue', () => {
    const next = updatingTo(dns({ value: '54.1.2.3', state: 'in-sync' }), '54.9.9.9', now);
    expect(next).toMatchObject({ state: 'updating', value: '54.9.9.9', previousValue: '54.1.2.3' });
    expect(updatingTo(next, '54.9.9.9', now).previousValue).toBe('54.1.2.3');
  });

  it('keeps every value a change carried until one is confirmed, so a failed move still counts as Kiln’s own', () => {
    // In sync at A; the move to B fails; then the instance gets C. Route 53 holds A (or B, if the failure was only
    // the answer being lost): both must still count as Kiln's when C is written or the record is deleted.
    const toB = { ...updatingTo(dns({ value: '54.0.0.1', state: 'in-sync', sent: ['54.0.0.1'] }), '54.0.0.2', now) };
    const failed = { ...toB, state: 'failed' as const };
    const toC = updatingTo(failed, '54.0.0.3', now);
    expect(toC.previousValue).toBe('54.0.0.1');
    expect(toC.sent).toEqual(['54.0.0.1', '54.0.0.2', '54.0.0.3']);
    expect(ownValues(launchRecord({ dns: toC })).sort()).toEqual(['54.0.0.1', '54.0.0.2', '54.0.0.3']);
  });
});

describe('ownValues', () => {
  it('counts the instance’s last public IP for a public zone (an imported launch wrote nothing), not for a private one', () => {
    expect(ownValues(launchRecord({ publicIp: '54.7.7.7', dns: dns({ state: 'in-sync' }) }))).toEqual(['54.7.7.7']);
    expect(ownValues(launchRecord({ publicIp: '54.7.7.7', dns: dns({ privateZone: true }) }))).toEqual([]);
    expect(ownValues(launchRecord({ publicIp: '54.7.7.7' }))).toEqual([]);
  });
});

describe('dnsCleanupPending', () => {
  it('is true until the record is deleted or deliberately kept', () => {
    expect(dnsCleanupPending(withDns({ state: 'in-sync' }))).toBe(true);
    expect(dnsCleanupPending(withDns({ state: 'failed' }))).toBe(true);
    expect(dnsCleanupPending(withDns({ state: 'deleted' }))).toBe(false);
    expect(dnsCleanupPending(withDns({ state: 'kept' }))).toBe(false);
    expect(dnsCleanupPending(launchRecord({}))).toBe(false);
  });
});

describe('assertDnsAddressable', () => {
  const name = { hostedZoneId: 'Z1', recordName: 'app.example.test' };
  const code = (fn: () => void) => {
    try {
      fn();
      return 'accepted';
    } catch (error) {
      return error instanceof KilnFailure ? error.error.code : String(error);
    }
  };
  it('refuses a public zone for an instance without a public IP, and accepts a private zone then', () => {
    expect(code(() => assertDnsAddressable(name, { zoneName: 'example.test', privateZone: false }, false, 0))).toBe(
      'DnsNeedsPublicIp',
    );
    expect(code(() => assertDnsAddressable(name, { zoneName: 'example.test', privateZone: true }, false, 0))).toBe(
      'accepted',
    );
    expect(code(() => assertDnsAddressable(name, { zoneName: 'example.test', privateZone: false }, true, 0))).toBe(
      'accepted',
    );
  });
  it('refuses a private zone that does not answer in the instance’s VPC', () => {
    const zone = { zoneName: 'internal.test', privateZone: true, vpcIds: ['vpc-1'] };
    expect(code(() => assertDnsAddressable(name, zone, false, 0, 'vpc-2'))).toBe('DnsZoneNotInVpc');
    expect(code(() => assertDnsAddressable(name, zone, false, 0, 'vpc-1'))).toBe('accepted');
  });
  it('refuses when the extra tags leave no room for the kiln:dns tag', () => {
    expect(code(() => assertDnsAddressable(name, { zoneName: 'example.test', privateZone: false }, true, 46))).toBe(
      'TooManyTagsForDns',
    );
  });
});

describe('a DNS name found by Import from AWS', () => {
  const instance = (tags: Record<string, string>) => ({
    InstanceId: 'i-0123',
    ImageId: 'ami-0ed094fb1304fd857',
    InstanceType: 't3.micro' as const,
    State: { Name: 'running' as const },
    PublicIpAddress: '54.1.2.3',
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  });

  it('comes back from the kiln:dns tag, pending until the first observation writes it', () => {
    const record = recordFromInstance(
      instance({ 'kiln:launch-id': 'abc-1', 'kiln:dns': 'Z1PUBLIC/web.example.test' }),
      'sandbox',
      'us-east-1',
      now,
    );
    expect(record?.spec.dns).toEqual({ hostedZoneId: 'Z1PUBLIC', recordName: 'web.example.test' });
    expect(record?.dns).toMatchObject({ hostedZoneId: 'Z1PUBLIC', recordName: 'web.example.test', state: 'pending' });
    expect(dnsValueToWrite(record!, { state: 'running', publicIp: '54.1.2.3' }, now)).toBe('54.1.2.3');
  });

  it('is absent without the tag', () => {
    const record = recordFromInstance(instance({ 'kiln:launch-id': 'abc-1' }), 'sandbox', 'us-east-1', now);
    expect(record?.dns).toBeUndefined();
    expect(record?.spec.dns).toBeUndefined();
  });
});
