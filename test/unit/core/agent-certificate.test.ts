import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgentCertificate, derFingerprint } from '../../../electron/core/agent-link/agent-certificate';

const notBefore = new Date('2026-01-01T00:00:00Z');
const cert = createAgentCertificate({
  commonName: 'kiln-agent 1234',
  altNames: ['127.0.0.1', 'localhost'],
  notBefore,
  validDays: 825,
});

describe('agent certificate', () => {
  it('is a valid self-signed X.509 v3 certificate for the key it comes with', () => {
    const x509 = new X509Certificate(cert.certPem);
    expect(x509.subject).toBe('CN=kiln-agent 1234');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.ca).toBe(true);
    expect(x509.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(new Date(x509.validFrom).toISOString()).toBe(notBefore.toISOString());
    expect(new Date(x509.validTo).getTime() - notBefore.getTime()).toBe(825 * 86_400_000);
    expect(x509.checkPrivateKey(createPrivateKey(cert.keyPem))).toBe(true);
    expect(createPublicKey(cert.keyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.fingerprint256).toBe(x509.fingerprint256);
    expect(derFingerprint(x509.raw)).toBe(x509.fingerprint256);
  });

  it('passes openssl, an independent parser, as its own trust anchor for TLS servers', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-cert-'));
    const file = path.join(dir, 'cert.pem');
    writeFileSync(file, cert.certPem);
    expect(
      execFileSync(
        'openssl',
        ['verify', '-purpose', 'sslserver', '-attime', String(notBefore.getTime() / 1000 + 60), '-CAfile', file, file],
        { encoding: 'utf8' },
      ),
    ).toContain(': OK');
    const text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign/);
    expect(text).toContain('ASN1 OID: prime256v1');
  });

  it('names IPv6 addresses, keeps a non-ASCII common name, and dates past 2049 as openssl reads them', () => {
    const far = new Date('2049-06-01T12:34:56Z');
    const other = createAgentCertificate({
      commonName: 'kiln-agent Größe',
      altNames: ['::1', '10.0.0.5'],
      notBefore: far,
      validDays: 365,
    });
    const x509 = new X509Certificate(other.certPem);
    expect(x509.subject).toBe('CN=kiln-agent Größe');
    expect(x509.subjectAltName).toBe('IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.5');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-cert-'));
    const file = path.join(dir, 'cert.pem');
    writeFileSync(file, other.certPem);
    const dates = execFileSync('openssl', ['x509', '-in', file, '-noout', '-dates', '-nameopt', 'utf8'], {
      encoding: 'utf8',
    });
    expect(dates).toContain('notBefore=Jun  1 12:34:56 2049 GMT');
    expect(dates).toContain('notAfter=Jun  1 12:34:56 2050 GMT');
  });

  it('makes a fresh key and serial every time', () => {
    const other = createAgentCertificate({ commonName: 'kiln-agent 1234', notBefore, validDays: 1 });
    expect(other.fingerprint256).not.toBe(cert.fingerprint256);
    expect(other.keyPem).not.toBe(cert.keyPem);
    const serial = new X509Certificate(other.certPem).serialNumber;
    expect(serial).not.toBe(new X509Certificate(cert.certPem).serialNumber);
    // 16 bytes, positive: the first byte is below 0x80 and not zero.
    expect(serial).toMatch(/^[1-7][0-9A-F]{31}$|^0[1-9A-F][0-9A-F]{30}$/);
  });
});
