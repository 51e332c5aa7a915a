/**
 * The Administrator password of a Windows instance: EC2 encrypts it with the key pair's RSA public key (PKCS#1 v1.5
 * padding). node-forge decrypts it because Node 20 refuses PKCS#1 v1.5 in `privateDecrypt` (CVE-2023-46809) while
 * other Node and Electron versions accept it; forge behaves the same everywhere. No error names the key or password.
 */
import forge from 'node-forge';
import { KilnFailure } from '../../common/result';

const RSA_ENCRYPTION_OID = '1.2.840.113549.1.1.1';
const KEY_KINDS_BY_OID: Readonly<Record<string, string>> = {
  '1.3.101.112': 'an Ed25519 key',
  '1.3.101.113': 'an Ed448 key',
  '1.2.840.10045.2.1': 'an ECDSA key',
  '1.2.840.10040.4.1': 'a DSA key',
  '1.2.840.113549.1.1.10': 'an RSA-PSS key, which cannot decrypt',
};
const NOT_RSA_REMEDY = 'Use the private key of the RSA key pair the instance was launched with.';

/** Decrypts EC2's PasswordData (base64, line breaks allowed) with a PEM RSA private key, PKCS#1 or PKCS#8. */
export function decryptWindowsPassword(passwordDataBase64: string, privateKeyPem: string, passphrase?: string): string {
  const ciphertext = passwordBytes(passwordDataBase64);
  const key = readRsaPrivateKey(privateKeyPem, passphrase || undefined);
  let padded: Buffer;
  try {
    padded = Buffer.from(key.decrypt(ciphertext.toString('binary'), 'RSAES-PKCS1-V1_5'), 'binary');
  } catch {
    throw decryptFailed();
  }
  let password: string;
  try {
    password = new TextDecoder('utf-8', { fatal: true }).decode(padded);
  } catch {
    throw decryptFailed();
  }
  if (password.length === 0) throw decryptFailed();
  return password;
}

function passwordBytes(passwordDataBase64: string): Buffer {
  const text = passwordDataBase64.replace(/\s+/g, '');
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new KilnFailure({
      code: 'PasswordDecryptFailed',
      message: 'The password data EC2 returned is not base64, so it is no encrypted password.',
      remedy: 'Fetch the password again in a minute.',
    });
  }
  return Buffer.from(text, 'base64');
}

function readRsaPrivateKey(pem: string, passphrase: string | undefined): forge.pki.rsa.PrivateKey {
  if (pem.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) throw openSshFormat(openSshKeyType(pem));
  const block = privateKeyBlock(pem);
  if (block.type === 'EC PRIVATE KEY') throw notRsa('an ECDSA key');
  if (block.type === 'DSA PRIVATE KEY') throw notRsa('a DSA key');
  // node-forge types procType as any; it is `{ version, type }` when the PEM has a Proc-Type header.
  const procType = block.procType as { type?: unknown } | null | undefined;
  const encrypted = procType?.type === 'ENCRYPTED' || block.type === 'ENCRYPTED PRIVATE KEY';
  if (encrypted && !passphrase) {
    throw new KilnFailure({
      code: 'PassphraseRequired',
      message: 'The private key file is protected by a passphrase.',
      remedy: "Enter the key's passphrase to decrypt the password.",
    });
  }
  if (block.type === 'ENCRYPTED PRIVATE KEY') return rsaKeyFromPkcs8(decryptPkcs8(block, passphrase!));
  if (block.type === 'PRIVATE KEY') return rsaKeyFromPkcs8(derOf(block.body));
  return encrypted ? decryptLegacyRsaKey(block, passphrase!) : rsaKeyFromAsn1(derOf(block.body));
}

/** The first private key block of a PEM text; anything else is unreadable. */
function privateKeyBlock(pem: string): forge.pem.ObjectPEM {
  const wanted = ['RSA PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY'];
  let blocks: forge.pem.ObjectPEM[] = [];
  try {
    blocks = forge.pem.decode(pem);
  } catch {
    // Not PEM at all: reported below like a PEM without a private key.
  }
  const block = blocks.find((candidate) => wanted.includes(candidate.type));
  if (!block) throw unreadable('The file is not a PEM private key.');
  return block;
}

function derOf(bytes: string): forge.asn1.Asn1 {
  try {
    return forge.asn1.fromDer(bytes);
  } catch {
    throw unreadable('The private key file is damaged: its contents are not a key.');
  }
}

function rsaKeyFromAsn1(der: forge.asn1.Asn1): forge.pki.rsa.PrivateKey {
  try {
    return forge.pki.privateKeyFromAsn1(der);
  } catch {
    throw unreadable('The private key file holds no RSA key Kiln can read.');
  }
}

/** A PKCS#8 PrivateKeyInfo: SEQUENCE { version, AlgorithmIdentifier { OID, … }, privateKey }. */
function rsaKeyFromPkcs8(info: forge.asn1.Asn1): forge.pki.rsa.PrivateKey {
  const algorithm = (info.value as forge.asn1.Asn1[])?.[1]?.value as forge.asn1.Asn1[] | undefined;
  const oidBytes = algorithm?.[0]?.value;
  const oid = typeof oidBytes === 'string' ? forge.asn1.derToOid(oidBytes) : undefined;
  if (oid !== RSA_ENCRYPTION_OID) throw notRsa((oid && KEY_KINDS_BY_OID[oid]) ?? 'not an RSA key');
  return rsaKeyFromAsn1(info);
}

function decryptPkcs8(block: forge.pem.ObjectPEM, passphrase: string): forge.asn1.Asn1 {
  const encrypted = derOf(block.body);
  let info: forge.asn1.Asn1 | null;
  try {
    info = forge.pki.decryptPrivateKeyInfo(encrypted, passphrase);
  } catch (error) {
    if (error instanceof Error && /unsupported|not a supported/i.test(error.message)) throw unsupportedEncryption();
    throw wrongPassphrase();
  }
  if (!info) throw wrongPassphrase();
  return info;
}

/** OpenSSL's traditional encrypted PEM (Proc-Type: 4,ENCRYPTED with DEK-Info). */
function decryptLegacyRsaKey(block: forge.pem.ObjectPEM, passphrase: string): forge.pki.rsa.PrivateKey {
  let key: forge.pki.rsa.PrivateKey | null;
  try {
    key = forge.pki.decryptRsaPrivateKey(forge.pem.encode(block), passphrase);
  } catch (error) {
    if (error instanceof Error && /unsupported/i.test(error.message)) throw unsupportedEncryption();
    throw wrongPassphrase();
  }
  if (!key) throw wrongPassphrase();
  return key;
}

/** The key type in an openssh-key-v1 file's public section, which is never encrypted. */
function openSshKeyType(pem: string): string | undefined {
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(pem)?.[1];
  const bytes = Buffer.from((body ?? '').replace(/\s+/g, ''), 'base64');
  if (bytes.subarray(0, 15).toString('latin1') !== 'openssh-key-v1\0') return undefined;
  let offset = 15;
  const next = (): Buffer => {
    const length = bytes.readUInt32BE(offset);
    offset += 4 + length;
    return bytes.subarray(offset - length, offset);
  };
  try {
    next(); // cipher name
    next(); // kdf name
    next(); // kdf options
    offset += 4; // number of keys
    const publicKey = next();
    return publicKey.subarray(4, 4 + publicKey.readUInt32BE(0)).toString('latin1');
  } catch {
    return undefined;
  }
}

function openSshFormat(keyType: string | undefined): KilnFailure {
  const what = keyType === 'ssh-rsa' ? 'an RSA key' : keyType ? `an ${keyType} key` : 'a key';
  return new KilnFailure({
    code: 'KeyNotRsa',
    message: `This is ${what} in OpenSSH's own format (BEGIN OPENSSH PRIVATE KEY). AWS encrypts Windows passwords only with RSA key pairs, and Kiln reads their private keys as PEM.`,
    remedy: `${NOT_RSA_REMEDY} An RSA key in OpenSSH format converts to PEM with \`ssh-keygen -p -m PEM -f key\` (it rewrites the file: run it on a copy).`,
  });
}

function notRsa(kind: string): KilnFailure {
  return new KilnFailure({
    code: 'KeyNotRsa',
    message: `The private key is ${kind}. AWS encrypts Windows passwords only with RSA key pairs.`,
    remedy: NOT_RSA_REMEDY,
  });
}

function unreadable(message: string): KilnFailure {
  return new KilnFailure({
    code: 'KeyUnreadable',
    message,
    remedy: 'Choose the private key file (.pem) of the RSA key pair the instance was launched with.',
  });
}

function unsupportedEncryption(): KilnFailure {
  return new KilnFailure({
    code: 'KeyUnreadable',
    message: 'The private key file is encrypted with a scheme Kiln cannot read.',
    remedy:
      'Export an unencrypted copy, or re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-aes.pem`.',
  });
}

function wrongPassphrase(): KilnFailure {
  return new KilnFailure({
    code: 'WrongPassphrase',
    message: 'The passphrase does not unlock the private key file.',
    remedy: 'Check the passphrase and try again.',
  });
}

function decryptFailed(): KilnFailure {
  return new KilnFailure({
    code: 'PasswordDecryptFailed',
    message:
      "This private key does not decrypt the instance's password: it is not the key of the key pair the instance was launched with.",
    remedy: "Choose the private key file of the instance's key pair.",
  });
}
