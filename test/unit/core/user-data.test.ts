import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_DATA_LIMIT_BYTES } from '../../../electron/common/models';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { heredocDelimiter, renderLinuxUserData } from '../../../electron/core/launch/user-data';
import { assertUserDataFits, planUserData } from '../../../electron/core/launch/preflight';

const template = readFileSync(path.join(__dirname, '../../../assets/bootstrap/linux.sh'), 'utf8');
const certificate = createAgentCertificate({ commonName: 'kiln-agent test', notBefore: new Date(), validDays: 1 });
const values = {
  tlsCertPem: certificate.certPem,
  tlsKeyPem: certificate.keyPem,
  launchId: '3f2a9c1e-0000-4000-8000-000000000001',
  agentPort: 8443,
  agentUrl: 'http://127.0.0.1:5000/kiln-artifacts/agent.cjs?X-Amz-Signature=abc&X-Amz-Expires=3600',
  agentSha256: 'a'.repeat(64),
  tokenSha256: 'b'.repeat(64),
  installScript: 'echo "hello $USER"\nexit 0\n',
};

describe('renderLinuxUserData', () => {
  it('fills every placeholder and embeds the script verbatim', () => {
    const rendered = renderLinuxUserData(template, values);
    expect(rendered.text).not.toMatch(/\{\{[A-Z0-9_]+\}\}/);
    expect(rendered.text.startsWith('#!/bin/bash\n')).toBe(true);
    expect(rendered.text).toContain(`AGENT_URL='${values.agentUrl}'`);
    expect(rendered.text).toContain(`TOKEN_SHA256='${'b'.repeat(64)}'`);
    expect(rendered.text).toContain('AGENT_PORT=8443');
    const delimiter = heredocDelimiter('echo "hello $USER"\nexit 0', values.launchId);
    expect(rendered.text).toContain(`<<'${delimiter}'\necho "hello $USER"\nexit 0\n${delimiter}\n`);
    expect(rendered.bytes).toBe(Buffer.byteLength(rendered.text));
    expect(rendered.fits).toBe(true);
  });

  it('never expands placeholders that appear inside the install script', () => {
    const rendered = renderLinuxUserData(template, { ...values, installScript: 'echo {{AGENT_URL}} {{NOPE}}' });
    expect(rendered.text).toContain('echo {{AGENT_URL}} {{NOPE}}');
  });

  it('picks a heredoc delimiter that does not occur in the script', () => {
    const first = heredocDelimiter('', 'abc');
    const script = `echo one\n${first}\necho two`;
    const second = heredocDelimiter(script, 'abc');
    expect(second).not.toBe(first);
    expect(script.split('\n')).not.toContain(second);
  });

  it('refuses values that could break out of their quotes', () => {
    expect(() => renderLinuxUserData(template, { ...values, agentUrl: "http://x/'; rm -rf /" })).toThrow(/quotes/);
    expect(() => renderLinuxUserData(template, { ...values, tokenSha256: 'XYZ' })).toThrow(/hex/);
    expect(() => renderLinuxUserData(template, { ...values, tlsKeyPem: "x'\nrm -rf /" })).toThrow(/PEM/);
  });

  it('measures oversize scripts and refuses them with the size and the limit', () => {
    const spec = {
      profileId: 'p',
      region: 'us-east-1',
      name: 'n',
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      agentPort: 8443,
      keepAgentOpen: false,
      installScript: 'x'.repeat(USER_DATA_LIMIT_BYTES),
    };
    // Inline (no artifact store to move the script to): the user data a launch would send, longest values.
    const inline = (installScript: string) =>
      planUserData({ linux: template, windows: template }, { ...spec, installScript }, 'linux', false).estimate;
    const estimate = inline(spec.installScript);
    expect(estimate.fits).toBe(false);
    expect(() => assertUserDataFits(estimate)).toThrow(/would be [\d,]+ bytes; EC2 accepts at most 16,384/);
    expect(inline('echo ok').fits).toBe(true);
  });
});
