import { describe, expect, it } from 'vitest';
import { summarizeRule } from '../../../../electron/core/catalog/network-catalog';

describe('summarizeRule', () => {
  it('says protocol, ports and sources in one line', () => {
    expect(
      summarizeRule({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24' }] }),
    ).toBe('tcp 22 from 198.51.100.0/24');
    expect(
      summarizeRule({
        IpProtocol: 'tcp',
        FromPort: 8000,
        ToPort: 8080,
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      }),
    ).toBe('tcp 8000-8080 from 0.0.0.0/0, ::/0');
    expect(summarizeRule({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }] })).toBe(
      'all traffic from sg-0123456789abcdef0',
    );
    expect(summarizeRule({ IpProtocol: 'udp', FromPort: 53, ToPort: 53 })).toBe('udp 53 from nowhere');
  });
});
