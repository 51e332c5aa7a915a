// Every sandbox instance runs a real OpenSSH sshd on its loopback address: the launch key pair logs in, keys pushed
// with EC2 Instance Connect work for the TTL only (sshd enforces it), the console output carries cloud-init's host
// key blocks, new host keys fail closed against old known_hosts, and ending the instance ends sshd and its sessions.
// Only 127.0.0.0/8 is contacted; the system's `ssh` client is the one doing the logging in.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeInstancesCommand,
  EC2Client,
  GetConsoleOutputCommand,
  ImportKeyPairCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from '@aws-sdk/client-ec2-instance-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, sandboxLoginUser, sandboxSshPort } from '../../../electron/core/sandbox/address';
import type { HostedInstance } from '../../../electron/core/sandbox/instance-host';
import { findSshTools } from '../../../electron/core/sandbox/instance-sshd';
import { findOnPath } from '../../../electron/core/sandbox/moto-process';
import { descendantsOf } from '../../../electron/core/sandbox/process-reaper';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/sandbox';
import { eventuallyWith } from './local-sandbox';

const run = promisify(execFile);
const AL2023 = 'ami-0ed094fb1304fd857';
const TTL_SECONDS = 4;
const HOST_KEY_TYPES = ['ecdsa', 'ed25519', 'rsa'];

const tools = await findSshTools(undefined, process.env);
const sshClient = await findOnPath('ssh', process.env);
const skipReason = !tools.ok ? tools.reason : !sshClient ? 'no ssh client: install openssh-client' : undefined;

let sandbox: Sandbox;
let ec2: EC2Client;
let instanceConnect: EC2InstanceConnectClient;
let rootDir: string;
let keysDir: string;
let instanceId: string;
let ssh: NonNullable<HostedInstance['ssh']>;
const user = sandboxLoginUser();
const logs: string[] = [];

const eventually = eventuallyWith(logs);

async function newKey(name: string): Promise<{ file: string; publicKey: string }> {
  const file = path.join(keysDir, name);
  await run('ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-C', name, '-f', file]);
  return { file, publicKey: (await readFile(`${file}.pub`, 'utf8')).trim() };
}

/** A known_hosts file pinning the instance's current host keys (`[addr]:port`, or `addr` alone for port 22). */
async function knownHostsNow(name: string): Promise<string> {
  const pattern = ssh.port === 22 ? ssh.address : `[${ssh.address}]:${ssh.port}`;
  const lines = await Promise.all(
    HOST_KEY_TYPES.map(async (type) => {
      const [keyType, blob] = (await readFile(path.join(ssh.dir, `ssh_host_${type}_key.pub`), 'utf8')).split(' ');
      return `${pattern} ${keyType} ${blob}`;
    }),
  );
  const file = path.join(keysDir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

function sshArgs(keyFile: string, knownHosts: string, login: string, command: string): string[] {
  return [
    ...['-F', '/dev/null', '-i', keyFile, '-p', String(ssh.port)],
    ...['-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null'],
    ...['-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes'],
    ...['-o', 'IdentityAgent=none', '-o', 'ConnectTimeout=5'],
    `${login}@${ssh.address}`,
    command,
  ];
}

async function sshRun(keyFile: string, knownHosts: string, login = user, command = 'id -un') {
  try {
    const { stdout, stderr } = await run('ssh', sshArgs(keyFile, knownHosts, login, command), { timeout: 20_000 });
    return { code: 0, stdout: stdout.trim(), stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout?.trim() ?? '', stderr: failure.stderr ?? '' };
  }
}

function acceptsTcp(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ssh.address, port: ssh.port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function readFileSafe(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

/** Alive and not a zombie (PID 1 in containers may never reap orphans). */
async function isLive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFileSafe(`/proc/${pid}/stat`);
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

function hostedNow(): HostedInstance | undefined {
  return sandbox.host.instances().find((instance) => instance.instanceId === instanceId);
}

async function sshUp(): Promise<NonNullable<HostedInstance['ssh']>> {
  return eventually('the host to report sshd up', async () => {
    const hosted = hostedNow();
    return hosted?.ssh?.pid ? hosted.ssh : undefined;
  });
}

async function stateOf(id: string): Promise<string | undefined> {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

async function consoleOutput(): Promise<string> {
  const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
  return Buffer.from(out.Output ?? '', 'base64').toString('utf8');
}

const title = `sandbox instances over SSH${skipReason ? ` (skipped: ${skipReason})` : ''}`;

describe.skipIf(skipReason !== undefined)(title, () => {
  let launchKey: { file: string; publicKey: string };
  let knownHosts: string;

  beforeAll(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-sandbox-ssh-test-'));
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-sandbox-ssh-keys-'));
    sandbox = await startSandbox({
      rootDir,
      pendingSeconds: 1,
      pollIntervalMs: 250,
      instanceConnectTtlSeconds: TTL_SECONDS,
      log: (message) => logs.push(message),
    });
    const config = { region: sandbox.region, endpoint: sandbox.endpoint, maxAttempts: 1 };
    ec2 = new EC2Client({ ...config, credentials: { ...SANDBOX_CREDENTIALS } });
    instanceConnect = new EC2InstanceConnectClient({ ...config, credentials: { ...SANDBOX_CREDENTIALS } });
    launchKey = await newKey('launch');
    await ec2.send(
      new ImportKeyPairCommand({ KeyName: 'kiln-ssh-test', PublicKeyMaterial: Buffer.from(launchKey.publicKey) }),
    );
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: AL2023,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        KeyName: 'kiln-ssh-test',
        UserData: Buffer.from('#!/bin/bash\necho hi\n').toString('base64'),
      }),
    );
    instanceId = out.Instances![0].InstanceId!;
    ssh = await sshUp();
    knownHosts = await knownHostsNow('known_hosts');
  }, 60_000);

  afterAll(async () => {
    ec2?.destroy();
    instanceConnect?.destroy();
    await sandbox?.stop();
    for (const dir of [rootDir, keysDir]) if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it("listens on the instance's loopback address, as the workstation's user", async () => {
    const hosted = hostedNow()!;
    expect(ssh).toMatchObject({ address: hosted.address, port: sandboxSshPort(), dir: path.join(hosted.dir, 'ssh') });
    expect(ssh.address).toMatch(/^127\./);
    const result = await sshRun(launchKey.file, knownHosts);
    expect(result).toMatchObject({ code: 0, stdout: user });
    // The user data still ran, and was told where the host keys are.
    const output = await eventually('the user data output', async () => {
      const text = await readFile(path.join(hostedNow()!.dir, 'cloud-init-output.log'), 'utf8');
      return text.includes('hi') ? text : undefined;
    });
    expect(output).toContain('hi');
  }, 30_000);

  it('honours a key pushed with EC2 Instance Connect for the TTL only', async () => {
    const pushed = await newKey('pushed');
    const refusedBefore = await sshRun(pushed.file, knownHosts);
    expect(refusedBefore.code).toBe(255);
    expect(refusedBefore.stderr).toMatch(/Permission denied/);

    const answer = await instanceConnect.send(
      new SendSSHPublicKeyCommand({ InstanceId: instanceId, InstanceOSUser: user, SSHPublicKey: pushed.publicKey }),
    );
    expect(answer.Success).toBe(true);
    const pushedAt = Date.now();
    const file = await readFile(path.join(ssh.dir, 'pushed', user), 'utf8');
    expect(file).toMatch(/^expiry-time="\d{14}Z" ssh-ed25519 \S+\n$/);
    expect(await sshRun(pushed.file, knownHosts)).toMatchObject({ code: 0, stdout: user });

    // sshd compares expiry-time to the second: past TTL + 1 s the key must be refused.
    const expired = pushedAt + (TTL_SECONDS + 1.2) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expired - Date.now())));
    const refusedAfter = await sshRun(pushed.file, knownHosts);
    expect(refusedAfter.code).toBe(255);
    expect(refusedAfter.stderr).toMatch(/Permission denied/);
    expect(await readFile(path.join(hostedNow()!.dir, 'sshd.log'), 'utf8')).toMatch(/Refused by key options/);
    // The launch key is not affected.
    expect(await sshRun(launchKey.file, knownHosts)).toMatchObject({ code: 0, stdout: user });

    // The next push drops the expired line.
    const next = await newKey('pushed-next');
    await instanceConnect.send(
      new SendSSHPublicKeyCommand({ InstanceId: instanceId, InstanceOSUser: user, SSHPublicKey: next.publicKey }),
    );
    const lines = (await readFile(path.join(ssh.dir, 'pushed', user), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(next.publicKey.split(' ')[1]);
  }, 30_000);

  it('refuses a key pushed for another OS user', async () => {
    const other = await newKey('other-user');
    const answer = await instanceConnect.send(
      new SendSSHPublicKeyCommand({
        InstanceId: instanceId,
        InstanceOSUser: 'ec2-user',
        SSHPublicKey: other.publicKey,
      }),
    );
    expect(answer.Success).toBe(true);
    const result = await sshRun(other.file, knownHosts);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Permission denied/);
  }, 30_000);

  it('validates SendSSHPublicKey as AWS does', async () => {
    const { publicKey } = await newKey('invalid-requests');
    const send = (input: { InstanceId: string; InstanceOSUser: string; SSHPublicKey: string }) =>
      instanceConnect.send(new SendSSHPublicKeyCommand(input)).then(
        () => 'accepted',
        (error: { name?: string; $metadata?: { httpStatusCode?: number } }) =>
          `${error.name} ${error.$metadata?.httpStatusCode}`,
      );
    expect(await send({ InstanceId: 'i-0123456789abcdef0', InstanceOSUser: user, SSHPublicKey: publicKey })).toBe(
      'EC2InstanceNotFoundException 400',
    );
    const dss = 'ssh-dss AAAAB3NzaC1kc3MAAA';
    expect(await send({ InstanceId: instanceId, InstanceOSUser: user, SSHPublicKey: dss })).toBe(
      'InvalidArgsException 400',
    );
    expect(await send({ InstanceId: instanceId, InstanceOSUser: '../root', SSHPublicKey: publicKey })).toBe(
      'InvalidArgsException 400',
    );
  });

  it("shows cloud-init's host key blocks in the console output", async () => {
    const output = await consoleOutput();
    for (const type of HOST_KEY_TYPES) {
      const pub = path.join(ssh.dir, `ssh_host_${type}_key.pub`);
      const { stdout: fingerprint } = await run('ssh-keygen', ['-l', '-f', pub]);
      const syslog = String.raw`^<14>\w{3} [ \d]\d \d\d:\d\d:\d\d ec2: `;
      expect(output).toMatch(new RegExp(`${syslog}${escape(fingerprint.trim())}$`, 'm'));
      expect(output).toContain(`\n${(await readFile(pub, 'utf8')).trim()}\n`);
    }
    expect(output).toMatch(
      /ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\n(.*ec2: \d+ SHA256:.*\n){3}.*ec2: -----END SSH HOST KEY FINGERPRINTS-----/,
    );
    expect(output).toMatch(
      /\n-----BEGIN SSH HOST KEY KEYS-----\n(\S+ \S+ root@ip-[\d-]+\n){3}-----END SSH HOST KEY KEYS-----\n/,
    );
  });

  it('fails closed against the old known_hosts once the host keys change', async () => {
    const before = await consoleOutput();
    await sandbox.host.regenerateHostKeys(instanceId);
    const stale = await sshRun(launchKey.file, knownHosts);
    expect(stale.code).toBe(255);
    expect(stale.stderr).toMatch(/Host key verification failed/);
    expect(stale.stdout).toBe('');

    knownHosts = await knownHostsNow('known_hosts.new');
    expect(await sshRun(launchKey.file, knownHosts)).toMatchObject({ code: 0, stdout: user });
    const after = await consoleOutput();
    expect(after).not.toBe(before);
    const { stdout } = await run('ssh-keygen', ['-l', '-f', path.join(ssh.dir, 'ssh_host_ed25519_key.pub')]);
    expect(after).toContain(stdout.trim());
  }, 30_000);

  it('ends sshd when the instance stops and starts it again (with the same host keys) when it starts', async () => {
    const pid = ssh.pid!;
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    await eventually('the instance to stop', async () =>
      (await stateOf(instanceId)) === 'stopped' ? true : undefined,
    );
    await eventually('sshd to end', async () => (!(await isLive(pid)) && !(await acceptsTcp()) ? true : undefined));
    expect(hostedNow()!.ssh?.pid).toBeUndefined();

    await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    ssh = await sshUp();
    expect(ssh.pid).not.toBe(pid);
    expect(await sshRun(launchKey.file, knownHosts)).toMatchObject({ code: 0, stdout: user });
  }, 30_000);

  it('ends sshd and its open sessions when the instance is terminated', async () => {
    const client = spawn('ssh', sshArgs(launchKey.file, knownHosts, user, 'sleep 60'), { stdio: 'ignore' });
    const clientExit = new Promise<number | null>((resolve) => client.once('exit', (code) => resolve(code)));
    const sshdPid = ssh.pid!;
    const session = await eventually('the session to start', async () => {
      const pids = await descendantsOf([sshdPid]);
      const commands = await Promise.all(pids.map((pid) => readFileSafe(`/proc/${pid}/cmdline`)));
      return pids.length >= 2 && commands.some((command) => command?.startsWith('sleep\0')) ? pids : undefined;
    });
    expect(await isLive(sshdPid)).toBe(true);

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    await eventually('sshd and its session to end', async () => {
      const live = await Promise.all([sshdPid, ...session].map(isLive));
      return live.some(Boolean) ? undefined : true;
    });
    expect(await acceptsTcp()).toBe(false);
    await expect(clientExit).resolves.not.toBe(0);
    expect(hostedNow()!.ssh?.pid).toBeUndefined();
  }, 30_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
