/**
 * The operator's private key file for a launch: read once per use (never copied, cached or logged), turned into
 * what the SSH client takes, and compared with the fingerprint EC2 keeps for the key pair.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { utils } from 'ssh2';
import { KilnFailure } from '../../common/result';

const MAX_KEY_FILE_BYTES = 64 * 1024;

export interface LoadedKey {
  /** What ssh2 takes as `privateKey`: PKCS#1/SEC1 PEM, or the OpenSSH format with `passphrase` when encrypted. */
  forSsh: string;
  passphrase?: string;
  /** The public key's SSH wire-format blob. */
  publicBlob: Buffer;
  type: string;
  /** Every form EC2 (or moto) may have fingerprinted this key in, normalised (see `normalizeFingerprint`). */
  fingerprints: Set<string>;
}

/** Reads and parses a private key file; expected problems are KilnFailures naming the file and what to do. */
export async function loadPrivateKey(file: string, passphrase?: string): Promise<LoadedKey> {
  const text = await readKeyFile(file);
  if (text.includes('BEGIN OPENSSH PRIVATE KEY')) return fromOpenSsh(file, text, passphrase);
  return fromPem(file, text, passphrase);
}

/** The file's text, when it is a regular file of a sensible size. */
export async function readKeyFile(file: string): Promise<string> {
  if (!path.isAbsolute(file)) {
    throw new KilnFailure({
      code: 'KeyPathNotAbsolute',
      message: `${file} is not an absolute path.`,
      remedy: 'Choose the key file by its full path.',
    });
  }
  const info = await stat(file).catch(() => undefined);
  if (!info) {
    throw new KilnFailure({
      code: 'KeyFileMissing',
      message: `The private key file ${file} does not exist on this workstation.`,
      remedy: 'Choose the key file you saved when the key pair was made.',
    });
  }
  if (!info.isFile() || info.size > MAX_KEY_FILE_BYTES) {
    throw new KilnFailure({
      code: 'KeyUnreadable',
      message: `${file} is not a private key file.`,
      remedy: 'Choose the .pem or OpenSSH private key of the key pair.',
    });
  }
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new KilnFailure({
      code: 'KeyUnreadable',
      message: `Kiln cannot read ${file} (${error.code ?? error.message}).`,
      remedy: 'Check the file permissions.',
    });
  });
}

function fromOpenSsh(file: string, text: string, passphrase: string | undefined): LoadedKey {
  const key = utils.parseKey(text, passphrase);
  if (key instanceof Error) {
    if (/passphrase/i.test(key.message)) throw passphraseFailure(file, passphrase);
    throw unreadable(file);
  }
  // Not in ssh2's types: an OpenSSH file that lists no key parses to undefined (ssh2 returns its first key).
  if (!key) throw unreadable(file);
  const publicBlob = key.getPublicSSH();
  const spki = spkiDer(key.getPublicPEM());
  // ssh2 reads its own (possibly encrypted) format: it gets the text and the passphrase again at connect time.
  return { forSsh: text, passphrase, publicBlob, type: key.type, fingerprints: fingerprintsOf(publicBlob, spki) };
}

function fromPem(file: string, text: string, passphrase: string | undefined): LoadedKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', passphrase });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ERR_MISSING_PASSPHRASE') throw passphraseFailure(file, undefined);
    if (/bad decrypt|BAD_DECRYPT|interrupted or cancelled/i.test(String((error as Error).message)))
      throw passphraseFailure(file, passphrase);
    throw unreadable(file);
  }
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (key.asymmetricKeyType === 'rsa') {
    const forSsh = key.export({ type: 'pkcs1', format: 'pem' }).toString();
    const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
    const publicBlob = publicBlobOf(forSsh, file);
    const fingerprints = fingerprintsOf(publicBlob, spki);
    // Key pairs EC2 created itself are fingerprinted as the SHA-1 of the private key's PKCS#8 form.
    fingerprints.add(colonHex(createHash('sha1').update(pkcs8).digest()));
    return { forSsh, publicBlob, type: 'ssh-rsa', fingerprints };
  }
  if (key.asymmetricKeyType === 'ec') {
    const forSsh = key.export({ type: 'sec1', format: 'pem' }).toString();
    const publicBlob = publicBlobOf(forSsh, file);
    return { forSsh, publicBlob, type: sshKeyType(publicBlob), fingerprints: fingerprintsOf(publicBlob, spki) };
  }
  throw new KilnFailure({
    code: 'KeyFormatNotSupported',
    message: `${file} holds a ${key.asymmetricKeyType ?? 'unknown'} key in PEM form, which Kiln's SSH client does not read.`,
    remedy: 'Convert it to the OpenSSH format with `ssh-keygen -p -f <file>`, or use EC2 Instance Connect.',
  });
}

function publicBlobOf(pem: string, file: string): Buffer {
  const key = utils.parseKey(pem);
  if (key instanceof Error || !key) throw unreadable(file);
  return key.getPublicSSH();
}

/** The DER inside the SPKI PEM that ssh2 prints for a public key. */
function spkiDer(publicPem: string): Buffer {
  return Buffer.from(publicPem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** The key type named at the start of an SSH wire-format public key. */
export function sshKeyType(blob: Buffer): string {
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

/**
 * EC2 fingerprints imported RSA keys as the MD5 of the public key's DER (SPKI) and ED25519 keys as the base64
 * SHA-256 of the SSH public key; moto uses the colon-hex SHA-256 of the DER for ED25519. All are offered.
 */
function fingerprintsOf(publicBlob: Buffer, spki: Buffer): Set<string> {
  return new Set([
    colonHex(createHash('md5').update(spki).digest()),
    colonHex(createHash('sha256').update(spki).digest()),
    normalizeFingerprint(createHash('sha256').update(publicBlob).digest('base64')),
  ]);
}

/** Lower-case colon hex, or base64 without `SHA256:` and padding: the forms compared. */
export function normalizeFingerprint(fingerprint: string): string {
  const trimmed = fingerprint.trim().replace(/^SHA256:/, '');
  return /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+$/.test(trimmed) ? trimmed.toLowerCase() : trimmed.replace(/=+$/, '');
}

function colonHex(digest: Buffer): string {
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}

function passphraseFailure(file: string, given: string | undefined): KilnFailure {
  return given
    ? new KilnFailure({
        code: 'WrongPassphrase',
        message: `The passphrase does not open ${file}.`,
        remedy: 'Type the passphrase of this key file again.',
      })
    : new KilnFailure({
        code: 'PassphraseRequired',
        message: `${file} is protected by a passphrase.`,
        remedy: 'Type the passphrase of the key file.',
      });
}

function unreadable(file: string): KilnFailure {
  return new KilnFailure({
    code: 'KeyUnreadable',
    message: `${file} is not a private key Kiln can read.`,
    remedy: 'Choose the .pem or OpenSSH private key file of the key pair.',
  });
}
