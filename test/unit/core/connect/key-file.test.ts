// The private key files Kiln reads for a terminal and a key pair check: PEM (PKCS#1, PKCS#8, encrypted) and the
// OpenSSH format, and the fingerprints compared with EC2's. `openssl` and `ssh-keygen` are the oracles for the
// fingerprint forms EC2 documents (MD5 of the public key's DER for imported RSA keys, base64 SHA-256 for ED25519).
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPrivateKey, normalizeFingerprint } from '../../../../electron/core/connect/key-file';

let dir: string;
const sh = (command: string) => execFileSync('bash', ['-c', command], { cwd: dir }).toString().trim();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-key-file-'));
  sh('openssl genrsa -traditional -out rsa.pem 2048 2>/dev/null');
  sh('openssl pkcs8 -topk8 -nocrypt -in rsa.pem -out rsa-pkcs8.pem');
  sh('openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:secret -in rsa.pem -out rsa-enc.pem');
  sh("ssh-keygen -q -t ed25519 -N '' -f ed25519");
  sh("ssh-keygen -q -t ed25519 -N 'secret' -f ed25519-enc");
});

describe('loadPrivateKey', () => {
  it('reads a PKCS#1 RSA key and offers the MD5 of its DER public key, as EC2 fingerprints imported RSA keys', async () => {
    const key = await loadPrivateKey(path.join(dir, 'rsa.pem'));
    expect(key.type).toBe('ssh-rsa');
    const md5 = sh('openssl rsa -in rsa.pem -pubout -outform DER 2>/dev/null | openssl md5 -c | sed "s/.*= //"');
    expect(key.fingerprints.has(normalizeFingerprint(md5))).toBe(true);
    expect(key.forSsh).toContain('BEGIN RSA PRIVATE KEY');
  });

  it('reads PKCS#8 the same, and an encrypted key only with its passphrase', async () => {
    const plain = await loadPrivateKey(path.join(dir, 'rsa.pem'));
    const pkcs8 = await loadPrivateKey(path.join(dir, 'rsa-pkcs8.pem'));
    expect(pkcs8.publicBlob.equals(plain.publicBlob)).toBe(true);
    await expect(loadPrivateKey(path.join(dir, 'rsa-enc.pem'))).rejects.toMatchObject({
      error: { code: 'PassphraseRequired' },
    });
    await expect(loadPrivateKey(path.join(dir, 'rsa-enc.pem'), 'wrong')).rejects.toMatchObject({
      error: { code: 'WrongPassphrase' },
    });
    const opened = await loadPrivateKey(path.join(dir, 'rsa-enc.pem'), 'secret');
    expect(opened.publicBlob.equals(plain.publicBlob)).toBe(true);
  });

  it('reads an OpenSSH ED25519 key and offers its base64 SHA-256, as EC2 fingerprints ED25519 keys', async () => {
    const key = await loadPrivateKey(path.join(dir, 'ed25519'));
    expect(key.type).toBe('ssh-ed25519');
    const fingerprint = sh('ssh-keygen -l -E sha256 -f ed25519.pub').split(' ')[1];
    expect(key.fingerprints.has(normalizeFingerprint(`${fingerprint.replace('SHA256:', '')}=`))).toBe(true);
    expect(key.publicBlob.toString('base64')).toBe(sh('cut -d" " -f2 ed25519.pub'));
  });

  it('asks for the passphrase of an encrypted OpenSSH key', async () => {
    await expect(loadPrivateKey(path.join(dir, 'ed25519-enc'))).rejects.toMatchObject({
      error: { code: 'PassphraseRequired' },
    });
    const key = await loadPrivateKey(path.join(dir, 'ed25519-enc'), 'secret');
    expect(key.passphrase).toBe('secret');
  });

  it('names a missing file, a relative path and a file that is no key, and never echoes the content', async () => {
    await expect(loadPrivateKey(path.join(dir, 'missing'))).rejects.toMatchObject({
      error: { code: 'KeyFileMissing' },
    });
    await expect(loadPrivateKey('relative/key')).rejects.toMatchObject({ error: { code: 'KeyPathNotAbsolute' } });
    await writeFile(path.join(dir, 'junk'), 'top secret words\n');
    const failure = await loadPrivateKey(path.join(dir, 'junk')).catch(
      (error: { error: { code: string; message: string } }) => error.error,
    );
    expect(failure).toMatchObject({ code: 'KeyUnreadable' });
    expect(JSON.stringify(failure)).not.toContain('top secret');
    await expect(loadPrivateKey(dir)).rejects.toMatchObject({ error: { code: 'KeyUnreadable' } });
  });
});

describe('normalizeFingerprint', () => {
  it('compares colon hex case-insensitively and base64 without prefix or padding', () => {
    expect(normalizeFingerprint('AB:cd:01')).toBe('ab:cd:01');
    expect(normalizeFingerprint('SHA256:abc+/=')).toBe('abc+/');
    expect(normalizeFingerprint('abc+/=')).toBe('abc+/');
  });
});
