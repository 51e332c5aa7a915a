import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../../../installer-agent/src/server/loopback';

describe('isLoopbackAddress', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1', '::FFFF:127.9.9.9']) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
  });

  it('refuses everything else', () => {
    for (const address of [
      '10.0.0.1',
      '172.31.5.6',
      '::ffff:10.0.0.1',
      '128.0.0.1',
      '::2',
      'fe80::1',
      '',
      undefined,
      '127.0.0',
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});
