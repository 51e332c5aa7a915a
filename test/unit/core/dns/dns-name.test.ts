import { describe, expect, it } from 'vitest';
import {
  aRecordChangeBatch,
  bareZoneId,
  dnsTagValue,
  isNameInZone,
  parseDnsTag,
  recordValueFor,
} from '../../../../electron/core/dns/dns-name';

describe('isNameInZone', () => {
  it('accepts the apex and names below it, with or without the trailing dot, in any case', () => {
    expect(isNameInZone('example.test', 'example.test.')).toBe(true);
    expect(isNameInZone('App.Example.test.', 'example.test')).toBe(true);
    expect(isNameInZone('a.b.example.test', 'example.test')).toBe(true);
  });

  it('refuses a name that only ends with the same letters, another zone, or an empty zone', () => {
    expect(isNameInZone('badexample.test', 'example.test')).toBe(false);
    expect(isNameInZone('app.elsewhere.test', 'example.test')).toBe(false);
    expect(isNameInZone('example.test', '')).toBe(false);
  });
});

describe('recordValueFor', () => {
  const both = { publicIp: '54.1.2.3', privateIp: '172.31.5.6' };
  it('gives a public zone the public IP and a private zone the private IP', () => {
    expect(recordValueFor(false, both)).toBe('54.1.2.3');
    expect(recordValueFor(true, both)).toBe('172.31.5.6');
  });
  it('gives nothing when the instance has no such address (a stopped instance has no public IP)', () => {
    expect(recordValueFor(false, { privateIp: '172.31.5.6' })).toBeUndefined();
    expect(recordValueFor(true, { publicIp: '54.1.2.3' })).toBeUndefined();
  });
});

describe('aRecordChangeBatch', () => {
  it('is one A record of TTL 60 with the one value, named without the trailing dot', () => {
    expect(aRecordChangeBatch('UPSERT', 'App.Example.test.', '54.1.2.3').Changes).toEqual([
      {
        Action: 'UPSERT',
        ResourceRecordSet: { Name: 'app.example.test', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '54.1.2.3' }] },
      },
    ]);
  });
});

describe('the kiln:dns tag', () => {
  it('names the bare zone id and the name, and reads back what it wrote', () => {
    const value = dnsTagValue('/hostedzone/Z0123ABC', 'App.example.test.');
    expect(value).toBe('Z0123ABC/app.example.test');
    expect(parseDnsTag(value)).toEqual({ hostedZoneId: 'Z0123ABC', recordName: 'app.example.test' });
  });
  it('ignores values Kiln did not write', () => {
    expect(parseDnsTag(undefined)).toBeUndefined();
    expect(parseDnsTag('app.example.test')).toBeUndefined();
    expect(parseDnsTag('Z1/app example')).toBeUndefined();
  });
  it('strips the /hostedzone/ prefix of zone ids', () => {
    expect(bareZoneId('/hostedzone/Z9')).toBe('Z9');
    expect(bareZoneId('Z9')).toBe('Z9');
  });
});
