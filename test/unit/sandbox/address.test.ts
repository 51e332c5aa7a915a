import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SANDBOX_ACCOUNT_ID,
  SANDBOX_CREDENTIALS,
  SANDBOX_DEFAULT_REGION,
  sandboxAgentAddress,
  sandboxLoginUser,
  sandboxSshPort,
} from '../../../electron/core/sandbox/address';

const ids = Array.from({ length: 500 }, (_, index) => `i-${(0x1a2b3c4d5e6f7000n + BigInt(index * 7919)).toString(16)}`);

describe('sandboxAgentAddress', () => {
  it('is deterministic', () => {
    expect(sandboxAgentAddress('i-0123456789abcdef0')).toBe(sandboxAgentAddress('i-0123456789abcdef0'));
    expect(ids.map(sandboxAgentAddress)).toEqual(ids.map(sandboxAgentAddress));
  });

  it('is a loopback address other than 127.0.0.1, without a 0 or 255 last octet', () => {
    for (const id of [...ids, '', 'i-0', 'x'.repeat(1000), 'i-ü']) {
      const address = sandboxAgentAddress(id);
      const octets = address.split('.').map(Number);
      expect(octets).toHaveLength(4);
      expect(octets[0]).toBe(127);
      expect(octets.every((octet) => Number.isInteger(octet) && octet >= 0 && octet <= 255)).toBe(true);
      expect(address).not.toBe('127.0.0.1');
      expect(octets[3]).not.toBe(0);
      expect(octets[3]).not.toBe(255);
    }
  });

  it('gives a few hundred instances (mostly) distinct addresses', () => {
    expect(new Set(ids.map(sandboxAgentAddress)).size).toBeGreaterThanOrEqual(ids.length - 1);
  });

  it('depends on the whole id', () => {
    expect(sandboxAgentAddress('i-0123456789abcdef0')).not.toBe(sandboxAgentAddress('i-0123456789abcdef1'));
  });
});

describe('sandbox constants', () => {
  it('match what moto expects', () => {
    expect(SANDBOX_ACCOUNT_ID).toBe('123456789012');
    expect(SANDBOX_CREDENTIALS).toEqual({ accessKeyId: 'testing', secretAccessKey: 'testing' });
    expect(SANDBOX_DEFAULT_REGION).toBe('us-east-1');
  });
});

describe('sandbox SSH', () => {
  afterEach(() => vi.restoreAllMocks());

  it('listens on 22 as root and on 2222 otherwise', () => {
    vi.spyOn(process, 'getuid').mockReturnValue(0);
    expect(sandboxSshPort()).toBe(22);
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    expect(sandboxSshPort()).toBe(2222);
  });

  it("logs in as the workstation's own account", () => {
    expect(sandboxLoginUser()).toBe(os.userInfo().username);
  });
});
