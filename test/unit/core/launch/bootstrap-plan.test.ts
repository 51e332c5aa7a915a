// The agent certificate has one size for every launch, so the preview's sample measures like the real one.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAgentCertificate } from '../../../../electron/core/agent-link/agent-certificate';
import {
  AGENT_ALT_NAMES,
  createFixedSizeAgentCertificate,
  signatureLength,
} from '../../../../electron/core/launch/bootstrap-plan';

const options = (id: string) => ({
  commonName: `kiln-agent ${id}`,
  altNames: AGENT_ALT_NAMES,
  notBefore: new Date(),
  validDays: 825,
});

describe('fixed-size agent certificate', () => {
  it('reads the DER length of the signature', () => {
    const lengths = new Set<number>();
    for (let i = 0; i < 40; i++) lengths.add(signatureLength(createAgentCertificate(options('a')).certPem));
    // 70 to 72 bytes as ECDSA P-256 DER goes; 40 certificates show more than one length.
    expect([...lengths].every((n) => n >= 68 && n <= 72)).toBe(true);
    expect(lengths.size).toBeGreaterThan(1);
  });

  it('always has the longest signature and so one PEM length, and stays a valid certificate', () => {
    const pems = Array.from(
      { length: 20 },
      (_, i) => createFixedSizeAgentCertificate(options(String(i).padStart(36, '0'))).certPem,
    );
    expect(new Set(pems.map((pem) => pem.length)).size).toBe(1);
    expect(pems.every((pem) => signatureLength(pem) === 72)).toBe(true);
    expect(new X509Certificate(pems[0]).subject).toContain('kiln-agent');
  });
});
