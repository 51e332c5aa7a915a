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
  const key = await new Promise<{ public: string; private: string }>((resolve, reject) =>
    utils.generateKeyPair('ed25519', { comment }, (error, pair) => (error ? reject(error) : resolve(pair))),
  );
  return { type, publicKey: key.public, privateKey: key.private };
}

/** The OpenSSH public key line ("type base64-blob comment") of a private key in any format ssh2 reads. */
export function publicKeyLine(privateKey: string, comment = ''): string {
  const key = utils.parseKey(privateKey);
  if (key instanceof Error) throw key;
  // Not in ssh2's types: an OpenSSH file that lists no key parses to undefined (ssh2 returns its first key).
  if (!key) throw new Error('The private key file holds no key.');
  return `${key.type} ${key.getPublicSSH().toString('base64')}${comment ? ` ${comment}` : ''}`;
}
