import { describe, expect, it } from 'vitest';
import {
  hostKeyComment,
  renderConsoleSshBlocks,
  renderSshdConfig,
  sshPaths,
  syslogTimestamp,
} from '../../../electron/core/sandbox/instance-ssh-files';

const sshDir = '/tmp/kiln-sandbox-x/instances/i-0abc/ssh';

describe('renderSshdConfig', () => {
  const config = renderSshdConfig({ sshDir, address: '127.4.5.6', port: 2222, loginUser: 'dev' });
  const lines = config.split('\n');

  it("listens on the instance's address only and lets in its one user with public keys only", () => {
    expect(lines).toContain('ListenAddress 127.4.5.6:2222');
    expect(lines.filter((line) => line.startsWith('ListenAddress'))).toHaveLength(1);
    expect(lines).toContain('AllowUsers dev');
    for (const setting of [
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'X11Forwarding no',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
    ]) {
      expect(lines).toContain(setting);
    }
  });

  it('names every file inside the ssh dir, quoted', () => {
    expect(lines).toContain(`HostKey "${sshDir}/ssh_host_ed25519_key"`);
    expect(lines).toContain(`HostKey "${sshDir}/ssh_host_ecdsa_key"`);
    expect(lines).toContain(`HostKey "${sshDir}/ssh_host_rsa_key"`);
    expect(lines).toContain(`PidFile "${sshDir}/sshd.pid"`);
    expect(lines).toContain(`AuthorizedKeysFile "${sshDir}/authorized_keys" "${sshDir}/pushed/%u"`);
    expect(sshPaths(sshDir).pushedDir).toBe(`${sshDir}/pushed`);
  });

  it('refuses a path sshd_config cannot express', () => {
    const input = { address: '127.4.5.6', port: 22, loginUser: 'root' };
    expect(() => renderSshdConfig({ ...input, sshDir: '/tmp/a"b' })).toThrow(/cannot name the path/);
    expect(() => renderSshdConfig({ ...input, sshDir: '/tmp/a\nListenAddress 0.0.0.0' })).toThrow();
  });
});

describe('renderConsoleSshBlocks', () => {
  it("writes cloud-init's fingerprint block through syslog, then the keys as plain lines", () => {
    const text = renderConsoleSshBlocks({
      fingerprints: ['256 SHA256:abc root@ip-10-0-0-1 (ED25519)\n'],
      publicKeys: ['ssh-ed25519 AAAAC3 root@ip-10-0-0-1\n'],
      at: new Date(Date.UTC(2026, 11, 7, 14, 0, 5)),
    });
    expect(text).toBe(
      [
        '<14>Dec  7 14:00:05 ec2: ',
        '<14>Dec  7 14:00:05 ec2: #############################################################',
        '<14>Dec  7 14:00:05 ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----',
        '<14>Dec  7 14:00:05 ec2: 256 SHA256:abc root@ip-10-0-0-1 (ED25519)',
        '<14>Dec  7 14:00:05 ec2: -----END SSH HOST KEY FINGERPRINTS-----',
        '<14>Dec  7 14:00:05 ec2: #############################################################',
        '-----BEGIN SSH HOST KEY KEYS-----',
        'ssh-ed25519 AAAAC3 root@ip-10-0-0-1',
        '-----END SSH HOST KEY KEYS-----',
        '',
      ].join('\n'),
    );
  });
});

describe('syslogTimestamp', () => {
  it('pads the day with a space and uses UTC', () => {
    expect(syslogTimestamp(new Date(Date.UTC(2026, 0, 3, 4, 5, 6)))).toBe('Jan  3 04:05:06');
    expect(syslogTimestamp(new Date(Date.UTC(2026, 9, 31, 23, 59, 59)))).toBe('Oct 31 23:59:59');
  });
});

describe('hostKeyComment', () => {
  it("names the host the way an EC2 instance's hostname does", () => {
    expect(hostKeyComment('i-0abc', '172.31.5.9')).toBe('root@ip-172-31-5-9');
    expect(hostKeyComment('i-0abc', undefined)).toBe('root@i-0abc');
    expect(hostKeyComment('i-0abc', 'not an ip')).toBe('root@i-0abc');
  });
});
