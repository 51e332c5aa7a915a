/**
 * Per-launch TLS identity of the agent: a fresh P-256 key and a self-signed certificate that Kiln pins by its
 * SHA-256 fingerprint. Node can make the key and the signature but not the certificate structure, so this module
 * DER-encodes the one fixed X.509 v3 layout it needs (tested against Node's X509Certificate and openssl).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface AgentCertificate {
  certPem: string;
  keyPem: string;
  /** Colon-separated upper-case hex, as `X509Certificate.fingerprint256` and `getPeerCertificate()` report it. */
  fingerprint256: string;
}

export interface AgentCertificateOptions {
  commonName: string;
  /** Subject alternative names: IP addresses and DNS names the certificate also names (e.g. 127.0.0.1). */
  altNames?: string[];
  notBefore: Date;
  validDays: number;
}

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

export function createAgentCertificate(options: AgentCertificateOptions): AgentCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = seq(set(seq(oid(OID.commonName), tlv(0x0c, Buffer.from(options.commonName, 'utf8')))));
  const notAfter = new Date(options.notBefore.getTime() + options.validDays * 86_400_000);
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const extensions = [
    extension(OID.basicConstraints, true, seq(tlv(0x01, Buffer.from([0xff])))),
    // digitalSignature + keyCertSign: the certificate is both the server's and its own trust anchor.
    extension(OID.keyUsage, true, tlv(0x03, Buffer.from([0x02, 0x84]))),
    extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
  ];
  if (options.altNames?.length)
    extensions.push(extension(OID.subjectAltName, false, seq(...options.altNames.map(altName))));
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serialNumber()),
    algorithm,
    name,
    seq(time(options.notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  return {
    certPem,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint256: certificateFingerprint(certPem),
  };
}

/** The SHA-256 fingerprint of a PEM certificate, in Node's colon-separated format. */
export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Same as `certificateFingerprint`, from raw DER bytes (what a TLS peer certificate exposes). */
export function derFingerprint(der: Buffer): string {
  return createHash('sha256')
    .update(der)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes.writeUInt8((bytes.readUInt8(0) & 0x7f) | 0x01, 0); // positive, and no leading zero byte
  return bytes;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

function altName(value: string): Buffer {
  const version = isIP(value);
  if (version === 4) return tlv(0x87, Buffer.from(value.split('.').map(Number)));
  if (version === 6) throw new Error('IPv6 alternative names are not supported');
  return tlv(0x82, Buffer.from(value, 'ascii'));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(iso, 'ascii'));
}

function integer(value: Buffer): Buffer {
  return tlv(0x02, (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  if (first === undefined || second === undefined) throw new Error(`An OID has at least two arcs: ${dotted}`);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let v = length; v > 0; v >>>= 8) bytes.unshift(v & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}
