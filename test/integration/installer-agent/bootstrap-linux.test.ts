/**
 * The rendered Linux bootstrap, run for real with bash, in a hermetic PATH: the distribution's tools (`apt-get`,
 * `apt-cache`, `dnf`) and an old `node` are stubs that play Ubuntu 22.04 (Node 12), Debian 12 (Node 18 from apt) and
 * Amazon Linux 2023 (Node 18 from dnf); there is no systemctl, firewall-cmd or ufw on that PATH, and the test is
 * skipped where /run/systemd/system exists, so nothing on this machine is installed or changed. The real agent
 * bundle is fetched over file://, started with nohup (as without systemd), and relays the install script over TLS.
 * A launch from an image Kiln baked with keepAgent is played too: the first boot's agent seals the machine, and the
 * next boot finds the kept agent and does not download it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { fetchAgentHostKeys } from '../../../electron/core/agent-link/agent-host-keys';
import { sealThroughAgent } from '../../../electron/core/agent-link/agent-seal';
import { renderLinuxUserData } from '../../../electron/core/launch/user-data';
import { EventsResponse, type AgentEvent } from '../../../installer-agent/src/protocol/events';
import { agentBundlePath } from '../../support/agent-bundle';
import { waitFor } from '../../support/wait';
import { freePort } from '../../support/free-port';

/** agent.json as the bootstrap wrote it (compared whole where it matters, so not parsed by the agent's schema). */
type AgentJson = Record<string, unknown>;

const TEMPLATE = join(__dirname, '../../../assets/bootstrap/linux.sh');
const TOOLS = [
  'mkdir',
  'sed',
  'awk',
  'curl',
  'sha256sum',
  'rm',
  'tar',
  'gzip',
  'uname',
  'mv',
  'cat',
  'grep',
  'nohup',
  'sleep',
  'env',
];
const hasSystemd = existsSync('/run/systemd/system');

let bundle = '';
let bundleSha256 = '';
const dirs: string[] = [];
const agentPids: number[] = [];

beforeAll(async () => {
  bundle = await agentBundlePath();
  bundleSha256 = createHash('sha256')
    .update(await readFile(bundle))
    .digest('hex');
}, 60_000);

afterEach(async () => {
  for (const pid of agentPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

type Distro = 'ubuntu-22.04' | 'debian-12' | 'al2023';

interface Machine {
  dir: string;
  root: string;
  bin: string;
  port: number;
  token: string;
  certPem: string;
  keyPem: string;
}

/** A fake machine: a hermetic bin directory with real basic tools, stubs for the package managers and an old node. */
async function makeMachine(distro: Distro): Promise<Machine> {
  const dir = await mkdtemp(join(tmpdir(), 'kiln-bootstrap-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const tool of TOOLS)
    await symlink(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
  const stub = async (name: string, body: string): Promise<void> => {
    await writeFile(join(bin, name), `#!/bin/bash\necho "${name} $*" >> '${dir}/calls.log'\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  };
  // `node` is Node 12 until a package manager "installs" Node 18 (then it is this machine's real node).
  await writeFile(
    join(bin, 'node'),
    `#!/bin/bash\nif [ -e '${dir}/node-installed' ]; then exec '${process.execPath}' "$@"; fi\n[ "$1" = --version ] && echo v12.22.9\nexit 1\n`,
  );
  await chmod(join(bin, 'node'), 0o755);
  const candidate = distro === 'debian-12' ? '18.19.0+dfsg-6~deb12u2' : '12.22.9~dfsg-1ubuntu3.6';
  if (distro === 'al2023') {
    await stub('dnf', `[ "$1" = install ] && : > '${dir}/node-installed'; exit 0`);
  } else {
    await stub('apt-cache', `echo "nodejs:"; echo "  Installed: (none)"; echo "  Candidate: ${candidate}"`);
    await stub('apt-get', `[ "$1" = install ] && : > '${dir}/node-installed'; exit 0`);
  }
  const certificate = createAgentCertificate({
    commonName: 'kiln-agent test',
    altNames: ['127.0.0.1'],
    notBefore: new Date(),
    validDays: 1,
  });
  return {
    dir,
    root: join(dir, 'root'),
    bin,
    port: await freePort(),
    token: randomBytes(24).toString('base64url'),
    certPem: certificate.certPem,
    keyPem: certificate.keyPem,
  };
}

/** A Node "tarball" like nodejs.org's: one top folder with bin/node (here a wrapper around this machine's node). */
async function makeNodeTarball(machine: Machine): Promise<{ url: string; sha256: string }> {
  const top = join(machine.dir, 'tarball', 'node-v20.19.0-linux-x64', 'bin');
  await mkdir(top, { recursive: true });
  await writeFile(join(top, 'node'), `#!/bin/bash\nexec '${process.execPath}' "$@"\n`);
  await chmod(join(top, 'node'), 0o755);
  const file = join(machine.dir, 'node-v20.19.0-linux-x64.tar.gz');
  execFileSync('tar', ['-czf', file, '-C', join(machine.dir, 'tarball'), 'node-v20.19.0-linux-x64']);
  return {
    url: `file://${file}`,
    sha256: createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
  };
}

function render(
  machine: Machine,
  tarball: { url: string; sha256: string },
  installScript: string,
  scriptArtifact?: { url: string; sha256: string },
  agentUrl = `file://${bundle}`,
): string {
  const template = execFileSync('cat', [TEMPLATE], { encoding: 'utf8' })
    .replace('{{NODE_TARBALL_URL}}', () => tarball.url)
    .replace('{{NODE_TARBALL_SHA256}}', () => tarball.sha256);
  return renderLinuxUserData(template, {
    launchId: 'bootstrap-test',
    agentPort: machine.port,
    agentUrl,
    agentSha256: bundleSha256,
    tokenSha256: createHash('sha256').update(machine.token).digest('hex'),
    tlsCertPem: machine.certPem,
    tlsKeyPem: machine.keyPem,
    installScript,
    installScriptUrl: scriptArtifact?.url,
    installScriptSha256: scriptArtifact?.sha256,
  }).text;
}

/** Runs the user data like cloud-init would (bash, as root here: this test runs in a throwaway container). */
async function runUserData(
  machine: Machine,
  userData: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const script = join(machine.dir, 'user-data');
  await writeFile(script, userData);
  const child = spawn('/bin/bash', [script], {
    cwd: machine.dir,
    env: { PATH: machine.bin, HOME: machine.dir, KILN_ROOT: machine.root, KILN_AGENT_BIND: '127.0.0.1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const pidFile = join(machine.root, 'run', 'agent.pid');
  if (existsSync(pidFile)) agentPids.push(Number((await readFile(pidFile, 'utf8')).trim()));
  return { code, output };
}

/** GET /v1/events over HTTPS, trusting exactly the launch's certificate (as Kiln pins it). */
function readEvents(machine: Machine): Promise<AgentEvent[]> {
  const fingerprint = new X509Certificate(machine.certPem).fingerprint256;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: machine.port,
        path: '/v1/events?after=0&limit=1000',
        headers: { authorization: `Bearer ${machine.token}` },
        ca: machine.certPem,
        checkServerIdentity: (_host, cert) =>
          cert.fingerprint256 === fingerprint ? undefined : new Error('certificate mismatch'),
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => {
          try {
            resolve(EventsResponse.parse(JSON.parse(body)).events);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const INSTALL = 'echo "installing on $(uname -s)"\necho "warning: nothing to do" >&2\nexit 0\n';
const describeLines = (events: AgentEvent[]): string[] =>
  events.map((e) => (e.kind === 'line' ? `${e.stream}:${e.text}` : `final:${e.result}`));

describe.skipIf(hasSystemd)('Linux bootstrap, run with bash', () => {
  it('Ubuntu 22.04 (distribution Node 12): installs Node from the verified tarball, starts the agent over TLS, relays the install', async () => {
    const machine = await makeMachine('ubuntu-22.04');
    const tarball = await makeNodeTarball(machine);
    const { code, output } = await runUserData(machine, render(machine, tarball, INSTALL));
    expect(output).toContain(`kiln-bootstrap: installing Node.js from ${tarball.url}`);
    expect(code, output).toBe(0);
    expect(output).toContain(`using Node.js ${process.version} at ${machine.root}/node/bin/node`);
    expect(await readFile(join(machine.dir, 'calls.log'), 'utf8')).not.toMatch(/apt-get install/);
    const events = await readEvents(machine);
    expect(describeLines(events)).toEqual([
      'stdout:installing on Linux',
      'stderr:warning: nothing to do',
      'final:success',
    ]);
    const config = JSON.parse(await readFile(join(machine.root, 'etc', 'agent.json'), 'utf8')) as AgentJson;
    expect(config).toEqual({
      bind: '127.0.0.1',
      port: machine.port,
      tokenSha256: createHash('sha256').update(machine.token).digest('hex'),
      dataDir: `${machine.root}/data`,
      tls: { certFile: `${machine.root}/etc/agent.crt`, keyFile: `${machine.root}/etc/agent.key` },
      sshHostKeyDir: '/etc/ssh',
      // No systemd and no cloud-init on this PATH: the agent runs from its pid file, and nothing resets first boot.
      root: machine.root,
      service: { kind: 'pidfile', pidFile: `${machine.root}/run/agent.pid` },
      firstBootReset: 'none',
    });
    expect(await readFile(join(machine.root, 'etc', 'agent.key'), 'utf8')).toBe(machine.keyPem.trimEnd() + '\n');
  }, 60_000);

  it('Debian 12 (distribution Node 18): installs it with apt-get, no tarball needed', async () => {
    const machine = await makeMachine('debian-12');
    const { code, output } = await runUserData(machine, render(machine, { url: '', sha256: '' }, 'echo done; exit 3'));
    expect(output).toContain('installing Node.js 18 from the distribution (apt)');
    expect(code).toBe(3);
    expect((await readFile(join(machine.dir, 'calls.log'), 'utf8')).trim().split('\n')).toEqual([
      'apt-get update -qq',
      'apt-cache policy nodejs',
      'apt-get install -y -qq nodejs',
    ]);
    const events = await readEvents(machine);
    expect(describeLines(events)).toEqual(['stdout:done', 'final:failure']);
    expect(events.at(-1)).toMatchObject({ exitCode: 3, message: 'install exited with code 3' });
  }, 60_000);

  it('Amazon Linux 2023: installs Node with dnf; the agent reports the host keys from KILN_SSH_HOST_KEY_DIR', async () => {
    const machine = await makeMachine('al2023');
    const sshDir = join(machine.dir, 'etc-ssh');
    await mkdir(sshDir);
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'root@al2023',
      '-f',
      join(sshDir, 'ssh_host_ed25519_key'),
    ]);
    const { code, output } = await runUserData(machine, render(machine, { url: '', sha256: '' }, 'echo ok'), {
      KILN_SSH_HOST_KEY_DIR: sshDir,
    });
    expect(output).toContain('installing Node.js from the distribution (dnf)');
    expect(code, output).toBe(0);
    expect(await readFile(join(machine.dir, 'calls.log'), 'utf8')).toBe('dnf install -y -q nodejs\n');
    expect(describeLines(await readEvents(machine))).toEqual(['stdout:ok', 'final:success']);
    expect(
      (JSON.parse(await readFile(join(machine.root, 'etc', 'agent.json'), 'utf8')) as AgentJson).sshHostKeyDir,
    ).toBe(sshDir);
    const pin = { certPem: machine.certPem, fingerprint256: new X509Certificate(machine.certPem).fingerprint256 };
    const hostKeys = await fetchAgentHostKeys({
      baseUrl: `https://127.0.0.1:${machine.port}`,
      token: machine.token,
      pin,
      signal: AbortSignal.timeout(15_000),
    });
    const [type, key] = (await readFile(join(sshDir, 'ssh_host_ed25519_key.pub'), 'utf8')).trim().split(' ');
    expect(hostKeys).toEqual({
      keys: [{ file: 'ssh_host_ed25519_key.pub', type, key, comment: 'root@al2023' }],
      problems: [],
    });
  }, 60_000);

  it('an install script from the artifact bucket: runs it when its SHA-256 matches, stops before running a tampered one', async () => {
    const machine = await makeMachine('al2023');
    const script = `echo "from the artifact"\necho ran > '${machine.dir}/ran'\n`;
    const file = join(machine.dir, 'install.sh');
    await writeFile(file, script);
    const good = { url: `file://${file}`, sha256: createHash('sha256').update(script).digest('hex') };

    // Tampered: the object is not the one whose SHA-256 Kiln put in the user data.
    const tampered = await runUserData(
      machine,
      render(machine, { url: '', sha256: '' }, 'unused', { ...good, sha256: 'f'.repeat(64) }),
    );
    expect(tampered.code).toBe(1);
    expect(tampered.output).toContain('kiln-bootstrap: error: install script checksum mismatch');
    expect(tampered.output).not.toContain('running the install script');
    expect(existsSync(join(machine.dir, 'ran'))).toBe(false);
    expect(existsSync(join(machine.root, 'install', 'install.sh'))).toBe(false);
    expect(existsSync(join(machine.root, 'run', 'agent.pid'))).toBe(false);

    const { code, output } = await runUserData(machine, render(machine, { url: '', sha256: '' }, 'unused', good));
    expect(code, output).toBe(0);
    expect(output).toContain('kiln-bootstrap: fetching the install script');
    expect(await readFile(join(machine.root, 'install', 'install.sh'), 'utf8')).toBe(script);
    expect(describeLines(await readEvents(machine))).toEqual(['stdout:from the artifact', 'final:success']);
  }, 60_000);

  it('fails clearly without a tarball URL, with a wrong checksum, and on a sandbox host without Node', async () => {
    const machine = await makeMachine('ubuntu-22.04');
    const none = await runUserData(machine, render(machine, { url: '', sha256: '' }, 'echo never'));
    expect(none.code).toBe(1);
    expect(none.output).toContain(
      'kiln-bootstrap: error: no Node.js >= 18 from the distribution, and no Node.js tarball URL is set in Kiln',
    );

    const tarball = await makeNodeTarball(machine);
    const wrong = await runUserData(
      machine,
      render(machine, { url: tarball.url, sha256: 'f'.repeat(64) }, 'echo never'),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain('kiln-bootstrap: error: Node.js tarball checksum mismatch');
    expect(existsSync(join(machine.root, 'node', 'bin', 'node'))).toBe(false);

    const sandbox = await runUserData(machine, render(machine, tarball, 'echo never'), { KILN_SANDBOX: '1' });
    expect(sandbox.code).toBe(1);
    expect(sandbox.output).toContain('kiln-bootstrap: error: Node.js >= 18 is required on the sandbox host');
    expect(existsSync(join(machine.root, 'run', 'agent.pid'))).toBe(false);
  }, 60_000);

  describe('a launch from an image Kiln baked with keepAgent', () => {
    /** Logs every curl call to calls.log, then runs the real curl: a download attempt cannot go unnoticed. */
    async function logCurl(machine: Machine): Promise<void> {
      const real = execFileSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim();
      await rm(join(machine.bin, 'curl'));
      await writeFile(
        join(machine.bin, 'curl'),
        `#!/bin/bash\necho "curl $*" >> '${machine.dir}/calls.log'\nexec '${real}' "$@"\n`,
      );
      await chmod(join(machine.bin, 'curl'), 0o755);
    }
    /** The next launch: another port, token and certificate, on the same disk. */
    async function relaunch(machine: Machine): Promise<Machine> {
      const certificate = createAgentCertificate({
        commonName: 'kiln-agent test 2',
        altNames: ['127.0.0.1'],
        notBefore: new Date(),
        validDays: 1,
      });
      await rm(join(machine.dir, 'calls.log'), { force: true });
      return {
        ...machine,
        port: await freePort(),
        token: randomBytes(24).toString('base64url'),
        certPem: certificate.certPem,
        keyPem: certificate.keyPem,
      };
    }
    const pinOf = (machine: Machine) => ({
      certPem: machine.certPem,
      fingerprint256: new X509Certificate(machine.certPem).fingerprint256,
    });
    // Only a machine without cloud-init's own directory gets the stub: the seal cleans /var/lib/cloud/instance.
    const stubCloudInit = !existsSync('/var/lib/cloud');

    it('first boot, seal through the agent, next boot: the kept agent is current, so nothing is downloaded', async () => {
      const machine = await makeMachine('al2023');
      await logCurl(machine);
      if (stubCloudInit) {
        await writeFile(
          join(machine.bin, 'cloud-init'),
          `#!/bin/bash\necho "cloud-init $*" >> '${machine.dir}/calls.log'\n`,
        );
        await chmod(join(machine.bin, 'cloud-init'), 0o755);
      }
      const first = await runUserData(machine, render(machine, { url: '', sha256: '' }, 'echo first boot'));
      expect(first.code, first.output).toBe(0);
      expect(first.output).toContain('kiln-bootstrap: fetching the agent');
      expect(await readFile(join(machine.dir, 'calls.log'), 'utf8')).toContain(
        `curl -fsSL --retry 5 --retry-delay 2 -o ${machine.root}/bin/kiln-agent.cjs.part file://${bundle}`,
      );
      const config = JSON.parse(await readFile(join(machine.root, 'etc', 'agent.json'), 'utf8')) as AgentJson;
      expect(config.firstBootReset).toBe(stubCloudInit ? 'cloud-init' : 'none');
      expect(describeLines(await readEvents(machine))).toEqual(['stdout:first boot', 'final:success']);

      const agentPid = Number((await readFile(join(machine.root, 'run', 'agent.pid'), 'utf8')).trim());
      const report = await sealThroughAgent({
        baseUrl: `https://127.0.0.1:${machine.port}`,
        token: machine.token,
        pin: pinOf(machine),
        keepAgent: true,
        signal: AbortSignal.timeout(20_000),
      });
      expect(report.kept).toEqual([`${machine.root}/bin/kiln-agent.cjs`]);
      expect(report.actions).toEqual(stubCloudInit ? [{ command: 'cloud-init clean --logs --seed', ok: true }] : []);
      if (stubCloudInit)
        expect(await readFile(join(machine.dir, 'calls.log'), 'utf8')).toContain('cloud-init clean --logs --seed\n');
      await waitFor(
        'the sealed agent to exit',
        () => {
          try {
            process.kill(agentPid, 0);
            return false;
          } catch {
            return true;
          }
        },
        10_000,
        50,
      );
      expect(execFileSync('find', [machine.root], { encoding: 'utf8' }).trim().split('\n').sort()).toEqual([
        machine.root,
        `${machine.root}/bin`,
        `${machine.root}/bin/kiln-agent.cjs`,
      ]);

      // The image boots as a new instance: a URL that does not exist proves the bundle is not fetched.
      const next = await relaunch(machine);
      const second = await runUserData(
        next,
        render(next, { url: '', sha256: '' }, 'echo second boot', undefined, 'file:///nonexistent/kiln-agent.cjs'),
      );
      expect(second.code, second.output).toBe(0);
      expect(second.output).toContain(
        `kiln-bootstrap: the agent from the image is current (sha256 ${bundleSha256}); not downloading`,
      );
      expect(second.output).not.toContain('fetching the agent');
      expect(
        existsSync(join(machine.dir, 'calls.log')) ? await readFile(join(machine.dir, 'calls.log'), 'utf8') : '',
      ).not.toContain('curl');
      expect(describeLines(await readEvents(next))).toEqual(['stdout:second boot', 'final:success']);
    }, 90_000);

    it('a bundle in the image whose SHA-256 is not the one Kiln names is replaced by the download', async () => {
      const machine = await makeMachine('al2023');
      await logCurl(machine);
      await mkdir(join(machine.root, 'bin'), { recursive: true });
      await writeFile(join(machine.root, 'bin', 'kiln-agent.cjs'), '// an older agent\n');
      const { code, output } = await runUserData(machine, render(machine, { url: '', sha256: '' }, 'echo replaced'));
      expect(code, output).toBe(0);
      expect(output).toContain('kiln-bootstrap: fetching the agent');
      expect(output).not.toContain('from the image');
      expect(output).not.toContain('FAILED');
      expect(await readFile(join(machine.dir, 'calls.log'), 'utf8')).toContain(`file://${bundle}`);
      expect(
        createHash('sha256')
          .update(await readFile(join(machine.root, 'bin', 'kiln-agent.cjs')))
          .digest('hex'),
      ).toBe(bundleSha256);
      expect(describeLines(await readEvents(machine))).toEqual(['stdout:replaced', 'final:success']);
    }, 60_000);
  });
});
