// `kiln launches show`: the DNS name line says what the record holds, and holds no address once it is taken down.
import { describe, expect, it } from 'vitest';
import { dnsLine } from '../../../electron/cli/commands/launches';

const dns = { hostedZoneId: 'Z1', recordName: 'web.example.test', privateZone: false, value: '54.1.2.3' };

describe('the DNS name line', () => {
  it('shows the address the record holds and its state', () => {
    expect(dnsLine({ ...dns, state: 'in-sync' })).toBe('web.example.test -> 54.1.2.3 (in-sync)');
    expect(dnsLine({ ...dns, value: undefined, state: 'pending' })).toBe(
      'web.example.test -> (no address yet) (pending)',
    );
  });

  it('does not show the released address of a record taken down or deleted', () => {
    expect(dnsLine({ ...dns, state: 'parked' })).toBe('web.example.test (taken down while the instance is stopped)');
    expect(dnsLine({ ...dns, state: 'deleted' })).toBe('web.example.test (deleted)');
  });
});
