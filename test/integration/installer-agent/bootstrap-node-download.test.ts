/**
 * The Node.js download of the Linux bootstrap with the values Kiln resolves: the release is resolved on the
 * "workstation" from a local stand-in for nodejs.org/dist on 127.0.0.1 (no internet here), and the rendered user
 * data runs with bash on a fake Ubuntu 22.04 (stubbed apt, Node 12) in a temp dir with a hermetic PATH, as
 * bootstrap-linux.test.ts does. The stand-in's release is a fake whose bin/node is a shell script, unpacked under
 * the temp KILN_ROOT: this machine's Node.js is never replaced or run from it. The agent URL is a 404 on purpose, so
 * each run ends right after the Node.js step (the agent itself is bootstrap-linux.test.ts's subject).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { createNodeRuntimeResolver, type NodeRuntime } from '../../../electron/core/launch/node-runtime';
import { renderLinuxUserData } from '../../../electron/core/launch/user-data';
import { STAND_IN_VERSION, startNodeDistStandIn, type NodeDistStandIn } from '../../support/node-dist-stand-in';

const TEMPLATE = join(__dirname, '../../../assets/bootstrap/linux.sh');
const TOOLS = ['mkdir', 'sed', 'awk', 'curl', 'sha256sum', 'rm', 'tar', 'xz', 'uname', 'mv', 'cat', 'grep', 'env'];
const hasSystemd = existsSync('/run/systemd/system');
const certificate = createAgentCertificate({
  commonName: 'kiln-agent test',
  altNames: ['127.0.0.1'],
  notBefore: new Date(),
  validDays: 1,
});

let dist: NodeDistStandIn;
let runtime: NodeRuntime;
const dirs: string[] = [];

beforeAll(async () => {
  dist = await startNodeDistStandIn();
  runtime = await createNodeRuntimeResolver({ distUrl: dist.distUrl }).resolve('linux', 'x86_64');
});
afterAll(async () => {
  await dist?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Ubuntu 22.04 as far as the bootstrap can tell: apt offers Node 12 and `node` is Node 12. */
async function makeUbuntu2204(tools: readonly string[]): Promise<{ dir: string; root: string; bin: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kiln-node-download-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const tool of tools)
    await symlink(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
  const script = async (name: string, body: string) => {
    await writeFile(join(bin, name), `#!/bin/bash\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  };
  await script('node', '[ "$1" = --version ] && echo v12.22.9\nexit 1');
  await script('apt-cache', 'echo "nodejs:"; echo "  Candidate: 12.22.9~dfsg-1ubuntu3.6"');
  await script('apt-get', 'exit 0');
  return { dir, root: join(dir, 'root'), bin };
}

async function runBootstrap(node: { url: string; sha256: string }, tools: readonly string[] = TOOLS) {
  const machine = await makeUbuntu2204(tools);
  const userData = renderLinuxUserData(execFileSync('cat', [TEMPLATE], { encoding: 'utf8' }), {
    launchId: 'node-download-test',
    agentPort: 8443,
    agentUrl: `${dist.distUrl}no-agent-here.cjs`,
    agentSha256: '0'.repeat(64),
    tokenSha256: '0'.repeat(64),
    tlsCertPem: certificate.certPem,
    tlsKeyPem: certificate.keyPem,
    nodeTarballUrl: node.url,
    nodeTarballSha256: node.sha256,
    installScript: 'echo never',
  }).text;
  await writeFile(join(machine.dir, 'user-data'), userData);
  const child = spawn('/bin/bash', [join(machine.dir, 'user-data')], {
    cwd: machine.dir,
    env: { PATH: machine.bin, HOME: machine.dir, KILN_ROOT: machine.root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { ...machine, code, output };
}

describe.skipIf(hasSystemd)('the Linux bootstrap with the resolved Node.js release', () => {
  it('downloads the .tar.xz from the mirror, checks its SHA-256 and uses it', async () => {
    expect(runtime.url).toBe(`${dist.distUrl}v${STAND_IN_VERSION}/node-v${STAND_IN_VERSION}-linux-x64.tar.xz`);
    const run = await runBootstrap(runtime);
    expect(run.output).toContain(`kiln-bootstrap: installing Node.js from ${runtime.url}`);
    expect(run.output).toContain(`kiln-bootstrap: using Node.js v${STAND_IN_VERSION} at ${run.root}/node/bin/node`);
    // The run ends at the agent on purpose (see the top of this file).
    expect(run.output).toContain('kiln-bootstrap: error: could not download the agent bundle');
    expect(run.code).toBe(1);
    expect(dist.requests).toContain(`/dist/v${STAND_IN_VERSION}/node-v${STAND_IN_VERSION}-linux-x64.tar.xz`);
  }, 60_000);

  it('refuses a tarball whose SHA-256 is not the listed one, and unpacks nothing', async () => {
    const run = await runBootstrap({ url: runtime.url, sha256: 'f'.repeat(64) });
    expect(run.output).toContain('kiln-bootstrap: error: Node.js tarball checksum mismatch');
    expect(run.output).not.toContain('using Node.js');
    expect(run.code).toBe(1);
    expect(existsSync(join(run.root, 'node', 'bin', 'node'))).toBe(false);
  }, 60_000);

  it('says what is missing where the AMI has no xz to unpack it', async () => {
    const run = await runBootstrap(
      runtime,
      TOOLS.filter((tool) => tool !== 'xz'),
    );
    expect(run.output).toContain(
      'kiln-bootstrap: error: xz is needed to unpack the Node.js tarball; install xz (xz-utils) in the AMI',
    );
    expect(run.code).toBe(1);
  }, 60_000);
});
