/** Launch records for the Connect tab tests: a Linux instance with a public address and verified host keys, a Windows one. */
import type { LaunchRecord } from '../../../../../electron/common/models';
import { FAKE_HOST_KEYS, WINDOWS_IMAGE, launchRecord } from '../../../../support/fake-kiln-api';

export const HOST = 'ec2-54-1-2-3.compute-1.amazonaws.com';

export function linuxLaunch(overrides: Partial<LaunchRecord> = {}): LaunchRecord {
  return launchRecord({
    phase: 'succeeded',
    outcome: { result: 'success', exitCode: 0, signal: null },
    publicIp: '54.1.2.3',
    publicDnsName: HOST,
    hostKeys: FAKE_HOST_KEYS,
    ...overrides,
  });
}

export function windowsLaunch(overrides: Partial<LaunchRecord> = {}): LaunchRecord {
  const record = linuxLaunch({ hostKeys: undefined, ...overrides });
  return {
    ...record,
    spec: {
      ...record.spec,
      imageId: WINDOWS_IMAGE.imageId,
      keyPair: { mode: 'create', name: 'web-1-key', type: 'rsa', savePath: '/home/operator/.ssh/web-1.pem' },
      ...overrides.spec,
    },
  };
}
