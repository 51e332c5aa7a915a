// The OpenSSH private key encoding, with ssh-keygen as the oracle where it is installed
// (node:crypto parsing the public key back otherwise).
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ed25519OpenSshPrivateKey,
  ed25519PublicKeyLine,
  generateLocalKeyPair,
} from '../../../../electron/core/keypairs/openssh-key';

const hasSshKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined && (error as { code?: string }).code !== 'ENOENT';
  }
})();

function publicFromSshKeygen(privateKey: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-key-'));
  const file = path.join(dir, 'id');
  writeFileSync(file, privateKey, { mode: 0o600 });
  return execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim();
}

/** Parses an openssh-key-v1 body far enough to get the 32-byte seed and public key back. */
function parseOpenSshEd25519(pem: string): { publicKey: Buffer; seed: Buffer; comment: string; padding: Buffer } {
  const body = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  let offset = 0;
  const magic = body.subarray(0, 15).toString('latin1');
  expect(magic).toBe('openssh-key-v1\0');
  offset = 15;
  const str = () => {
    const length = body.readUInt32BE(offset);
    const value = body.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    return value;
  };
  expect(str().toString()).toBe('none');
  expect(str().toString()).toBe('none');
  expect(str().length).toBe(0);
  expect(body.readUInt32BE(offset)).toBe(1);
  offset += 4;
  str();
  const priv = str();
  expect(priv.length % 8).toBe(0);
  const saved = { body, offset };
  let p = 0;
  const pstr = () => {
    const length = priv.readUInt32BE(p);
    const value = priv.subarray(p + 4, p + 4 + length);
    p += 4 + length;
    return value;
  };
  expect(priv.readUInt32BE(0)).toBe(priv.readUInt32BE(4));
  p = 8;
  expect(pstr().toString()).toBe('ssh-ed25519');
  const publicKey = pstr();
  const secret = pstr();
  const comment = pstr().toString();
  void saved;
  return { publicKey, seed: secret.subarray(0, 32), comment, padding: priv.subarray(p) };
}

describe('ED25519 OpenSSH private keys', () => {
  it('writes the openssh-key-v1 container: header, no cipher, seed || public key, comment, 1 2 3… padding', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = ed25519OpenSshPrivateKey(privateKey, 'kiln-test', 0x01020304);
    expect(pem.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----\n')).toBe(true);
    expect(pem.endsWith('-----END OPENSSH PRIVATE KEY-----\n')).toBe(true);
    expect(pem.split('\n').every((line) => line.length <= 70)).toBe(true);
    const parsed = parseOpenSshEd25519(pem);
    const jwk = publicKey.export({ format: 'jwk' });
    expect(parsed.publicKey.equals(Buffer.from(jwk.x!, 'base64url'))).toBe(true);
    expect(parsed.comment).toBe('kiln-test');
    expect([...parsed.padding]).toEqual(Array.from({ length: parsed.padding.length }, (_, i) => i + 1));
    // The seed signs what the public key verifies.
    const rebuilt = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: parsed.seed.toString('base64url'), x: jwk.x! },
      format: 'jwk',
    });
    const signature = sign(null, Buffer.from('kiln'), rebuilt);
    expect(verify(null, Buffer.from('kiln'), publicKey, signature)).toBe(true);
  });

  it.each(['', 'a', 'ab', 'abc', 'abcd', 'abcdefg', 'user@workstation'])(
    'pads correctly with comment %j',
    (comment) => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const parsed = parseOpenSshEd25519(ed25519OpenSshPrivateKey(privateKey, comment));
      expect(parsed.comment).toBe(comment);
      expect(parsed.padding.length).toBeLessThan(8);
    },
  );

  it.runIf(hasSshKeygen)('ssh-keygen -y derives the same public key from the generated file', async () => {
    for (let i = 0; i < 5; i++) {
      const key = await generateLocalKeyPair('ed25519', `kiln-${i}`);
      expect(publicFromSshKeygen(key.privateKey).split(' ').slice(0, 2)).toEqual(key.publicKey.split(' ').slice(0, 2));
    }
  });

  it('formats the public key line like ssh-keygen: type, base64 blob, comment', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const line = ed25519PublicKeyLine(publicKey, 'me@host');
    const [type, blob, comment] = line.split(' ');
    expect(type).toBe('ssh-ed25519');
    expect(comment).toBe('me@host');
    const bytes = Buffer.from(blob, 'base64');
    expect(bytes.length).toBe(4 + 11 + 4 + 32);
    expect(bytes.subarray(-32).equals(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'))).toBe(true);
  });
});

describe('RSA keys', () => {
  it('writes a PKCS#1 PEM that node:crypto reads back and whose public key matches the line', async () => {
    const key = await generateLocalKeyPair('rsa', 'kiln-rsa');
    expect(key.privateKey.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(key.publicKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ kiln-rsa$/);
    const jwk = createPublicKey(key.privateKey).export({ format: 'jwk' });
    const blob = Buffer.from(key.publicKey.split(' ')[1], 'base64');
    const modulus = Buffer.from(jwk.n!, 'base64url');
    // ssh-rsa blob: string "ssh-rsa", mpint e, mpint n (with a leading zero byte, as n's top bit is set).
    expect(blob.subarray(-modulus.length).equals(modulus)).toBe(true);
    expect(blob.readUInt32BE(blob.length - modulus.length - 5)).toBe(modulus.length + 1);
  });

  it.runIf(hasSshKeygen)('ssh-keygen -y accepts the PEM and derives the same public key', async () => {
    const key = await generateLocalKeyPair('rsa', 'kiln-rsa');
    expect(publicFromSshKeygen(key.privateKey).split(' ').slice(0, 2)).toEqual(key.publicKey.split(' ').slice(0, 2));
  });
});
