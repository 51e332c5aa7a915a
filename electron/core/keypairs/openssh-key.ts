/**
 * Local key generation for "create a new key pair": the private key never leaves this machine; only the public key
 * is imported into EC2. ED25519 private keys are written in OpenSSH's own format (openssh-key-v1, unencrypted),
 * which node:crypto cannot export; RSA keys as PKCS#1 PEM, which OpenSSH reads as is.
 */
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export type LocalKeyType = 'rsa' | 'ed25519';

export interface LocalKeyPair {
  type: LocalKeyType;
  /** The OpenSSH public key line, e.g. "ssh-ed25519 AAAA… comment". */
  publicKey: string;
  /** The private key file content (PEM or OpenSSH), ending with a newline. */
  privateKey: string;
}

/** Generates a key pair; `comment` ends up in the public key line and, for ED25519, inside the private key. */
export async function generateLocalKeyPair(type: LocalKeyType, comment: string): Promise<LocalKeyPair> {
  if (type === 'rsa') {
    const { publicKey, privateKey } = await generate('rsa', { modulusLength: 4096, publicExponent: 0x10001 });
    return {
      type,
      publicKey: rsaPublicKeyLine(publicKey, comment),
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    };
  }
  const { publicKey, privateKey } = await generate('ed25519');
  return {
    type,
    publicKey: ed25519PublicKeyLine(publicKey, comment),
    privateKey: ed25519OpenSshPrivateKey(privateKey, comment),
  };
}

/** An SSH wire-format string: uint32 big-endian length, then the bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

/** An SSH mpint: big-endian, minimal, with a leading zero byte when the top bit is set. */
function sshMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  let bytes = unsigned.subarray(start);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

function ed25519Raw(key: KeyObject): { publicKey: Buffer; seed: Buffer } {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('not an ed25519 key');
  return {
    publicKey: Buffer.from(jwk.x, 'base64url'),
    seed: jwk.d ? Buffer.from(jwk.d, 'base64url') : Buffer.alloc(0),
  };
}

function ed25519PublicBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
}

export function ed25519PublicKeyLine(key: KeyObject, comment = ''): string {
  const { publicKey } = ed25519Raw(key);
  return `ssh-ed25519 ${ed25519PublicBlob(publicKey).toString('base64')}${comment ? ` ${comment}` : ''}`;
}

export function rsaPublicKeyLine(key: KeyObject, comment = ''): string {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.n || !jwk.e) throw new Error('not an RSA key');
  const blob = Buffer.concat([
    sshString('ssh-rsa'),
    sshMpint(Buffer.from(jwk.e, 'base64url')),
    sshMpint(Buffer.from(jwk.n, 'base64url')),
  ]);
  return `ssh-rsa ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`;
}

/**
 * The openssh-key-v1 container (PROTOCOL.key in OpenSSH's sources) for one unencrypted ED25519 key:
 * magic, cipher "none", kdf "none", empty kdf options, one public key, then the private section
 * (two equal check integers, key type, public key, 64-byte private key = seed || public key, comment),
 * padded with 1, 2, 3… to the cipher block size (8 for "none").
 */
export function ed25519OpenSshPrivateKey(
  key: KeyObject,
  comment = '',
  checkInt = randomBytes(4).readUInt32BE(),
): string {
  const { publicKey, seed } = ed25519Raw(key);
  if (seed.length !== 32) throw new Error('an ed25519 private key is needed');
  const privateSection = Buffer.concat([
    uint32(checkInt),
    uint32(checkInt),
    sshString('ssh-ed25519'),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(comment),
  ]);
  const padLength = (8 - (privateSection.length % 8)) % 8;
  const padding = Buffer.from(Array.from({ length: padLength }, (_, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(ed25519PublicBlob(publicKey)),
    sshString(Buffer.concat([privateSection, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
}
