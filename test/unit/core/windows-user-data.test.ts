// Kiln's Windows user data renderer (the template's own rules are tested in test/unit/bootstrap/windows-bootstrap).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { assertUserDataFits, planUserData } from '../../../electron/core/launch/preflight';
import {
  renderUserData,
  renderWindowsUserData,
  WINDOWS_USER_DATA_LIMIT_BYTES,
} from '../../../electron/core/launch/user-data';

const assets = path.join(__dirname, '../../../assets/bootstrap');
const templates = {
  linux: readFileSync(path.join(assets, 'linux.sh'), 'utf8'),
  windows: readFileSync(path.join(assets, 'windows.ps1'), 'utf8'),
};
const certificate = createAgentCertificate({ commonName: 'kiln-agent test', notBefore: new Date(), validDays: 1 });
const values = {
  tlsCertPem: certificate.certPem,
  tlsKeyPem: certificate.keyPem,
  launchId: '3f2a9c1e-0000-4000-8000-000000000001',
  agentPort: 8443,
  agentUrl: 'https://kiln-artifacts.s3.amazonaws.com/agent.cjs?X-Amz-Signature=abc',
  agentSha256: 'a'.repeat(64),
  tokenSha256: 'b'.repeat(64),
  installScript: "Install-WindowsFeature Web-Server\n</powershell>\nWrite-Output 'caf\u00e9'\n",
};

describe('renderWindowsUserData', () => {
  it('renders one EC2Launch v2 <powershell> block with the script as base64 and every placeholder filled', () => {
    const rendered = renderWindowsUserData(templates.windows, values);
    expect(rendered.text.startsWith('<powershell>\n')).toBe(true);
    expect(rendered.text.match(/<\/?powershell>/gi)).toEqual(['<powershell>', '</powershell>']);
    expect(rendered.text).not.toMatch(/\{\{[A-Z0-9_]+\}\}/);
    expect(rendered.text).toContain('$AgentPort = 8443\n');
    expect(rendered.text).toContain(`$AgentUrl = '${values.agentUrl}'`);
    const base64 = /\$InstallScriptBase64 = '([A-Za-z0-9+/=]*)'/.exec(rendered.text)?.[1];
    expect(Buffer.from(base64 ?? '', 'base64').toString('utf8')).toBe(values.installScript);
    expect(rendered).toMatchObject({
      limitBytes: WINDOWS_USER_DATA_LIMIT_BYTES,
      fits: true,
      bytes: Buffer.byteLength(rendered.text),
    });
  });

  it('inline: leaves the download branch empty so the bootstrap decodes the embedded script', () => {
    const rendered = renderWindowsUserData(templates.windows, values);
    expect(rendered.text).toContain("$InstallScriptUrl = ''\n");
    expect(rendered.text).toContain("$InstallScriptSha256 = ''\n");
  });

  it('artifact: embeds no script, only its URL and SHA-256, and downloads and verifies it before writing install.ps1', () => {
    const url = 'https://kiln-artifacts-1-us-east-1.s3.amazonaws.com/artifacts/c/install.ps1?X-Amz-Signature=def';
    const large = {
      ...values,
      installScript: 'Write-Output line\n'.repeat(2_000),
      installScriptUrl: url,
      installScriptSha256: 'c'.repeat(64),
    };
    const rendered = renderWindowsUserData(templates.windows, large);
    expect(rendered.fits).toBe(true);
    expect(rendered.text).toContain("$InstallScriptBase64 = ''\n");
    expect(rendered.text).not.toContain('Write-Output line');
    expect(rendered.text).toContain(`$InstallScriptUrl = '${url}'\n`);
    expect(rendered.text).toContain(`$InstallScriptSha256 = '${'c'.repeat(64)}'\n`);
    // The download goes through the same checked download as the agent (Get-Verified dies on a wrong SHA-256), and
    // is read before install.ps1 is written.
    const branch = rendered.text.slice(
      rendered.text.indexOf('if ($InstallScriptUrl) {'),
      rendered.text.indexOf('$prologue ='),
    );
    expect(branch).toMatch(/Get-Verified \$InstallScriptUrl \$InstallScriptSha256 \$scriptPart 'the install script'\n/);
    expect(branch).toMatch(/\$installScript = \[IO\.File\]::ReadAllText\(\$scriptPart/);
    expect(branch).toMatch(
      /} else {\n {2}\$installScript = \[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\(\$InstallScriptBase64\)\)/,
    );
    expect(rendered.text.indexOf('function Get-Verified')).toBeLessThan(
      rendered.text.indexOf('if ($InstallScriptUrl) {'),
    );
  });

  it('refuses a script URL without its SHA-256, or a malformed one', () => {
    expect(() =>
      renderWindowsUserData(templates.windows, { ...values, installScriptUrl: 'https://x/install.ps1' }),
    ).toThrow(/SHA-256/);
    expect(() =>
      renderWindowsUserData(templates.windows, {
        ...values,
        installScriptUrl: 'https://x/i',
        installScriptSha256: 'XYZ',
      }),
    ).toThrow(/SHA-256/);
    expect(() =>
      renderWindowsUserData(templates.windows, {
        ...values,
        installScriptUrl: "https://x/'; evil",
        installScriptSha256: 'c'.repeat(64),
      }),
    ).toThrow(/quotes/);
  });

  it('refuses values that could leave their quotes, like the Linux renderer', () => {
    expect(() =>
      renderWindowsUserData(templates.windows, { ...values, agentUrl: "https://x/'; Remove-Item C:\\ -Recurse; '" }),
    ).toThrow(/quotes/);
    expect(() => renderWindowsUserData(templates.windows, { ...values, tokenSha256: 'XYZ' })).toThrow(/hex/);
  });

  it('is what renderUserData picks for Windows AMIs, and the Linux bootstrap otherwise', () => {
    expect(renderUserData('windows', templates, values).text.startsWith('<powershell>')).toBe(true);
    expect(renderUserData('linux', templates, values).text.startsWith('#!/bin/bash\n')).toBe(true);
  });

  it('size-checks against the Windows rendering: the base64 script costs 4/3 of its bytes', () => {
    const spec = {
      profileId: 'p',
      region: 'us-east-1',
      name: 'n',
      imageId: 'ami-b7e93bce',
      instanceType: 't3.micro',
      agentPort: 8443,
      keepAgentOpen: false,
      installScript: 'x'.repeat(5_000),
    };
    // 5,000 bytes of script fit as Linux user data, but not as base64 inside the PowerShell bootstrap.
    expect(planUserData(templates, spec, 'linux', false).estimate.fits).toBe(true);
    const windows = planUserData(templates, spec, 'windows', false).estimate;
    expect(windows.fits).toBe(false);
    expect(() => assertUserDataFits(windows)).toThrow(/EC2 accepts at most 16,384/);
  });
});
