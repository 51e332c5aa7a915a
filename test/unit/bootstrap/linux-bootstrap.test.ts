/**
 * The Linux bootstrap template (assets/bootstrap/linux.sh) as Kiln renders it: placeholders, quoting, size, and a
 * syntax check (bash -n, and shellcheck where installed). Running it is covered in
 * test/integration/installer-agent/bootstrap-linux.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_DATA_LIMIT_BYTES } from '../../../electron/common/models';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { AGENT_URL_BUDGET, renderLinuxUserData } from '../../../electron/core/launch/user-data';

const template = readFileSync(path.join(__dirname, '../../../assets/bootstrap/linux.sh'), 'utf8');

const certificate = createAgentCertificate({ commonName: 'kiln-agent test', notBefore: new Date(), validDays: 1 });
const values = {
  tlsCertPem: certificate.certPem,
  tlsKeyPem: certificate.keyPem,
  launchId: '3f2a9c1e-0000-4000-8000-000000000001',
  agentPort: 8443,
  agentUrl: 'https://kiln-artifacts.s3.amazonaws.com/agent.cjs?X-Amz-Signature=abc&X-Amz-Expires=900',
  agentSha256: 'a'.repeat(64),
  tokenSha256: 'b'.repeat(64),
  installScript: 'echo "hello $USER"\nexit 0\n',
};

/** Values for the placeholders this template adds; filled before the app's renderer, which may not know them yet. */
const nodeTarball = { url: 'https://nodejs.org/dist/v20.19.0/node-v20.19.0-linux-x64.tar.xz', sha256: 'c'.repeat(64) };

function render(overrides: Partial<typeof values> = {}, tarball = nodeTarball): string {
  const withNode = template
    .replace('{{NODE_TARBALL_URL}}', () => tarball.url)
    .replace('{{NODE_TARBALL_SHA256}}', () => tarball.sha256);
  return renderLinuxUserData(withNode, { ...values, ...overrides }).text;
}

const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]))].sort();

describe('Linux bootstrap template', () => {
  it('uses exactly the placeholders Kiln fills (the existing ones, plus the Node tarball URL and its SHA-256)', () => {
    expect(placeholders(template)).toEqual([
      'AGENT_PORT',
      'AGENT_SHA256',
      'AGENT_URL',
      'INSTALL_SCRIPT',
      'INSTALL_SCRIPT_SHA256',
      'INSTALL_SCRIPT_URL',
      'LAUNCH_ID',
      'NODE_TARBALL_SHA256',
      'NODE_TARBALL_URL',
      'SCRIPT_DELIMITER',
      'TLS_CERT_PEM',
      'TLS_KEY_PEM',
      'TOKEN_SHA256',
    ]);
    // Each value is single-quoted (the renderer refuses quotes and newlines in them), or a number.
    for (const name of [
      'AGENT_URL',
      'AGENT_SHA256',
      'TOKEN_SHA256',
      'NODE_TARBALL_URL',
      'NODE_TARBALL_SHA256',
      'INSTALL_SCRIPT_URL',
      'INSTALL_SCRIPT_SHA256',
    ]) {
      expect(template).toContain(`='{{${name}}}'\n`);
    }
    expect(template).toContain('AGENT_PORT={{AGENT_PORT}}\n');
  });

  it('renders to a bash script that parses, with every value in place', () => {
    const text = render();
    expect(placeholders(text)).toEqual([]);
    expect(text.startsWith('#!/bin/bash\n')).toBe(true);
    expect(text).toContain(`NODE_TARBALL_URL='${nodeTarball.url}'`);
    expect(text).toContain(`NODE_TARBALL_SHA256='${nodeTarball.sha256}'`);
    expect(text).toContain(`<<'KILN_CERT'\n${certificate.certPem.trimEnd()}\nKILN_CERT\n`);
    expect(text).toContain(`<<'KILN_KEY'\n${certificate.keyPem.trimEnd()}\nKILN_KEY\n`);
    expect(text).toContain('"tls": {"certFile": "$KILN_ROOT/etc/agent.crt", "keyFile": "$KILN_ROOT/etc/agent.key"}');
    expect(spawnSync('bash', ['-n'], { input: text }).status).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: render({}, { url: '', sha256: '' }) }).status).toBe(0);
  });

  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  it.skipIf(!shellcheck)('passes shellcheck once rendered', () => {
    const result = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: render(), encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('keeps the sandbox behaviour: no package manager, firewall or systemd, agent pid in run/agent.pid', () => {
    expect(template).toContain('KILN_ROOT="${KILN_ROOT:-/opt/kiln}"');
    expect(template).toContain('AGENT_BIND="${KILN_AGENT_BIND:-0.0.0.0}"');
    expect(template).toMatch(
      /\[ -n "\$\{KILN_SANDBOX:-\}" \] && die "Node\.js >= \$NODE_MIN_MAJOR is required on the sandbox host"/,
    );
    expect(template).toContain('if [ -z "${KILN_SANDBOX:-}" ]; then\n  if have firewall-cmd');
    // systemd and cloud-init are noted only outside the sandbox; the unit is written only when systemd was noted.
    expect(template).toMatch(
      /if \[ -z "\$\{KILN_SANDBOX:-\}" \]; then\n( {2}.*\n)* {2}\[ -d \/run\/systemd\/system \] && UNIT=\/etc\/systemd\/system\/kiln-agent\.service\n {2}have cloud-init && RESET=cloud-init\nfi\n/,
    );
    expect(template).toContain('if [ -n "$UNIT" ]; then\n  cat > "$UNIT" <<KILN_UNIT');
    expect(template).toContain('echo $! > "$KILN_ROOT/run/agent.pid"');
    expect(template).toMatch(
      /exec "\$NODE" "\$AGENT_JS" run --config "\$CONFIG" --name install -- \/bin\/bash "\$KILN_ROOT\/install\/install\.sh"\n$/,
    );
  });

  it('an install script too large for user data: only its URL and SHA-256 are rendered, and the download is checked', () => {
    const url = 'https://kiln-artifacts.s3.amazonaws.com/artifacts/d/install.sh?X-Amz-Signature=def';
    const text = render({
      installScript: 'echo big\n'.repeat(3_000),
      installScriptUrl: url,
      installScriptSha256: 'd'.repeat(64),
    } as Partial<typeof values>);
    expect(text).toContain(`INSTALL_SCRIPT_URL='${url}'\n`);
    expect(text).toContain(`INSTALL_SCRIPT_SHA256='${'d'.repeat(64)}'\n`);
    expect(text).not.toContain('echo big');
    expect(Buffer.byteLength(text)).toBeLessThan(USER_DATA_LIMIT_BYTES);
    expect(spawnSync('bash', ['-n'], { input: text }).status).toBe(0);
    expect(render()).toContain("INSTALL_SCRIPT_URL=''\n");
  });

  it('writes what a seal needs into the config: root, how the agent runs, what resets first boot', () => {
    expect(template).toContain("UNIT='' RESET=none\n");
    expect(template).toContain('SERVICE="\\"pidfile\\",\\"pidFile\\":\\"$KILN_ROOT/run/agent.pid\\""\n');
    expect(template).toContain(
      '[ -n "$UNIT" ] && SERVICE="\\"systemd\\",\\"unit\\":\\"kiln-agent.service\\",\\"unitFile\\":\\"$UNIT\\""\n',
    );
    expect(template).toContain(
      ' "root": "$KILN_ROOT", "service": {"kind":$SERVICE}, "firstBootReset": "$RESET"}\nKILN_CONFIG\n',
    );
    // The facts are settled before the config is written, and the unit can remove itself (ProtectSystem=full
    // makes /etc read-only for the agent otherwise).
    expect(template.indexOf('have cloud-init && RESET=cloud-init')).toBeLessThan(template.indexOf('cat > "$CONFIG"'));
    expect(template).toContain('ProtectSystem=full\nReadWritePaths=/etc/systemd/system\n');
  });

  it('uses the agent an image kept when its SHA-256 is the one Kiln names, and downloads it otherwise', () => {
    const check =
      'if echo "$AGENT_SHA256  $AGENT_JS" | sha256sum -c --quiet - &>/dev/null; then\n' +
      '  say "the agent from the image is current (sha256 $AGENT_SHA256); not downloading"\nelse\n  say "fetching the agent"\n' +
      '  fetch "$AGENT_URL" "$AGENT_JS.part"';
    expect(template).toContain(check);
    expect(template.indexOf('AGENT_JS="$KILN_ROOT/bin/kiln-agent.cjs"')).toBeLessThan(template.indexOf(check));
  });

  it('verifies every download against its SHA-256 before using it', () => {
    expect(template).toContain(
      'echo "$INSTALL_SCRIPT_SHA256  $INSTALL_SH.part" | sha256sum -c --quiet - || die "install script checksum mismatch"',
    );
    expect(template.indexOf('install script checksum mismatch')).toBeLessThan(
      template.indexOf('mv "$INSTALL_SH.part" "$INSTALL_SH"'),
    );
    expect(template).toContain(
      'echo "$NODE_TARBALL_SHA256  $tarball" | sha256sum -c --quiet - || die "Node.js tarball checksum mismatch"',
    );
    expect(template).toContain(
      'echo "$AGENT_SHA256  $AGENT_JS.part" | sha256sum -c --quiet - || die "agent bundle checksum mismatch"',
    );
    expect(template.indexOf('sha256sum -c --quiet - || die "Node.js')).toBeLessThan(template.indexOf('tar -xf'));
  });

  it('stays small: template and rendered sizes, with the longest URLs Kiln budgets for', () => {
    const templateBytes = Buffer.byteLength(template);
    const longest = render(
      { agentUrl: AGENT_URL_BUDGET, installScript: '' },
      { url: AGENT_URL_BUDGET, sha256: 'c'.repeat(64) },
    );
    const overhead = Buffer.byteLength(longest);
    // Reported in the test output so the numbers stay visible.
    console.info(
      `linux.sh: template ${templateBytes} bytes; rendered with two 2 KiB URLs and no script ${overhead} bytes; room left for the install script ${USER_DATA_LIMIT_BYTES - overhead} bytes`,
    );
    // 6.5 KiB since the download branch for scripts too large for user data, 7 KiB since the seal's config fields and
    // the check for an agent kept in a Kiln-baked image (~450 bytes, with ~270 of comments trimmed to pay for them).
    // The room below is what matters, and it is kept.
    expect(templateBytes).toBeLessThan(7 * 1024);
    // Scripts past this room are not refused: they go to the artifact bucket (the download branch costs ~0.5 KiB).
    expect(USER_DATA_LIMIT_BYTES - overhead).toBeGreaterThan(4.5 * 1024);
  });
});
