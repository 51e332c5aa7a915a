// Locally generated key pairs, with ssh-keygen as the oracle where it is installed: it must read the private key,
// derive the same public key line, and make signatures that verify against that line.
import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { describe, expect, it, vi } from 'vitest';
import {
  ed25519PublicKeyBytes,
  generateEd25519,
  generateLocalKeyPair,
  publicKeyLine,
} from '../../../../electron/core/keypairs/openssh-key';

const hasSshKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined && (error as { code?: string }).code !== 'ENOENT';
  }
})();

function keyFile(privateKey: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-key-'));
  const file = path.join(dir, 'id');
  writeFileSync(file, privateKey, { mode: 0o600 });
  return file;
}

/** `ssh-keygen -y`, with an empty passphrase so that an encrypted key fails instead of prompting. */
function publicFromSshKeygen(privateKey: string): string {
  return execFileSync('ssh-keygen', ['-y', '-P', '', '-f', keyFile(privateKey)], { encoding: 'utf8' }).trim();
}

/** Signs with the private key file and verifies against the public key line, both with ssh-keygen -Y. */
function signAndVerifyWithSshKeygen(privateKey: string, publicKey: string): string {
  const file = keyFile(privateKey);
  // ssh-keygen takes the public half of a PEM private key from the .pub file beside it.
  writeFileSync(`${file}.pub`, `${publicKey}\n`);
  const dir = path.dirname(file);
  const message = path.join(dir, 'message');
  writeFileSync(message, 'kiln');
  execFileSync('ssh-keygen', ['-Y', 'sign', '-f', file, '-n', 'kiln', message], { stdio: 'ignore' });
  const allowed = path.join(dir, 'allowed_signers');
  writeFileSync(allowed, `operator ${publicKey}\n`);
  return execFileSync(
    'ssh-keygen',
    ['-Y', 'verify', '-f', allowed, '-I', 'operator', '-n', 'kiln', '-s', `${message}.sig`],
    { input: 'kiln', encoding: 'utf8' },
  );
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

describe('ED25519 key pairs', () => {
  it('writes an unencrypted OpenSSH private key whose public key and comment ssh2 reads back', async () => {
    const key = await generateLocalKeyPair('ed25519', 'kiln-test');
    expect(key.privateKey.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----\n')).toBe(true);
    expect(key.privateKey.endsWith('-----END OPENSSH PRIVATE KEY-----\n')).toBe(true);
    expect(key.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/=]+ kiln-test$/);
    const parsed = utils.parseKey(key.privateKey);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('ssh2 cannot read the key back');
    expect(parsed.comment).toBe('kiln-test');
    expect(parsed.isPrivateKey()).toBe(true);
    const signature = parsed.sign(Buffer.from('kiln'));
    const publicOnly = utils.parseKey(key.publicKey);
    if (publicOnly instanceof Error || Array.isArray(publicOnly)) throw new Error('ssh2 cannot read the public line');
    expect(publicOnly.verify(Buffer.from('kiln'), signature)).toBe(true);
  });

  // ssh2 drops a leading zero byte of the public key (one key in 256); 2000 keys meet that case with p > 0.999.
  it('always writes a 32-byte public key that node:crypto accepts, in the public line and in the private key', async () => {
    const keys = await Promise.all(Array.from({ length: 2000 }, () => generateLocalKeyPair('ed25519', 'k')));
    expect(keys.map((key) => ed25519PublicKeyBytes(key.publicKey)).filter((bytes) => bytes !== 32)).toEqual([]);
    for (const key of keys) {
      const parsed = utils.parseKey(key.privateKey);
      if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('ssh2 cannot read the key back');
      expect(`${parsed.type} ${parsed.getPublicSSH().toString('base64')} k`).toBe(key.publicKey);
    }
    const blob = Buffer.from(keys[0].publicKey.split(' ')[1], 'base64');
    const x = blob.subarray(blob.length - 32).toString('base64url');
    expect(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }).asymmetricKeyType).toBe(
      'ed25519',
    );
  });

  it('draws again when ssh2 returns a key that lost its leading zero byte', () => {
    const whole = utils.generateKeyPairSync('ed25519');
    const short = `ssh-ed25519 ${Buffer.concat([u32(11), Buffer.from('ssh-ed25519'), u32(31), Buffer.alloc(31, 7)]).toString('base64')}`;
    const draw = vi
      .spyOn(utils, 'generateKeyPairSync')
      .mockReturnValueOnce({ public: short, private: 'short' })
      .mockReturnValueOnce(whole);
    try {
      expect(generateEd25519()).toBe(whole);
      expect(draw).toHaveBeenCalledTimes(2);
    } finally {
      draw.mockRestore();
    }
  });

  it('reads the key length out of a public line, so a 31-byte key is seen', () => {
    const line = (key: Buffer) =>
      `ssh-ed25519 ${Buffer.concat([u32(11), Buffer.from('ssh-ed25519'), u32(key.length), key]).toString('base64')}`;
    expect(ed25519PublicKeyBytes(line(Buffer.alloc(32, 1)))).toBe(32);
    expect(ed25519PublicKeyBytes(line(Buffer.alloc(31, 1)))).toBe(31);
  });

  it('makes a fresh key every time', async () => {
    const [a, b] = await Promise.all([generateLocalKeyPair('ed25519', 'a'), generateLocalKeyPair('ed25519', 'a')]);
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(a.privateKey).not.toBe(b.privateKey);
  });

  it.runIf(hasSshKeygen).each(['', 'a', 'abcdefg', 'user@workstation'])(
    'ssh-keygen -y derives the same public key line, comment %j included',
    async (comment) => {
      const key = await generateLocalKeyPair('ed25519', comment);
      expect(publicFromSshKeygen(key.privateKey)).toBe(key.publicKey);
    },
  );

  it.runIf(hasSshKeygen)('ssh-keygen -Y signs with the private key and verifies with the public line', async () => {
    const key = await generateLocalKeyPair('ed25519', 'kiln-sign');
    expect(signAndVerifyWithSshKeygen(key.privateKey, key.publicKey)).toContain('Good "kiln" signature');
  });
});

describe('RSA key pairs', () => {
  it('writes a PKCS#1 PEM that node:crypto reads back and whose public key matches the line', async () => {
    const key = await generateLocalKeyPair('rsa', 'kiln-rsa');
    expect(key.privateKey.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(key.publicKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ kiln-rsa$/);
    const jwk = createPublicKey(key.privateKey).export({ format: 'jwk' });
    const blob = Buffer.from(key.publicKey.split(' ')[1], 'base64');
    const modulus = Buffer.from(jwk.n!, 'base64url');
    expect(modulus.length).toBe(512);
    // ssh-rsa blob: string "ssh-rsa", mpint e, mpint n (with a leading zero byte, as n's top bit is set).
    expect(blob.subarray(-modulus.length).equals(modulus)).toBe(true);
    expect(blob.readUInt32BE(blob.length - modulus.length - 5)).toBe(modulus.length + 1);
  });

  it.runIf(hasSshKeygen)('ssh-keygen -y accepts the PEM and derives the same public key', async () => {
    const key = await generateLocalKeyPair('rsa', 'kiln-rsa');
    expect(publicFromSshKeygen(key.privateKey).split(' ').slice(0, 2)).toEqual(key.publicKey.split(' ').slice(0, 2));
    expect(signAndVerifyWithSshKeygen(key.privateKey, key.publicKey)).toContain('Good "kiln" signature');
  });
});

describe('publicKeyLine', () => {
  it('refuses text that is no key, with ssh2 saying why', () => {
    expect(() => publicKeyLine('-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----\n')).toThrow(
      Error,
    );
    expect(() => publicKeyLine('hello')).toThrow(/Unsupported key format/);
  });
});
