// Host keys: ssh-keygen is the oracle for fingerprints and for how OpenSSH reads the known_hosts text; the console
// text is shaped like what cloud-init prints on EC2 (syslog prefixes, kernel noise, reboots, a cut-off block).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SshHostKey } from '../../../../electron/common/models/connect';
import {
  hostKeyMatches,
  hostKeysFromConsole,
  knownHostsText,
  parseHostKeyLine,
  sshFingerprint,
} from '../../../../electron/core/connect/host-keys';

interface Generated {
  line: string;
  type: string;
  key: string;
  /** What `ssh-keygen -l -f` prints: bits, fingerprint, comment, (TYPE). */
  listing: string;
  fingerprint: string;
}

let dir: string;
const generated: Record<string, Generated> = {};

function generate(name: string, args: string[]): Generated {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', 'root@ip-10-0-0-1', '-f', file, ...args]);
  const line = readFileSync(`${file}.pub`, 'utf8').trim();
  const listing = execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' }).trim();
  const [type, key] = line.split(' ') as [string, string];
  return { line, type, key, listing, fingerprint: listing.split(' ')[1] };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-hostkeys-'));
  generated.ed25519 = generate('ed25519', ['-t', 'ed25519']);
  generated.ecdsa256 = generate('ecdsa256', ['-t', 'ecdsa', '-b', '256']);
  generated.ecdsa384 = generate('ecdsa384', ['-t', 'ecdsa', '-b', '384']);
  generated.ecdsa521 = generate('ecdsa521', ['-t', 'ecdsa', '-b', '521']);
  generated.rsa = generate('rsa', ['-t', 'rsa', '-b', '3072']);
  generated.otherEd25519 = generate('other-ed25519', ['-t', 'ed25519']);
  generated.rebootEd25519 = generate('reboot-ed25519', ['-t', 'ed25519']);
});

const g = (name: string) => generated[name];
const syslog = (line: string) => `<14>Dec  7 14:00:00 ec2: ${line}`;

/** What cloud-init's final stage prints, each line optionally prefixed. */
function cloudInitBlocks(
  fingerprinted: Generated[],
  printed: Generated[],
  prefix: (line: string) => string = syslog,
): string[] {
  return [
    prefix(''),
    prefix('#############################################################'),
    prefix('-----BEGIN SSH HOST KEY FINGERPRINTS-----'),
    ...fingerprinted.map((key) => prefix(key.listing)),
    prefix('-----END SSH HOST KEY FINGERPRINTS-----'),
    prefix('#############################################################'),
    '-----BEGIN SSH HOST KEY KEYS-----',
    ...printed.map((key) => key.line),
    '-----END SSH HOST KEY KEYS-----',
  ];
}

const KERNEL_NOISE = [
  '[    0.000000] Linux version 6.1.115-126.197.amzn2023.x86_64 (mockbuild@ip-10-0-55-1) (gcc (GCC) 11.4.1) #1 SMP',
  '[  OK  ] Started cloud-final.service - Execute cloud user/final scripts.',
  "[   15.123456] cloud-init[1630]: Cloud-init v. 22.2.2 running 'modules:final' at Sat, 07 Dec 2024 14:00:00 +0000.",
  '[   15.200000] cloud-init[1630]: ci-info: no authorized SSH keys fingerprints found for user ec2-user.',
];

describe('sshFingerprint', () => {
  it.each(['ed25519', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'rsa'])('matches ssh-keygen -l for %s', (name) => {
    expect(sshFingerprint(g(name).key)).toBe(g(name).fingerprint);
    expect(g(name).fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('parseHostKeyLine', () => {
  it.each(['ed25519', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'rsa'])(
    'reads a %s public key line with its comment',
    (name) => {
      const { line, type, key, fingerprint } = g(name);
      expect(parseHostKeyLine(line)).toEqual({ type, key, fingerprint });
      expect(parseHostKeyLine(`  ${type}\t${key}  `)).toEqual({ type, key, fingerprint });
      expect(parseHostKeyLine(`${type} ${key} a comment with spaces`)).toEqual({ type, key, fingerprint });
    },
  );

  it('refuses a blob whose embedded type is not the declared one', () => {
    expect(parseHostKeyLine(`ssh-rsa ${g('ed25519').key}`)).toBeUndefined();
    expect(parseHostKeyLine(`ecdsa-sha2-nistp384 ${g('ecdsa256').key}`)).toBeUndefined();
  });

  it('refuses types EC2 does not generate, malformed base64 and truncated blobs', () => {
    const dss = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-dss'), Buffer.alloc(20, 1)]).toString(
      'base64',
    );
    expect(parseHostKeyLine(`ssh-dss ${dss}`)).toBeUndefined();
    expect(parseHostKeyLine(`ssh-ed25519 ${g('ed25519').key.slice(0, -2)}`)).toBeUndefined();
    expect(parseHostKeyLine('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5')).toBeUndefined();
    expect(parseHostKeyLine('ssh-ed25519 not*base64')).toBeUndefined();
    expect(parseHostKeyLine('ssh-ed25519')).toBeUndefined();
    expect(parseHostKeyLine('')).toBeUndefined();
  });
});

describe('hostKeysFromConsole', () => {
  const keyOf = (name: string): SshHostKey => ({
    type: g(name).type,
    key: g(name).key,
    fingerprint: g(name).fingerprint,
  });

  it('reads both blocks with syslog prefixes among kernel noise', () => {
    const text = [
      ...KERNEL_NOISE,
      ...cloudInitBlocks([g('ecdsa256'), g('ed25519'), g('rsa')], [g('ecdsa256'), g('ed25519'), g('rsa')]),
      'Amazon Linux 2023',
      'ip-10-0-0-1 login: ',
    ].join('\n');
    const result = hostKeysFromConsole(text);
    expect(result.keys).toEqual([keyOf('ecdsa256'), keyOf('ed25519'), keyOf('rsa')]);
    expect(result.fingerprints).toEqual([g('ecdsa256').fingerprint, g('ed25519').fingerprint, g('rsa').fingerprint]);
  });

  it('reads blocks without a prefix, with "ec2: " only, and with prefixed key lines', () => {
    const plain = cloudInitBlocks([g('ed25519')], [g('ed25519')], (line) => line).join('\n');
    const ec2Only = cloudInitBlocks([g('ed25519')], [g('ed25519')], (line) => `ec2: ${line}`).join('\n');
    const prefixedKeys = cloudInitBlocks([g('ed25519')], [], syslog)
      .join('\n')
      .replace(
        '-----BEGIN SSH HOST KEY KEYS-----',
        `${syslog('-----BEGIN SSH HOST KEY KEYS-----')}\n${syslog(g('ed25519').line)}`,
      );
    for (const text of [plain, ec2Only, prefixedKeys])
      expect(hostKeysFromConsole(text).keys).toEqual([keyOf('ed25519')]);
  });

  it('drops a key whose fingerprint the fingerprint block does not list', () => {
    const text = cloudInitBlocks([g('ed25519'), g('ecdsa256')], [g('ed25519'), g('ecdsa256'), g('otherEd25519')]).join(
      '\n',
    );
    expect(hostKeysFromConsole(text).keys).toEqual([keyOf('ed25519'), keyOf('ecdsa256')]);
  });

  it('keeps every printed key when there is no fingerprint block', () => {
    const text = [
      '-----BEGIN SSH HOST KEY KEYS-----',
      g('ed25519').line,
      g('rsa').line,
      '-----END SSH HOST KEY KEYS-----',
    ].join('\n');
    expect(hostKeysFromConsole(text)).toEqual({ keys: [keyOf('ed25519'), keyOf('rsa')], fingerprints: [] });
  });

  it('gives the fingerprints alone when the key block is missing', () => {
    const text = cloudInitBlocks([g('ed25519')], [])
      .slice(0, 6)
      .join('\n');
    expect(hostKeysFromConsole(text)).toEqual({ keys: [], fingerprints: [g('ed25519').fingerprint] });
  });

  it('uses the last complete blocks after reboots', () => {
    const text = [
      ...KERNEL_NOISE,
      ...cloudInitBlocks([g('ed25519')], [g('ed25519')]),
      ...KERNEL_NOISE,
      ...cloudInitBlocks([g('rebootEd25519'), g('ecdsa256')], [g('rebootEd25519'), g('ecdsa256')]),
    ].join('\n');
    expect(hostKeysFromConsole(text).keys).toEqual([keyOf('rebootEd25519'), keyOf('ecdsa256')]);
  });

  it('ignores a block cut off at the end (still printing) and one cut off at the start (64 KB limit)', () => {
    const complete = cloudInitBlocks([g('ed25519')], [g('ed25519')]);
    const cutAtEnd = cloudInitBlocks([g('ed25519'), g('rsa')], [g('ed25519'), g('rsa')]).slice(0, 4);
    const cutAtStart = cloudInitBlocks([g('otherEd25519')], [g('otherEd25519')]).slice(4);
    const text = [...cutAtStart, ...KERNEL_NOISE, ...complete, ...KERNEL_NOISE, ...cutAtEnd].join('\n');
    expect(cutAtEnd.at(-1)).toBe(syslog(g('ed25519').listing));
    expect(hostKeysFromConsole(text)).toEqual({ keys: [keyOf('ed25519')], fingerprints: [g('ed25519').fingerprint] });
  });

  it('trusts no key of an earlier boot that the last fingerprint block does not list', () => {
    const earlier = cloudInitBlocks([g('ed25519')], [g('ed25519')]);
    const cutInKeys = cloudInitBlocks([g('rebootEd25519')], [g('rebootEd25519')]).slice(0, 8);
    expect(cutInKeys.at(-1)).toBe(g('rebootEd25519').line);
    expect(hostKeysFromConsole([...earlier, ...cutInKeys].join('\n'))).toEqual({
      keys: [],
      fingerprints: [g('rebootEd25519').fingerprint],
    });
  });

  it('skips noise inside a block and handles CRLF line ends', () => {
    const lines = cloudInitBlocks([g('ed25519'), g('rsa')], [g('ed25519'), g('rsa')]);
    lines.splice(3, 0, '[   16.000001] random: crng init done');
    lines.splice(
      11,
      0,
      'ssh-dss AAAAB3NzaC1kc3MAAACBAP root@ip-10-0-0-1',
      '[   16.100000] systemd[1]: Started getty@tty1.service',
    );
    const result = hostKeysFromConsole(lines.join('\r\n'));
    expect(result.keys).toEqual([keyOf('ed25519'), keyOf('rsa')]);
    expect(result.fingerprints).toEqual([g('ed25519').fingerprint, g('rsa').fingerprint]);
  });

  it('finds nothing in an empty or unrelated console', () => {
    expect(hostKeysFromConsole('')).toEqual({ keys: [], fingerprints: [] });
    expect(hostKeysFromConsole(KERNEL_NOISE.join('\n'))).toEqual({ keys: [], fingerprints: [] });
  });
});

describe('knownHostsText', () => {
  const keys = () =>
    [g('ed25519'), g('ecdsa256'), g('rsa')].map(({ type, key, fingerprint }) => ({ type, key, fingerprint }));

  function lookup(file: string, host: string): string[] {
    try {
      return execFileSync('ssh-keygen', ['-F', host, '-f', file], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line && !line.startsWith('#'));
    } catch (error) {
      if ((error as { status?: number }).status === 1) return [];
      throw error;
    }
  }

  it('writes one line per key that ssh-keygen -F finds under every host name (port 22)', () => {
    const text = knownHostsText(['ec2-3-4-5-6.compute-1.amazonaws.com', '3.4.5.6'], 22, keys());
    expect(text.split('\n')).toHaveLength(4);
    const file = path.join(dir, 'known_hosts_22');
    writeFileSync(file, text);
    for (const host of ['ec2-3-4-5-6.compute-1.amazonaws.com', '3.4.5.6']) {
      expect(lookup(file, host)).toEqual(
        keys().map((key) => `ec2-3-4-5-6.compute-1.amazonaws.com,3.4.5.6 ${key.type} ${key.key}`),
      );
    }
    expect(lookup(file, '3.4.5.7')).toEqual([]);
    expect(lookup(file, '[3.4.5.6]:2222')).toEqual([]);
  });

  it('uses [host]:port for another port', () => {
    const text = knownHostsText(['127.0.0.1', 'localhost'], 2222, keys());
    const file = path.join(dir, 'known_hosts_2222');
    writeFileSync(file, text);
    expect(text.startsWith('[127.0.0.1]:2222,[localhost]:2222 ssh-ed25519 ')).toBe(true);
    expect(lookup(file, '[127.0.0.1]:2222')).toHaveLength(3);
    expect(lookup(file, '[localhost]:2222')).toHaveLength(3);
    expect(lookup(file, '127.0.0.1')).toEqual([]);
  });

  it('writes nothing for no keys', () => {
    expect(knownHostsText(['3.4.5.6'], 22, [])).toBe('');
  });

  it('refuses host names that could change the file (a bug: they come from AWS)', () => {
    for (const host of ['a b', 'a,b', 'host\nssh-ed25519 AAAA', '*', '[3.4.5.6]:22', '', 'ü.example']) {
      expect(() => knownHostsText([host], 22, keys())).toThrow(Error);
    }
    expect(() => knownHostsText([], 22, keys())).toThrow(Error);
    expect(() => knownHostsText(['3.4.5.6'], 0, keys())).toThrow(Error);
  });

  it('refuses a malformed key', () => {
    expect(() =>
      knownHostsText(['3.4.5.6'], 22, [{ type: 'ssh-ed25519', key: 'AAAA\nevil', fingerprint: 'x' }]),
    ).toThrow(Error);
  });
});

describe('hostKeyMatches', () => {
  it('finds the pinned key whose blob is exactly the presented one', () => {
    const pinned = [g('ed25519'), g('rsa')].map((key) => parseHostKeyLine(key.line)!);
    expect(hostKeyMatches(pinned, Buffer.from(g('rsa').key, 'base64'))).toEqual(pinned[1]);
    expect(hostKeyMatches(pinned, Buffer.from(g('otherEd25519').key, 'base64'))).toBeUndefined();
    const blob = Buffer.from(g('ed25519').key, 'base64');
    expect(hostKeyMatches(pinned, Buffer.concat([blob, Buffer.from([0])]))).toBeUndefined();
    expect(hostKeyMatches(pinned, blob.subarray(0, blob.length - 1))).toBeUndefined();
    expect(hostKeyMatches([], blob)).toBeUndefined();
  });
});
