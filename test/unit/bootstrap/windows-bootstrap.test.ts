/**
 * The Windows bootstrap template (assets/bootstrap/windows.ps1). PowerShell cannot run here, so this renders it with
 * Kiln's `renderWindowsUserData` (one pass, values that cannot leave their quotes, the script as base64), then checks
 * the result: placeholders, EC2Launch v2 framing, balanced quotes and brackets
 * (a stand-in for a parser), the commands that matter, and the size.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_DATA_LIMIT_BYTES } from '../../../electron/common/models';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { renderWindowsUserData, type BootstrapValues } from '../../../electron/core/launch/user-data';

const template = readFileSync(path.join(__dirname, '../../../assets/bootstrap/windows.ps1'), 'utf8');

/** Kiln's own Windows renderer, so these checks hold for the user data that launches send. */
const renderWindows = (text: string, values: BootstrapValues): string => renderWindowsUserData(text, values).text;

const certificate = createAgentCertificate({ commonName: 'kiln-agent test', notBefore: new Date(), validDays: 1 });
const NODE_ZIP_URL = 'https://nodejs.org/dist/v20.19.0/node-v20.19.0-win-x64.zip';
const values: BootstrapValues = {
  launchId: '3f2a9c1e-0000-4000-8000-000000000001',
  agentPort: 8443,
  agentUrl: 'https://kiln-artifacts.s3.amazonaws.com/agent.cjs?X-Amz-Signature=abc&X-Amz-Expires=900',
  agentSha256: 'a'.repeat(64),
  tokenSha256: 'b'.repeat(64),
  tlsCertPem: certificate.certPem,
  tlsKeyPem: certificate.keyPem,
  nodeTarballUrl: NODE_ZIP_URL,
  nodeTarballSha256: 'c'.repeat(64),
  installScript:
    "Write-Output 'Installing IIS'\nInstall-WindowsFeature Web-Server\n'@\n</powershell>\nWrite-Output \"caf\u00e9 \u2713\"\nexit $LASTEXITCODE\n",
};

/**
 * Strips PowerShell strings and comments and checks that quotes close and brackets balance: a small lexer for the
 * subset this template uses ('…' with '' escapes, "…" with ` escapes and $(…) inside, @'…'@ here-strings, # comments).
 */
function checkStructure(script: string): string[] {
  const problems: string[] = [];
  const stack: Array<{ char: string; line: number }> = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  let line = 1;
  for (let i = 0; i < script.length; i += 1) {
    const c = script[i];
    if (c === '\n') line += 1;
    else if (c === '#') while (i + 1 < script.length && script[i + 1] !== '\n') i += 1;
    else if (c === '`') i += 1;
    else if (c === "'") {
      const start = line;
      for (i += 1; ; i += 1) {
        if (i >= script.length) return [...problems, `unclosed ' from line ${start}`];
        if (script[i] === '\n') line += 1;
        if (script[i] === "'" && script[i + 1] === "'") i += 1;
        else if (script[i] === "'") break;
      }
    } else if (c === '"') {
      const start = line;
      let depth = 0;
      for (i += 1; ; i += 1) {
        if (i >= script.length) return [...problems, `unclosed " from line ${start}`];
        const d = script[i];
        if (d === '\n') line += 1;
        if (d === '`') i += 1;
        else if (d === '$' && script[i + 1] === '(') {
          depth += 1;
          i += 1;
        } else if (d === ')' && depth > 0) depth -= 1;
        else if (d === '"' && depth === 0) break;
      }
    } else if ('({['.includes(c)) stack.push({ char: c, line });
    else if (c in pairs) {
      const open = stack.pop();
      if (open?.char !== pairs[c]) problems.push(`unbalanced ${c} on line ${line}`);
    }
  }
  for (const open of stack) problems.push(`unclosed ${open.char} from line ${open.line}`);
  return problems;
}

const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]))].sort();

describe('Windows bootstrap template', () => {
  it('uses the Linux placeholders that apply, and the install script as base64', () => {
    expect(placeholders(template)).toEqual([
      'AGENT_PORT',
      'AGENT_SHA256',
      'AGENT_URL',
      'INSTALL_SCRIPT_BASE64',
      'INSTALL_SCRIPT_SHA256',
      'INSTALL_SCRIPT_URL',
      'LAUNCH_ID',
      'NODE_TARBALL_SHA256',
      'NODE_TARBALL_URL',
      'TLS_CERT_PEM',
      'TLS_KEY_PEM',
      'TOKEN_SHA256',
    ]);
    for (const name of [
      'AGENT_URL',
      'AGENT_SHA256',
      'TOKEN_SHA256',
      'NODE_TARBALL_URL',
      'NODE_TARBALL_SHA256',
      'INSTALL_SCRIPT_BASE64',
      'TLS_CERT_PEM',
      'TLS_KEY_PEM',
    ]) {
      expect(template).toContain(`'{{${name}}}'`);
    }
    expect(template).toContain('$AgentPort = {{AGENT_PORT}}\n');
    // eslint-disable-next-line no-control-regex -- every ASCII character, control characters included
    expect(template).toMatch(/^[\x00-\x7f]*$/);
  });

  it('renders to one EC2Launch v2 <powershell> block whose quotes and brackets balance', () => {
    const text = renderWindows(template, values);
    expect(placeholders(text)).toEqual([]);
    expect(text.startsWith('<powershell>\n')).toBe(true);
    expect(text.endsWith('</powershell>\n')).toBe(true);
    // The script's own "</powershell>" and "'@" lines travel inside base64, so the framing holds.
    expect(text.match(/<\/?powershell>/gi)).toEqual(['<powershell>', '</powershell>']);
    expect(checkStructure(template)).toEqual([]);
    expect(checkStructure(text)).toEqual([]);
    const base64 = /\$InstallScriptBase64 = '([A-Za-z0-9+/=]*)'/.exec(text)?.[1];
    expect(Buffer.from(base64 ?? '', 'base64').toString('utf8')).toBe(values.installScript);
    expect(text).toContain(`[IO.File]::WriteAllText($CertFile, '${certificate.certPem.trimEnd()}' + "\`n", $utf8)`);
  });

  it('renders the download branch balanced too: the script from its URL, checked by Get-Verified before install.ps1', () => {
    const url = 'https://kiln-artifacts.s3.amazonaws.com/artifacts/d/install.ps1?X-Amz-Signature=def';
    const text = renderWindows(template, {
      ...values,
      installScript: 'Write-Output big\n'.repeat(3_000),
      installScriptUrl: url,
      installScriptSha256: 'd'.repeat(64),
    });
    expect(checkStructure(text)).toEqual([]);
    expect(text).not.toContain('Write-Output big');
    expect(text).toContain(`$InstallScriptUrl = '${url}'`);
    expect(text).toContain("Get-Verified $InstallScriptUrl $InstallScriptSha256 $scriptPart 'the install script'");
    expect(text.indexOf("'the install script'")).toBeLessThan(text.indexOf('[IO.File]::WriteAllText($InstallPs1'));
    expect(Buffer.byteLength(text)).toBeLessThan(USER_DATA_LIMIT_BYTES);
  });

  it('the structure check itself catches what it is there for', () => {
    expect(checkStructure("if ($a) { Say 'x' ")).toEqual(['unclosed { from line 1']);
    expect(checkStructure('Say "x $(Get-Date) y')).toEqual(['unclosed " from line 1']);
    expect(checkStructure("Say 'it''s fine' # (comment")).toEqual([]);
  });

  it('refuses values that could leave their quotes', () => {
    expect(() => renderWindows(template, { ...values, agentUrl: "https://x/'; Remove-Item C:\\ -Recurse; '" })).toThrow(
      /quotes/,
    );
    expect(() => renderWindows(template, { ...values, nodeTarballUrl: 'https://x/\n' })).toThrow(/quotes/);
    expect(() => renderWindows(template, { ...values, tokenSha256: 'XYZ' })).toThrow(/hex/);
  });

  it('verifies both downloads, opens the port, runs serve as a SYSTEM task at startup, and the script through the agent', () => {
    const text = renderWindows(template, values);
    expect(text).toContain("Get-Verified $NodeZipUrl $NodeZipSha256 $zip 'the Node.js zip'");
    expect(text).toContain(`Get-Verified $AgentUrl $AgentSha256 "$AgentJs.part" 'the agent bundle'`);
    expect(text).toContain('(Get-FileHash -Algorithm SHA256 -Path $OutFile).Hash.ToLowerInvariant()');
    expect(text).toContain(
      'netsh.exe advfirewall firewall add rule name=Kiln-agent dir=in action=allow protocol=TCP localport=$AgentPort',
    );
    expect(text).toContain('New-ScheduledTaskTrigger -AtStartup');
    expect(text).toContain("New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest");
    expect(text).toContain('-ExecutionTimeLimit ([TimeSpan]::Zero)');
    expect(text).toContain(
      "& $Node $AgentJs run --config $Config --name install '--' powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $InstallPs1",
    );
    expect(text).toMatch(/\$code = \$LASTEXITCODE\n[\s\S]*exit \$code\n<\/powershell>\n$/);
    // The config and PEM files carry no byte order mark; the .ps1 files do (Windows PowerShell 5.1 needs it).
    expect(text).toContain('$utf8 = New-Object Text.UTF8Encoding $false');
    expect(text).toContain(
      '[IO.File]::WriteAllText($InstallPs1, "$prologue`r`n$installScript`r`n", (New-Object Text.UTF8Encoding $true))',
    );
  });

  it('writes what a seal needs into the config: root, the scheduled task the agent runs as, EC2Launch v2', () => {
    const text = renderWindows(template, values);
    expect(text).toContain("$TaskName = 'Kiln agent'\n");
    expect(text).toContain(
      "  root = $KilnRoot; service = @{ kind = 'scheduled-task'; name = $TaskName }; firstBootReset = 'ec2launch-v2'\n",
    );
    expect(text).toContain('Register-ScheduledTask -TaskName $TaskName -Action');
    expect(text).toContain('Start-ScheduledTask -TaskName $TaskName\n');
    expect(text).not.toContain("-TaskName 'Kiln agent'");
  });

  it('the supervisor loop ends once a seal removed the config, cleans up what serve held open and unregisters the task', () => {
    const text = renderWindows(template, values);
    const loop = /\$loop = "([\s\S]*?)"\n\[IO\.File\]::WriteAllText\(\$supervisor/.exec(text)?.[1] ?? '';
    expect(loop.split('\n')).toEqual([
      "while (Test-Path '$Config') { & '$Node' '$AgentJs' serve --config '$Config' *>> '$serveLog'; Start-Sleep -Seconds 1 }",
      "`$gone = @('$KilnRoot\\run') + @(if (-not (Test-Path '$AgentJs')) { '$KilnRoot\\node' })",
      "Remove-Item `$gone -Recurse -Force -ErrorAction Ignore; Unregister-ScheduledTask '$TaskName' -Confirm:`$false",
    ]);
    expect(checkStructure(`"${loop}"`)).toEqual([]);
  });

  it('uses the agent an image kept when its SHA-256 is the one Kiln names, and downloads it otherwise', () => {
    const text = renderWindows(template, values);
    const check =
      'if ((Test-Path $AgentJs) -and (Get-FileHash $AgentJs).Hash -eq $AgentSha256) {\n' +
      '  Say "the agent from the image is current (sha256 $AgentSha256); not downloading"\n} else {\n' +
      "  Say 'fetching the agent'\n  Get-Verified $AgentUrl $AgentSha256 \"$AgentJs.part\" 'the agent bundle'\n";
    expect(text).toContain(check);
    // -eq on strings ignores case in PowerShell: Get-FileHash answers upper-case hex, Kiln writes lower-case.
    expect(text.indexOf("$AgentJs = Join-Path $KilnRoot 'bin\\kiln-agent.cjs'")).toBeLessThan(text.indexOf(check));
  });

  it('stays small: template and rendered sizes, with a 2 KiB presigned agent URL', () => {
    const long = 'x'.repeat(2_048);
    const templateBytes = Buffer.byteLength(template);
    const size = (nodeTarballUrl: string): number =>
      Buffer.byteLength(renderWindows(template, { ...values, agentUrl: long, nodeTarballUrl, installScript: '' }));
    const room = (overhead: number): number => Math.floor(((USER_DATA_LIMIT_BYTES - overhead) * 3) / 4);
    const nodejsOrg = size(NODE_ZIP_URL);
    const presigned = size(long);
    console.info(
      `windows.ps1: template ${templateBytes} bytes; rendered without script ${nodejsOrg} bytes (nodejs.org zip URL, ` +
        `room for ~${room(nodejsOrg)} bytes of script) or ${presigned} bytes (2 KiB zip URL, room for ~${room(presigned)})`,
    );
    // 8.5 KiB since the download branch for scripts too large for user data; the room below is what matters.
    expect(templateBytes).toBeLessThan(8.5 * 1024);
    // 4 KiB before the seal: its config fields, the check for an agent kept in a Kiln-baked image and the supervisor's
    // clean-up cost ~650 bytes (~490 of room, base64). A larger script is not refused: Kiln puts it in the artifact
    // bucket and the bootstrap downloads it.
    expect(room(nodejsOrg)).toBeGreaterThan(3.5 * 1024);
  });
});
