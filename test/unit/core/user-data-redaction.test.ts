// The user data preview shows the rendered bootstrap to the operator: it must never carry the agent's TLS private
// key, the token (or its hash) or a presigned URL's signature.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LaunchSpec, SCRIPT_ARTIFACT_LIMIT_BYTES } from '../../../electron/common/models';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import {
  AGENT_SHA_PREVIEW,
  AGENT_URL_PREVIEW,
  NODE_SHA_PREVIEW,
  NODE_URL_PREVIEW,
  previewUserData,
  SCRIPT_SHA_PREVIEW,
  SCRIPT_URL_PREVIEW,
} from '../../../electron/core/launch/user-data-preview';
import { REDACTED, redactUserData, renderLinuxUserData } from '../../../electron/core/launch/user-data';

const template = readFileSync(path.join(__dirname, '../../../assets/bootstrap/linux.sh'), 'utf8');
const templates = {
  linux: template,
  windows: readFileSync(path.join(__dirname, '../../../assets/bootstrap/windows.ps1'), 'utf8'),
};

function keyBody(pem: string): string[] {
  // Every line of the key's base64 body: no part of it may survive.
  return pem.split('\n').filter((line) => line && !line.startsWith('-----'));
}

describe('redactUserData', () => {
  const certificate = createAgentCertificate({ commonName: 'kiln-agent test', notBefore: new Date(), validDays: 1 });
  const token = randomBytes(32).toString('base64url');
  const tokenSha256 = createHash('sha256').update(token).digest('hex');
  const signature = 'f00dfeed'.repeat(8);
  const values = {
    tlsCertPem: certificate.certPem,
    tlsKeyPem: certificate.keyPem,
    launchId: '3f2a9c1e-0000-4000-8000-000000000001',
    agentPort: 8443,
    agentUrl: `https://kiln-artifacts-123456789012-us-east-1.s3.us-east-1.amazonaws.com/artifacts/${'a'.repeat(64)}/kiln-agent.cjs?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261130&X-Amz-Signature=${signature}`,
    nodeTarballUrl: `https://mirror.example/node.tar.xz?X-Amz-Signature=${signature}`,
    nodeTarballSha256: 'c'.repeat(64),
    agentSha256: 'a'.repeat(64),
    tokenSha256,
    installScript: 'echo hello\n',
  };
  const rendered = renderLinuxUserData(template, values);
  const redacted = redactUserData(rendered.text, values);

  it('replaces the TLS private key, the token hash and URL signatures with placeholders', () => {
    expect(rendered.text).toContain(keyBody(certificate.keyPem)[0]);
    expect(redacted).toContain(REDACTED.tlsKey);
    expect(redacted).toContain(REDACTED.tokenHash);
    expect(redacted).toContain(`kiln-agent.cjs?${REDACTED.urlSignature}`);
    expect(redacted).toContain(`node.tar.xz?${REDACTED.urlSignature}`);
  });

  it('leaves no trace of the key, the token or a signature', () => {
    for (const line of keyBody(certificate.keyPem)) expect(redacted).not.toContain(line);
    expect(redacted).not.toMatch(/PRIVATE KEY/);
    expect(redacted).not.toContain(token);
    expect(redacted).not.toContain(tokenSha256);
    expect(redacted).not.toContain(signature);
    expect(redacted).not.toContain('X-Amz-Credential');
  });

  it('keeps everything else: the certificate, hashes that are not secret, and the install script', () => {
    expect(redacted).toContain(certificate.certPem.trimEnd());
    expect(redacted).toContain(`AGENT_SHA256='${'a'.repeat(64)}'`);
    expect(redacted).toContain('echo hello');
  });
});

describe('previewUserData (launch.preview)', () => {
  const spec = LaunchSpec.parse({
    profileId: 'sandbox',
    region: 'us-east-1',
    name: 'x',
    imageId: 'ami-0ed094fb1304fd857',
    instanceType: 't3.micro',
    installScript: 'echo "the operator script"',
  });

  it('shows the bootstrap and the script with placeholders for the key, the token hash and the agent URL', () => {
    const preview = previewUserData(templates, spec);
    expect(preview.userDataText).toContain('echo "the operator script"');
    expect(preview.userDataText).toContain(REDACTED.tlsKey);
    expect(preview.userDataText).toContain(`TOKEN_SHA256='${REDACTED.tokenHash}'`);
    expect(preview.userDataText).toContain(`AGENT_URL='${AGENT_URL_PREVIEW}'`);
    expect(preview.userDataText).toContain(`AGENT_SHA256='${AGENT_SHA_PREVIEW}'`);
    expect(preview.userDataText).toContain(`NODE_TARBALL_URL='${NODE_URL_PREVIEW}'`);
    expect(preview.userDataText).toContain(`NODE_TARBALL_SHA256='${NODE_SHA_PREVIEW}'`);
  });

  it('never contains a private key or a token hash, and measures with the longest expected values', () => {
    const preview = previewUserData(templates, spec);
    expect(preview.userDataText).not.toMatch(/PRIVATE KEY/);
    expect(preview.userDataText).not.toMatch(/TOKEN_SHA256='[0-9a-f]{64}'/);
    // Independent of the preview's own sizing: the user data a launch sends when its values are as long as Kiln
    // allows (a 2 KiB presigned agent URL, a 256-character Node.js URL), with a certificate and token made as a
    // launch makes them. P-256 signatures vary by a byte or two in DER, hence the few bytes either way.
    const launchCertificate = createAgentCertificate({
      commonName: 'kiln-agent 6b1f0d2e-1111-4222-8333-944455556666',
      altNames: ['127.0.0.1', 'localhost'],
      notBefore: new Date(),
      validDays: 825,
    });
    const agentUrlPrefix = 'https://kiln-artifacts.s3.amazonaws.com/artifacts/kiln-agent.cjs?X-Amz-Signature=';
    const sent = renderLinuxUserData(template, {
      launchId: '6b1f0d2e-1111-4222-8333-944455556666',
      agentPort: spec.agentPort,
      agentUrl: agentUrlPrefix.padEnd(2_048, 'f'),
      agentSha256: randomBytes(32).toString('hex'),
      tokenSha256: createHash('sha256').update(randomBytes(32)).digest('hex'),
      tlsCertPem: launchCertificate.certPem,
      tlsKeyPem: launchCertificate.keyPem,
      nodeTarballUrl: 'https://nodejs.org/dist/v20.19.0/node-v20.19.0-linux-x64.tar.xz'.padEnd(256, 'x'),
      nodeTarballSha256: randomBytes(32).toString('hex'),
      installScript: spec.installScript,
    });
    expect(Math.abs(preview.userDataBytes - sent.bytes)).toBeLessThanOrEqual(8);
    expect(preview.limitBytes).toBe(16_384);
  });

  it('redacts the Windows bootstrap the same way', () => {
    const preview = previewUserData(templates, spec, 'windows');
    expect(preview.userDataText.startsWith('<powershell>')).toBe(true);
    expect(preview.userDataText).not.toMatch(/PRIVATE KEY/);
    expect(preview.userDataText).toContain(REDACTED.tlsKey);
    expect(preview.userDataText).toContain(`'${REDACTED.tokenHash}'`);
    expect(preview.userDataText).toContain(`'${AGENT_SHA_PREVIEW}'`);
  });

  it('reports the delivery: inline for a small script, the artifact bucket for one too large for user data', () => {
    expect(previewUserData(templates, spec).delivery).toEqual({ mode: 'inline' });
    const script = 'echo x\n'.repeat(3_000);
    const large = previewUserData(templates, { ...spec, installScript: script });
    expect(large.delivery).toEqual({ mode: 'artifact', scriptBytes: script.length });
    expect(large.userDataBytes).toBeLessThan(large.limitBytes);
    expect(large.userDataText).not.toContain('echo x');
    expect(large.userDataText).toContain(`INSTALL_SCRIPT_URL='${SCRIPT_URL_PREVIEW}'`);
    expect(large.userDataText).toContain(`INSTALL_SCRIPT_SHA256='${SCRIPT_SHA_PREVIEW}'`);
    expect(previewUserData(templates, { ...spec, installScript: script }, 'windows').userDataText).toContain(
      `$InstallScriptUrl = '${SCRIPT_URL_PREVIEW}'`,
    );
  });

  it('measures a refused script instead of refusing it: over the cap, or too large for user data with a mirror', () => {
    const huge = previewUserData(templates, { ...spec, installScript: 'x'.repeat(SCRIPT_ARTIFACT_LIMIT_BYTES + 1) });
    expect(huge.delivery).toMatchObject({ mode: 'refused', code: 'InstallScriptTooLarge' });
    expect(huge.userDataBytes).toBeGreaterThan(huge.limitBytes);
    const mirrored = previewUserData(templates, { ...spec, installScript: 'echo x\n'.repeat(3_000) }, 'linux', false);
    expect(mirrored.delivery).toMatchObject({ mode: 'refused', code: 'InstallScriptTooLargeForMirror' });
    expect(mirrored.userDataBytes).toBeGreaterThan(mirrored.limitBytes);
  });
});
