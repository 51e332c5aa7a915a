/**
 * SSH host keys: OpenSSH fingerprints, public key lines, the keys cloud-init prints on an EC2 instance's console,
 * and the known_hosts text that pins them. Only key types EC2's images generate are accepted.
 */
import { createHash } from 'node:crypto';
import type { SshHostKey } from '../../common/models/connect';

const HOST_KEY_TYPES: ReadonlySet<string> = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
]);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const KNOWN_HOST = /^[A-Za-z0-9.:-]+$/;

// cloud-init's console blocks; their lines may carry a syslog prefix such as "<14>Dec  7 14:00:00 ec2: ".
const FINGERPRINT_BLOCK = 'SSH HOST KEY FINGERPRINTS';
const KEY_BLOCK = 'SSH HOST KEY KEYS';
const FINGERPRINT_IN_LINE = /(?<![A-Za-z0-9+/])SHA256:[A-Za-z0-9+/]{43}(?![A-Za-z0-9+/=])/;
const KEY_IN_LINE = /(?:^|\s)((?:ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2})(?=\s|$)/;

/** OpenSSH's SHA256 fingerprint of a base64 key blob, as `ssh-keygen -l` prints it: `SHA256:` + unpadded base64. */
export function sshFingerprint(keyBase64: string): string {
  const digest = createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** Parses `<type> <base64> [comment]`; undefined unless the type is allowed and the blob names the same type. */
export function parseHostKeyLine(line: string): SshHostKey | undefined {
  const [type, key] = line.trim().split(/\s+/);
  if (!type || !key || !HOST_KEY_TYPES.has(type) || !BASE64.test(key) || key.length % 4 !== 0) return undefined;
  if (embeddedType(Buffer.from(key, 'base64')) !== type) return undefined;
  return { type, key, fingerprint: sshFingerprint(key) };
}

/** The key type an SSH public key blob starts with (an SSH string), when the blob holds more than that. */
function embeddedType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || 4 + length >= blob.length) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/**
 * The host keys cloud-init printed on the console: the last complete key block, keeping only keys whose fingerprint
 * the last complete fingerprint block lists (when there is one). `fingerprints` is that block's list, or empty.
 */
export function hostKeysFromConsole(consoleText: string): { keys: SshHostKey[]; fingerprints: string[] } {
  const lines = consoleText.split(/\r\n|\r|\n/);
  const fingerprints = lastCompleteBlock(lines, FINGERPRINT_BLOCK, (line) => FINGERPRINT_IN_LINE.exec(line)?.[0]);
  const printed = lastCompleteBlock(lines, KEY_BLOCK, (line) => {
    const match = KEY_IN_LINE.exec(line);
    return match?.[1] === undefined ? undefined : parseHostKeyLine(match[1]);
  });
  const keys = [...new Map((printed ?? []).map((key) => [`${key.type} ${key.key}`, key])).values()];
  return {
    keys: fingerprints ? keys.filter((key) => fingerprints.includes(key.fingerprint)) : keys,
    fingerprints: [...new Set(fingerprints)],
  };
}

/**
 * The items of the last BEGIN…END block with this label that holds at least one item; an unterminated block (the
 * console was cut off, or the instance is still printing) does not count.
 */
function lastCompleteBlock<T>(
  lines: readonly string[],
  label: string,
  parse: (line: string) => T | undefined,
): T[] | undefined {
  let current: T[] | undefined;
  let last: T[] | undefined;
  for (const line of lines) {
    if (line.includes(`-----BEGIN ${label}-----`)) {
      current = [];
    } else if (line.includes(`-----END ${label}-----`)) {
      if (current && current.length > 0) last = current;
      current = undefined;
    } else if (current) {
      const item = parse(line);
      if (item !== undefined) current.push(item);
    }
  }
  return last;
}

/** known_hosts lines pinning `keys` for `hosts` (`[host]:port` when the port is not 22). Throws on unsafe input. */
export function knownHostsText(hosts: readonly string[], port: number, keys: readonly SshHostKey[]): string {
  if (hosts.length === 0) throw new Error('known_hosts needs at least one host name');
  for (const host of hosts) {
    if (!KNOWN_HOST.test(host)) throw new Error(`Refusing the host name ${JSON.stringify(host)} for known_hosts`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid SSH port ${port}`);
  const patterns = hosts.map((host) => (port === 22 ? host : `[${host}]:${port}`)).join(',');
  return keys
    .map((key) => {
      if (!parseHostKeyLine(`${key.type} ${key.key}`))
        throw new Error(`Refusing a malformed ${JSON.stringify(key.type)} host key for known_hosts`);
      return `${patterns} ${key.type} ${key.key}\n`;
    })
    .join('');
}

/** The pinned key whose blob is exactly the one the server presented, if any. */
export function hostKeyMatches(keys: readonly SshHostKey[], presentedBlob: Buffer): SshHostKey | undefined {
  return keys.find((key) => Buffer.from(key.key, 'base64').equals(presentedBlob));
}
