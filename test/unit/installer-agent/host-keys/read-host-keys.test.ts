/** The host key reader against real directories holding keys made by ssh-keygen, as sshd's /etc/ssh does. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_HOST_KEY_FILE_BYTES,
  parseHostKeyText,
  readHostKeys,
} from '../../../../installer-agent/src/host-keys/read-host-keys';
import { HostKeysResponse } from '../../../../installer-agent/src/protocol/events';

const hasSshKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;
const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).error === undefined;

let root = '';
/** A directory like /etc/ssh: private keys next to their .pub files, made by ssh-keygen. */
let sshDir = '';
const pub: Record<string, string> = {};
const PRIVATE_CANARY = 'PRIVATE-KEY-CANARY';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-host-keys-'));
  sshDir = join(root, 'ssh');
  await mkdir(sshDir);
  if (!hasSshKeygen) return;
  for (const [type, extra] of [
    ['ed25519', []],
    ['ecdsa', ['-b', '384']],
    ['rsa', ['-b', '2048']],
  ] as const) {
    const file = join(sshDir, `ssh_host_${type}_key`);
    execFileSync('ssh-keygen', ['-q', '-t', type, ...extra, '-N', '', '-C', `root@test-host ${type}`, '-f', file]);
    pub[type] = await readFile(`${file}.pub`, 'utf8');
  }
  // The private key stays where sshd keeps it, with a marker that must never show up in an answer.
  await writeFile(
    join(sshDir, 'ssh_host_ed25519_key'),
    `${await readFile(join(sshDir, 'ssh_host_ed25519_key'), 'utf8')}${PRIVATE_CANARY}\n`,
  );
  await writeFile(join(sshDir, 'sshd_config'), 'PasswordAuthentication no\n');
  await writeFile(join(sshDir, 'ssh_host_ed25519_key.pub.bak'), 'not a key\n');
  await writeFile(join(sshDir, 'ssh_host_ED25519_key.pub'), 'not a key either\n');
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh directory holding `files`. */
async function dirWith(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(root, 'case-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** An SSH wire-format string: uint32 length, then the bytes. */
function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A key blob in base64: string `type`, then string `data`. */
const blob = (type: string, data = Buffer.alloc(32, 7)): string =>
  Buffer.concat([sshString(Buffer.from(type, 'latin1')), sshString(data)]).toString('base64');

const fields = (line: string): { type: string; key: string } => {
  const [type = '', key = ''] = line.trim().split(' ');
  return { type, key };
};

describe.skipIf(!hasSshKeygen)('readHostKeys on a directory made by ssh-keygen', () => {
  it('returns every public key, sorted by file name, with type, base64 and comment', async () => {
    const answer = HostKeysResponse.parse(await readHostKeys(sshDir));
    expect(answer.keys).toEqual([
      {
        file: 'ssh_host_ecdsa_key.pub',
        type: 'ecdsa-sha2-nistp384',
        key: fields(pub.ecdsa).key,
        comment: 'root@test-host ecdsa',
      },
      {
        file: 'ssh_host_ed25519_key.pub',
        type: 'ssh-ed25519',
        key: fields(pub.ed25519).key,
        comment: 'root@test-host ed25519',
      },
      { file: 'ssh_host_rsa_key.pub', type: 'ssh-rsa', key: fields(pub.rsa).key, comment: 'root@test-host rsa' },
    ]);
    expect(answer.problems).toEqual([]);
  });

  it('never reads a private key, nor a file whose name is not ssh_host_<alg>_key.pub', async () => {
    const answer = await readHostKeys(sshDir);
    const text = JSON.stringify(answer);
    expect(text).not.toContain(PRIVATE_CANARY);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('.bak');
    expect(text).not.toContain('ED25519_key');
    expect(text).not.toContain('sshd_config');
  });

  it('reports a file whose declared type is not the type inside its key data, and still serves the good ones', async () => {
    const dir = await dirWith({
      'ssh_host_ed25519_key.pub': pub.ed25519,
      'ssh_host_forged_key.pub': `ssh-rsa ${fields(pub.ed25519).key} root@evil\n`,
    });
    const answer = await readHostKeys(dir);
    expect(answer.keys.map((k) => k.file)).toEqual(['ssh_host_ed25519_key.pub']);
    expect(answer.problems).toEqual([
      {
        file: 'ssh_host_forged_key.pub',
        message: expect.stringContaining('The line says ssh-rsa but the key data is "ssh-ed25519"'),
      },
    ]);
  });

  it('reports junk base64, base64 that is no key blob, and a file over 16 KiB', async () => {
    const dir = await dirWith({
      'ssh_host_a_key.pub': 'ssh-ed25519 AAAA*not-base64!! root@host\n',
      'ssh_host_b_key.pub': `ssh-ed25519 ${Buffer.from('hello world').toString('base64')}\n`,
      'ssh_host_c_key.pub': `ssh-ed25519 ${fields(pub.ed25519).key.slice(0, -4)}AAA\n`,
      'ssh_host_d_key.pub': `${pub.rsa.trimEnd()} ${'x'.repeat(MAX_HOST_KEY_FILE_BYTES)}\n`,
      'ssh_host_ed25519_key.pub': pub.ed25519,
    });
    const answer = await readHostKeys(dir);
    expect(answer.keys.map((k) => k.file)).toEqual(['ssh_host_ed25519_key.pub']);
    expect(answer.problems.map((p) => p.file)).toEqual([
      'ssh_host_a_key.pub',
      'ssh_host_b_key.pub',
      'ssh_host_c_key.pub',
      'ssh_host_d_key.pub',
    ]);
    const [a, b, c, d] = answer.problems.map((p) => p.message);
    expect(a).toMatch(/^The key is not valid base64\./);
    expect(b).toMatch(/^The key data is not an SSH public key blob\./);
    expect(c).toMatch(/^The key is not valid base64\./);
    expect(d).toMatch(/^The file is larger than 16 KiB, so it is not a public key\./);
    expect(JSON.stringify(answer.problems)).not.toContain('hello');
  });

  it('accepts a key file of exactly 16 KiB and refuses one byte more', async () => {
    const line = (size: number): string => {
      const head = `${pub.ed25519.trimEnd()} `;
      return `${head}${'c'.repeat(size - head.length - 1)}\n`;
    };
    const dir = await dirWith({
      'ssh_host_at_key.pub': line(MAX_HOST_KEY_FILE_BYTES),
      'ssh_host_over_key.pub': line(MAX_HOST_KEY_FILE_BYTES + 1),
    });
    const answer = await readHostKeys(dir);
    expect(answer.keys.map((k) => k.file)).toEqual(['ssh_host_at_key.pub']);
    expect(answer.problems.map((p) => p.file)).toEqual(['ssh_host_over_key.pub']);
  });
});

describe('readHostKeys: the directory', () => {
  it('a missing directory: no keys and one problem saying sshd’s host keys are not there', async () => {
    const missing = join(root, 'no-such-dir');
    expect(await readHostKeys(missing)).toEqual({
      keys: [],
      problems: [
        {
          file: missing,
          message: expect.stringMatching(/^sshd's host keys are not there: .*no-such-dir does not exist\./),
        },
      ],
    });
  });

  it('a directory without host key files, and a file where the directory should be', async () => {
    const empty = await dirWith({ sshd_config: 'Port 22\n' });
    expect((await readHostKeys(empty)).problems).toEqual([
      { file: empty, message: expect.stringContaining('has no ssh_host_*_key.pub file') },
    ]);
    const file = join(empty, 'sshd_config');
    expect((await readHostKeys(file)).problems).toEqual([
      { file, message: expect.stringContaining('is not a directory') },
    ]);
  });

  it('something that is not a regular file under a key name is a problem, and a FIFO does not hang the read', async () => {
    const dir = await dirWith({});
    await mkdir(join(dir, 'ssh_host_dir_key.pub'));
    if (hasMkfifo) execFileSync('mkfifo', [join(dir, 'ssh_host_fifo_key.pub')]);
    const answer = await readHostKeys(dir);
    expect(answer.keys).toEqual([]);
    expect(answer.problems.map((p) => p.file)).toEqual([
      'ssh_host_dir_key.pub',
      ...(hasMkfifo ? ['ssh_host_fifo_key.pub'] : []),
    ]);
    for (const problem of answer.problems) expect(problem.message).toMatch(/not a regular file|Cannot read the file/);
  });
});

describe('parseHostKeyText', () => {
  const ed = blob('ssh-ed25519');

  it('takes one line with or without a comment, LF or CRLF', () => {
    expect(parseHostKeyText(`ssh-ed25519 ${ed}`)).toEqual({ ok: true, value: { type: 'ssh-ed25519', key: ed } });
    expect(parseHostKeyText(`ssh-ed25519 ${ed} root@ip-10-0-0-1 first boot\r\n`)).toEqual({
      ok: true,
      value: { type: 'ssh-ed25519', key: ed, comment: 'root@ip-10-0-0-1 first boot' },
    });
    const sk = blob('sk-ssh-ed25519@openssh.com');
    expect(parseHostKeyText(`sk-ssh-ed25519@openssh.com ${sk}\n`).ok).toBe(true);
  });

  const problem = (text: string): string => {
    const result = parseHostKeyText(text);
    if (result.ok) throw new Error('expected a problem');
    return result.error.message;
  };

  it('refuses other types, several lines, control characters, empty files and a blob without key data', () => {
    expect(problem(`ssh-dss ${blob('ssh-dss')}\n`)).toMatch(
      /^The key type "ssh-dss" is not accepted; accepted types: ssh-ed25519, /,
    );
    expect(problem(`\u0000\u0001 ${ed}\n`)).toMatch(/control characters/);
    expect(problem('-----BEGIN OPENSSH PRIVATE KEY-----')).toMatch(/^The key type "-----BEGIN" is not accepted/);
    expect(problem(`ssh-ed25519 ${ed}\nssh-ed25519 ${ed}\n`)).toMatch(/more than one line/);
    expect(problem('\n')).toBe('The file is empty.');
    expect(problem(`ssh-ed25519`)).toMatch(/is not "<type> <base64> \[comment\]"/);
    const typeOnly = sshString(Buffer.from('ssh-ed25519')).toString('base64');
    expect(problem(`ssh-ed25519 ${typeOnly}`)).toMatch(/not an SSH public key blob/);
  });

  it('does not echo a type that does not look like one', () => {
    expect(problem(`ssh-ed25519 ${blob('<script>alert(1)</script>')}`)).toBe(
      'The line says ssh-ed25519 but the key data is an unknown type: the file was edited or is corrupt. Regenerate it with ssh-keygen, or remove it.',
    );
  });
});
