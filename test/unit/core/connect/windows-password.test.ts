// Windows password decryption against openssl as the oracle. moto's GetPasswordData returns random text, not an RSA
// ciphertext, so the sandbox cannot prove decryption: here openssl makes the keys and encrypts like EC2 does (the
// key pair's RSA public key, PKCS#1 v1.5 padding, base64 as in PasswordData).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { beforeAll, describe, expect, it } from 'vitest';
import { KilnFailure } from '../../../../electron/common/result';
import { decryptWindowsPassword } from '../../../../electron/core/connect/windows-password';

const PASSWORD = 'Kx9$pQ(2)w;L=Tz';
const UNICODE_PASSWORD = 'Pässwörd-日本-🔑';
const PASSPHRASE = 'correct horse battery';

const KEY_NAMES = ['pkcs1', 'pkcs8', 'encryptedPkcs8', 'legacyEncrypted', 'other', 'ed25519'] as const;
let dir: string;
const keys = {} as Record<(typeof KEY_NAMES)[number], string>;

function openssl(args: string[], input?: string | Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function file(name: string): string {
  return path.join(dir, name);
}

/** Encrypts like EC2 does for PasswordData, with the public key of `keyFile`. */
function encryptFor(keyFile: string, password: string, passin?: string): string {
  const pub = file(`${path.basename(keyFile)}.pub`);
  openssl(['pkey', '-in', keyFile, '-pubout', '-out', pub, ...(passin ? ['-passin', `pass:${passin}`] : [])]);
  const ciphertext = openssl(
    ['pkeyutl', '-encrypt', '-pubin', '-inkey', pub, '-pkeyopt', 'rsa_padding_mode:pkcs1'],
    Buffer.from(password, 'utf8'),
  );
  return ciphertext.toString('base64');
}

function failure(run: () => unknown): KilnFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KilnFailure);
    return error as KilnFailure;
  }
  throw new Error('expected a KilnFailure');
}

/** No error may carry the key, the passphrase or the password. */
function expectNoSecrets(error: KilnFailure, ...secrets: string[]): void {
  const text = JSON.stringify(error.error) + error.message;
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/-----BEGIN|[A-Za-z0-9+/]{40}/);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-winpw-'));
  openssl(['genrsa', '-traditional', '-out', file('pkcs1.pem'), '2048']);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file('pkcs8.pem')]);
  openssl([
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-aes-256-cbc',
    '-pass',
    `pass:${PASSPHRASE}`,
    '-out',
    file('encryptedPkcs8.pem'),
  ]);
  openssl([
    'genrsa',
    '-traditional',
    '-aes256',
    '-passout',
    `pass:${PASSPHRASE}`,
    '-out',
    file('legacyEncrypted.pem'),
    '2048',
  ]);
  openssl(['genrsa', '-traditional', '-out', file('other.pem'), '2048']);
  openssl(['genpkey', '-algorithm', 'ed25519', '-out', file('ed25519.pem')]);
  for (const name of KEY_NAMES) keys[name] = readFileSync(file(`${name}.pem`), 'utf8');
});

describe('decryptWindowsPassword', () => {
  it('the keys have the PEM forms the cases are about', () => {
    expect(keys.pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n(?!Proc-Type)/);
    expect(keys.pkcs8).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(keys.encryptedPkcs8).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(keys.legacyEncrypted).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,/,
    );
  });

  it('decrypts with a PKCS#1 key, and agrees with openssl pkeyutl -decrypt', () => {
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    const oracle = openssl(
      ['pkeyutl', '-decrypt', '-inkey', file('pkcs1.pem'), '-pkeyopt', 'rsa_padding_mode:pkcs1'],
      Buffer.from(data, 'base64'),
    );
    expect(oracle.toString('utf8')).toBe(PASSWORD);
    expect(decryptWindowsPassword(data, keys.pkcs1)).toBe(PASSWORD);
  });

  it('accepts PasswordData with the line breaks EC2 puts around it', () => {
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    const wrapped = `\r\n${data.match(/.{1,64}/g)!.join('\r\n')}\r\n`;
    expect(decryptWindowsPassword(wrapped, keys.pkcs1)).toBe(PASSWORD);
  });

  it('decrypts with a PKCS#8 key', () => {
    expect(decryptWindowsPassword(encryptFor(file('pkcs8.pem'), PASSWORD), keys.pkcs8)).toBe(PASSWORD);
  });

  it('decrypts a password with non-ASCII characters as UTF-8', () => {
    expect(decryptWindowsPassword(encryptFor(file('pkcs8.pem'), UNICODE_PASSWORD), keys.pkcs8)).toBe(UNICODE_PASSWORD);
  });

  it('decrypts with an encrypted PKCS#8 key and the right passphrase', () => {
    const data = encryptFor(file('encryptedPkcs8.pem'), PASSWORD, PASSPHRASE);
    expect(decryptWindowsPassword(data, keys.encryptedPkcs8, PASSPHRASE)).toBe(PASSWORD);
  });

  it('asks for the passphrase of an encrypted PKCS#8 key', () => {
    const data = encryptFor(file('encryptedPkcs8.pem'), PASSWORD, PASSPHRASE);
    for (const passphrase of [undefined, '']) {
      const error = failure(() => decryptWindowsPassword(data, keys.encryptedPkcs8, passphrase));
      expect(error.error.code).toBe('PassphraseRequired');
      expect(error.error.remedy).toBeTruthy();
    }
  });

  it('refuses a wrong passphrase for an encrypted PKCS#8 key', () => {
    const data = encryptFor(file('encryptedPkcs8.pem'), PASSWORD, PASSPHRASE);
    const error = failure(() => decryptWindowsPassword(data, keys.encryptedPkcs8, 'not the passphrase'));
    expect(error.error.code).toBe('WrongPassphrase');
    expectNoSecrets(error, 'not the passphrase', PASSPHRASE, PASSWORD);
  });

  it('says when a key is encrypted with a scheme forge cannot read (scrypt)', () => {
    openssl([
      'pkcs8',
      '-topk8',
      '-scrypt',
      '-in',
      file('pkcs8.pem'),
      '-passout',
      `pass:${PASSPHRASE}`,
      '-out',
      file('scrypt.pem'),
    ]);
    const error = failure(() =>
      decryptWindowsPassword(
        encryptFor(file('pkcs8.pem'), PASSWORD),
        readFileSync(file('scrypt.pem'), 'utf8'),
        PASSPHRASE,
      ),
    );
    expect(error.error.code).toBe('KeyUnreadable');
    expect(error.error.remedy).toContain('openssl pkcs8 -topk8 -v2 aes-256-cbc');
  });

  it('decrypts with a legacy encrypted PKCS#1 key (Proc-Type: 4,ENCRYPTED)', () => {
    const data = encryptFor(file('legacyEncrypted.pem'), PASSWORD, PASSPHRASE);
    expect(decryptWindowsPassword(data, keys.legacyEncrypted, PASSPHRASE)).toBe(PASSWORD);
    expect(failure(() => decryptWindowsPassword(data, keys.legacyEncrypted)).error.code).toBe('PassphraseRequired');
    expect(failure(() => decryptWindowsPassword(data, keys.legacyEncrypted, 'nope')).error.code).toBe(
      'WrongPassphrase',
    );
  });

  it('says the key is the wrong one when the padding check fails', () => {
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    const error = failure(() => decryptWindowsPassword(data, keys.other));
    expect(error.error.code).toBe('PasswordDecryptFailed');
    expect(error.error.remedy).toBeTruthy();
    expectNoSecrets(error, PASSWORD);
  });

  it('refuses an ed25519 PEM key: AWS encrypts Windows passwords only with RSA', () => {
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    const error = failure(() => decryptWindowsPassword(data, keys.ed25519));
    expect(error.error.code).toBe('KeyNotRsa');
    expect(error.error.message).toMatch(/Ed25519/);
    expect(error.error.message).toMatch(/only with RSA/);
  });

  it('refuses an encrypted PKCS#8 ed25519 key once the passphrase opens it', () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
      .toString();
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    expect(failure(() => decryptWindowsPassword(data, pem, PASSPHRASE)).error.code).toBe('KeyNotRsa');
    expect(failure(() => decryptWindowsPassword(data, pem, 'wrong')).error.code).toBe('WrongPassphrase');
  });

  it('refuses an ECDSA key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    for (const type of ['pkcs8', 'sec1'] as const) {
      const pem = ec.privateKey.export({ type, format: 'pem' }).toString();
      expect(failure(() => decryptWindowsPassword(data, pem)).error.code).toBe('KeyNotRsa');
    }
  });

  it('refuses an OpenSSH-format key and says how to convert an RSA one', () => {
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    const ed = utils.generateKeyPairSync('ed25519', { comment: 'me@host' }).private;
    const error = failure(() => decryptWindowsPassword(data, ed));
    expect(error.error.code).toBe('KeyNotRsa');
    expect(error.error.message).toContain('ssh-ed25519');
    expect(error.error.message).toMatch(/only with RSA key pairs/);
    expect(error.error.remedy).toContain('ssh-keygen -p -m PEM -f key');
    expectNoSecrets(error);
  });

  it('names an RSA key in OpenSSH format as such', () => {
    const keyFile = file('openssh-rsa');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', keyFile]);
    const pem = readFileSync(keyFile, 'utf8');
    expect(pem).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const error = failure(() => decryptWindowsPassword(encryptFor(file('pkcs1.pem'), PASSWORD), pem));
    expect(error.error.code).toBe('KeyNotRsa');
    expect(error.error.message).toMatch(/an RSA key in OpenSSH's own format/);
  });

  it('refuses garbage as KeyUnreadable without echoing it', () => {
    const data = encryptFor(file('pkcs1.pem'), PASSWORD);
    const cases = [
      'not a key at all',
      '',
      '-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAL\n-----END CERTIFICATE-----\n',
      '-----BEGIN RSA PRIVATE KEY-----\nAAAAAAAAAAAA\n-----END RSA PRIVATE KEY-----\n',
      keys.pkcs1.slice(0, 400),
    ];
    for (const pem of cases) {
      const error = failure(() => decryptWindowsPassword(data, pem));
      expect(error.error.code).toBe('KeyUnreadable');
      expect(error.error.remedy).toBeTruthy();
      expectNoSecrets(error, 'not a key at all');
    }
  });

  it('refuses password data that is not base64', () => {
    const error = failure(() => decryptWindowsPassword('%%% not base64 %%%', keys.pkcs1));
    expect(error.error.code).toBe('PasswordDecryptFailed');
  });
});
