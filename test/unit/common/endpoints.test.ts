import { describe, expect, it } from 'vitest';
import { isLaunchEndpointUrl, launchEndpoints } from '../../../electron/common/endpoints';

describe('launch endpoints', () => {
  it('prefers the public DNS name and builds http and https URLs', () => {
    expect(launchEndpoints({ publicDnsName: 'ec2-54-1-2-3.compute-1.amazonaws.com', publicIp: '54.1.2.3' })).toEqual({
      host: 'ec2-54-1-2-3.compute-1.amazonaws.com',
      http: 'http://ec2-54-1-2-3.compute-1.amazonaws.com/',
      https: 'https://ec2-54-1-2-3.compute-1.amazonaws.com/',
    });
    expect(launchEndpoints({ publicIp: '54.1.2.3' })?.https).toBe('https://54.1.2.3/');
    expect(launchEndpoints({})).toBeUndefined();
  });

  it('builds nothing from an address that is not a host name or IPv4 address', () => {
    expect(launchEndpoints({ publicDnsName: 'evil.example/@x', publicIp: '999.1.1.1' })).toBeUndefined();
    expect(launchEndpoints({ publicDnsName: 'javascript:alert(1)' })).toBeUndefined();
  });

  it('recognises only the exact URLs built for a known launch', () => {
    const live = { phase: 'installing', instanceState: 'running' } as const;
    const records = [
      { ...live, publicIp: '54.1.2.3' },
      { ...live, instanceState: 'pending', publicDnsName: 'ec2-3-3-3-3.compute-1.amazonaws.com' },
    ];
    expect(isLaunchEndpointUrl('http://54.1.2.3/', records)).toBe(true);
    expect(isLaunchEndpointUrl('https://ec2-3-3-3-3.compute-1.amazonaws.com/', records)).toBe(true);
    expect(isLaunchEndpointUrl('http://54.1.2.3/admin', records)).toBe(false);
    expect(isLaunchEndpointUrl('http://54.1.2.4/', records)).toBe(false);
    expect(isLaunchEndpointUrl('file:///etc/passwd', records)).toBe(false);
  });

  it('ignores launches whose instance no longer holds its address', () => {
    const gone = [
      { phase: 'terminated', instanceState: 'terminated', publicIp: '54.1.2.5' },
      { phase: 'terminating', instanceState: 'running', publicIp: '54.1.2.6' },
      { phase: 'lost', instanceState: 'running', publicIp: '54.1.2.7' },
      { phase: 'succeeded', instanceState: 'stopped', publicIp: '54.1.2.8' },
      { phase: 'succeeded', instanceState: 'shutting-down', publicIp: '54.1.2.9' },
      { phase: 'succeeded', publicIp: '54.1.2.10' },
    ] as const;
    for (const record of gone) {
      expect(isLaunchEndpointUrl(`http://${record.publicIp}/`, [record])).toBe(false);
      expect(isLaunchEndpointUrl(`https://${record.publicIp}/`, [record])).toBe(false);
    }
    expect(
      isLaunchEndpointUrl('http://54.1.2.5/', [{ phase: 'succeeded', instanceState: 'running', publicIp: '54.1.2.5' }]),
    ).toBe(true);
  });
});
