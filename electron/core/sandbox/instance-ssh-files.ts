/**
 * The files of a sandbox instance's sshd, as text: its sshd_config and the SSH part of its console output, written
 * the way cloud-init prints it on EC2 (so Kiln reads sandbox host keys exactly as it reads an instance's).
 */
import path from 'node:path';

/** The host key types a sandbox instance has, as on an EC2 Linux AMI; sorted like cloud-init lists the files. */
export const SANDBOX_HOST_KEY_TYPES = ['ecdsa', 'ed25519', 'rsa'] as const;
export type SandboxHostKeyType = (typeof SANDBOX_HOST_KEY_TYPES)[number];

/** Where things live inside an instance's `ssh/` directory. */
export function sshPaths(sshDir: string) {
  return {
    config: path.join(sshDir, 'sshd_config'),
    pidFile: path.join(sshDir, 'sshd.pid'),
    authorizedKeys: path.join(sshDir, 'authorized_keys'),
    /** One file per OS user, written by moto's SendSSHPublicKey with `expiry-time` options. */
    pushedDir: path.join(sshDir, 'pushed'),
    hostKey: (type: SandboxHostKeyType) => path.join(sshDir, `ssh_host_${type}_key`),
  };
}

export interface SshdConfigInput {
  sshDir: string;
  address: string;
  port: number;
  /** The only user that may log in (the workstation's own account). */
  loginUser: string;
}

/**
 * An sshd_config for one instance: its loopback address only, public keys only (the launch key pair and keys
 * pushed with EC2 Instance Connect), the workstation's user only.
 */
export function renderSshdConfig({ sshDir, address, port, loginUser }: SshdConfigInput): string {
  const paths = sshPaths(sshDir);
  return [
    '# Kiln sandbox: the sshd of one instance (written by the instance host at boot).',
    `ListenAddress ${address}:${port}`,
    ...SANDBOX_HOST_KEY_TYPES.map((type) => `HostKey ${quoted(paths.hostKey(type))}`),
    `PidFile ${quoted(paths.pidFile)}`,
    // The launch key pair, then what SendSSHPublicKey pushed for the user logging in (sshd honours expiry-time).
    `AuthorizedKeysFile ${quoted(paths.authorizedKeys)} ${quoted(path.join(paths.pushedDir, '%u'))}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The instance's directory is under a temp dir that sshd's ownership checks would refuse.
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${loginUser}`,
    'X11Forwarding no',
    'PrintMotd no',
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

/** sshd_config takes double-quoted arguments; a path with a quote or a line break cannot be written at all. */
function quoted(value: string): string {
  if (/["\r\n]/.test(value)) throw new Error(`sshd_config cannot name the path ${JSON.stringify(value)}`);
  return `"${value}"`;
}

export interface ConsoleSshInput {
  /** `ssh-keygen -l -f` lines: `256 SHA256:… root@host (ED25519)`. */
  fingerprints: string[];
  /** The `.pub` lines: `ssh-ed25519 AAAA… root@host`. */
  publicKeys: string[];
  at: Date;
}

/**
 * The two blocks cloud-init's keys-to-console module writes to the serial console: the fingerprints through syslog
 * (`<14>Mon DD HH:MM:SS ec2: …`), then the public keys as plain lines.
 */
export function renderConsoleSshBlocks({ fingerprints, publicKeys, at }: ConsoleSshInput): string {
  const prefix = `<14>${syslogTimestamp(at)} ec2: `;
  const rule = '#############################################################';
  return [
    `${prefix}`,
    `${prefix}${rule}`,
    `${prefix}-----BEGIN SSH HOST KEY FINGERPRINTS-----`,
    ...fingerprints.map((line) => `${prefix}${line.trim()}`),
    `${prefix}-----END SSH HOST KEY FINGERPRINTS-----`,
    `${prefix}${rule}`,
    '-----BEGIN SSH HOST KEY KEYS-----',
    ...publicKeys.map((line) => line.trim()),
    '-----END SSH HOST KEY KEYS-----',
    '',
  ].join('\n');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The BSD syslog time stamp (`Dec  7 14:00:00`, day padded with a space), in UTC as an EC2 instance's clock is. */
export function syslogTimestamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${MONTHS[date.getUTCMonth()]} ${day} ${time}`;
}

/** The comment cloud-init's host keys carry: `root@ip-172-31-5-9` from the private IP, else the instance id. */
export function hostKeyComment(instanceId: string, privateIp: string | undefined): string {
  return privateIp && /^\d+\.\d+\.\d+\.\d+$/.test(privateIp)
    ? `root@ip-${privateIp.replaceAll('.', '-')}`
    : `root@${instanceId}`;
}
