/**
 * Constants of the local sandbox and the loopback address each sandbox instance's agent listens on.
 *
 * moto gives instances fake public IPs that must never be contacted; in the sandbox an instance's agent listens on
 * its own loopback address instead, so Kiln's backend (address resolver) and the instance host (which tells the
 * user data where to bind) must agree on it without talking to each other: a pure function of the instance id.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';

/** The account moto reports for every request. */
export const SANDBOX_ACCOUNT_ID = '123456789012';

/**
 * moto checks no signatures by default; any non-empty keys work, these are the conventional ones. Give SDK clients a
 * copy (`{ ...SANDBOX_CREDENTIALS }`): the SDK writes bookkeeping onto the credentials object it is given.
 */
export const SANDBOX_CREDENTIALS: Readonly<{ accessKeyId: string; secretAccessKey: string }> = {
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
};

/** The region the sandbox profile starts in and the instance host watches by default. */
export const SANDBOX_DEFAULT_REGION = 'us-east-1';

/**
 * The loopback address `127.a.b.c` of the instance's agent, derived from a SHA-256 of the id.
 *
 * `a` is 1–254 (so never 127.0.0.x, where 127.0.0.1 and resolvers such as 127.0.0.53 live) and `c` is 1–254 (no
 * network or broadcast-looking octet): about 16.5 million addresses, so a few hundred instances practically never
 * share one. Linux routes all of 127.0.0.0/8 to `lo`; macOS answers only on addresses aliased on `lo0`.
 */
export function sandboxAgentAddress(instanceId: string): string {
  const digest = createHash('sha256').update(instanceId, 'utf8').digest();
  const a = 1 + (digest.readUInt16BE(0) % 254);
  const b = digest.readUInt8(2);
  const c = 1 + (digest.readUInt16BE(3) % 254);
  return `127.${a}.${b}.${c}`;
}

/**
 * The port of every sandbox instance's sshd: 22 when the sandbox runs as root, else 2222 (only root may bind ports
 * below 1024). Each instance listens on its own loopback address, so instances never clash on the port.
 */
export function sandboxSshPort(): number {
  return process.getuid?.() === 0 ? 22 : 2222;
}

/**
 * The OS user to log in as on any sandbox instance: the workstation's own account. A sandbox instance's sshd runs as
 * whoever runs the sandbox, and an sshd that is not root can only log in its own user; as root it is root. So the
 * AMI's usual user (ec2-user, ubuntu, admin) does not exist in the sandbox.
 */
export function sandboxLoginUser(): string {
  return os.userInfo().username;
}
