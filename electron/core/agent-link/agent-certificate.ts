/**
 * Per-launch TLS identity of the agent: a fresh P-256 key and a self-signed certificate that Kiln pins by its
 * SHA-256 fingerprint. node-forge encodes the certificate (names, validity, extensions, the DER itself); Node makes
 * the key and the ECDSA signature, which forge's PKI cannot: forge signs RSA only, and a P-256 key and certificate
 * keep the user data small. Tested against Node's X509Certificate and openssl.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

// forge exports this encoder (it is what its own certificates use) but its type definitions leave it out.
declare module 'node-forge' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace pki {
    function certificateExtensionsToAsn1(extensions: unknown[]): asn1.Asn1;
  }
}

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

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const { asn1, pki } = forge;

export function createAgentCertificate(options: AgentCertificateOptions): AgentCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  // The forge certificate holds the parts forge encodes; the signed structure is assembled below.
  const fields = pki.createCertificate();
  // A UTF8String common name; forge's type definitions call the tag a class, hence the cast.
  const utf8 = asn1.Type.UTF8 as unknown as forge.asn1.Class;
  const name = [{ name: 'commonName', value: options.commonName, valueTagClass: utf8 }];
  fields.setSubject(name);
  fields.setIssuer(name);
  fields.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    // digitalSignature + keyCertSign: the certificate is both the server's and its own trust anchor.
    { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    ...(options.altNames?.length ? [{ name: 'subjectAltName', altNames: options.altNames.map(altName) }] : []),
  ]);
  const notAfter = new Date(options.notBefore.getTime() + options.validDays * 86_400_000);
  const algorithm = () => sequence([node(asn1.Type.OID, asn1.oidToDer(ECDSA_WITH_SHA256).getBytes())]);
  const tbs = sequence([
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [node(asn1.Type.INTEGER, asn1.integerToDer(2).getBytes())]),
    node(asn1.Type.INTEGER, serialNumber()),
    algorithm(),
    pki.distinguishedNameToAsn1(fields.issuer),
    sequence([time(options.notBefore), time(notAfter)]),
    pki.distinguishedNameToAsn1(fields.subject),
    asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary')),
    pki.certificateExtensionsToAsn1(fields.extensions),
  ]);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, { key: privateKey, dsaEncoding: 'der' });
  const certificate = sequence([tbs, algorithm(), node(asn1.Type.BITSTRING, `\0${signature.toString('binary')}`)]);
  const certPem = new X509Certificate(Buffer.from(asn1.toDer(certificate).getBytes(), 'binary')).toString();
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

/** 16 random bytes, positive and without a leading zero byte, as forge's binary string. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes.writeUInt8((bytes.readUInt8(0) & 0x7f) | 0x01, 0);
  return bytes.toString('binary');
}

/** An IP address (v4 or v6) or a DNS name, in forge's GeneralName form. */
function altName(value: string): { type: number; ip?: string; value?: string } {
  return isIP(value) ? { type: 7, ip: value } : { type: 2, value };
}

/** UTCTime through 2049, GeneralizedTime after, as RFC 5280 asks. */
function time(date: Date): forge.asn1.Asn1 {
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? node(asn1.Type.UTCTIME, asn1.dateToUtcTime(date))
    : node(asn1.Type.GENERALIZEDTIME, asn1.dateToGeneralizedTime(date));
}

function node(type: number, bytes: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, type, false, bytes);
}

function sequence(parts: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, parts);
}
