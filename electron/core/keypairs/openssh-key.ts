/**
 * Local key generation for "create a new key pair": the private key never leaves this machine; only the public key
 * is imported into EC2. ssh2 writes ED25519 private keys in OpenSSH's own format (openssh-key-v1, unencrypted),
 * which node:crypto cannot export, and every public key line. RSA private keys stay PKCS#1 PEM: OpenSSH reads it as
 * is, and it is the form Kiln decrypts Windows passwords with.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { utils } from 'ssh2';

const generateRsa = promisify(generateKeyPair);

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
    const { privateKey } = await generateRsa('rsa', {
      modulusLength: 4096,
      publicExponent: 0x10001,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    return { type, publicKey: publicKeyLine(privateKey, comment), privateKey };
  }
  const key = generateEd25519(comment);
  return { type, publicKey: key.public, privateKey: key.private };
}

/**
 * An ED25519 key pair from ssh2. ssh2 strips every leading zero byte from the public key when it reads it out of
 * node:crypto's DER, so about one key in 256 comes out 31 bytes long, in both files; OpenSSH and EC2 refuse it
 * ("Key is not in valid OpenSSH public key format"). Such a key is drawn again.
 */
export function generateEd25519(comment?: string): { public: string; private: string } {
  for (let attempt = 0; attempt < 16; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519', comment === undefined ? undefined : { comment });
    if (ed25519PublicKeyBytes(pair.public) === ED25519_PUBLIC_KEY_BYTES) return pair;
  }
  throw new Error('Could not generate a whole ED25519 key.');
}

const ED25519_PUBLIC_KEY_BYTES = 32;

/** The length of the key in an "ssh-ed25519 <blob>" line: the blob is string "ssh-ed25519", then string key. */
export function ed25519PublicKeyBytes(line: string): number {
  const blob = Buffer.from(line.split(' ')[1] ?? '', 'base64');
  const nameLength = blob.readUInt32BE(0);
  return blob.readUInt32BE(4 + nameLength);
}

/** The OpenSSH public key line ("type base64-blob comment") of a private key in any format ssh2 reads. */
export function publicKeyLine(privateKey: string, comment = ''): string {
  const key = utils.parseKey(privateKey);
  if (key instanceof Error) throw key;
  // Not in ssh2's types: an OpenSSH file that lists no key parses to undefined (ssh2 returns its first key).
  if (!key) throw new Error('The private key file holds no key.');
  return `${key.type} ${key.getPublicSSH().toString('base64')}${comment ? ` ${comment}` : ''}`;
}
