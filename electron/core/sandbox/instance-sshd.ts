/**
 * The real OpenSSH sshd of one sandbox instance: its host keys and config in `<instance dir>/ssh/`, the process on
 * the instance's loopback address, and the host key blocks of its console output. The instance host decides when;
 * this module does the work.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath } from './moto-process';
import {
  hostKeyComment,
  renderConsoleSshBlocks,
  renderSshdConfig,
  SANDBOX_HOST_KEY_TYPES,
  sshPaths,
} from './instance-ssh-files';

const run = promisify(execFile);

/** The OpenSSH programs the sandbox runs, as absolute paths (sshd re-executes itself and insists on one). */
export interface SshTools {
  sshd: string;
  sshKeygen: string;
}

const DEFAULT_SSHD = '/usr/sbin/sshd';

/**
 * Finds sshd (`option`: a path or a name on PATH; default `/usr/sbin/sshd`, else `sshd` on PATH; `false`: none) and
 * ssh-keygen; `reason` says what to install when one is missing.
 */
export async function findSshTools(
  option: string | false | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; tools: SshTools } | { ok: false; reason: string }> {
  if (option === false) return { ok: false, reason: 'SSH is turned off for the sandbox' };
  const sshd = await findOnPath(option ?? (existsSync(DEFAULT_SSHD) ? DEFAULT_SSHD : 'sshd'), env);
  if (!sshd) return { ok: false, reason: 'no sshd: install openssh-server (e.g. apt-get install openssh-server)' };
  const sshKeygen = await findOnPath('ssh-keygen', env);
  if (!sshKeygen) return { ok: false, reason: 'no ssh-keygen: install openssh-client' };
  return { ok: true, tools: { sshd: path.resolve(sshd), sshKeygen: path.resolve(sshKeygen) } };
}

export interface InstanceSshSetup {
  /** `<instance dir>/ssh`. */
  sshDir: string;
  instanceId: string;
  address: string;
  port: number;
  loginUser: string;
  /** The public key of the instance's EC2 key pair, if it has one. */
  authorizedKey?: string;
  privateIp?: string;
}

/** Host keys (kept if they exist, as across a stop and start on EC2), authorized_keys, pushed/, a checked config. */
export async function prepareInstanceSsh(tools: SshTools, setup: InstanceSshSetup): Promise<void> {
  const paths = sshPaths(setup.sshDir);
  await mkdir(paths.pushedDir, { recursive: true, mode: 0o700 });
  await generateHostKeys(tools, setup.sshDir, hostKeyComment(setup.instanceId, setup.privateIp), false);
  const authorized = setup.authorizedKey?.trim();
  await writeFile(paths.authorizedKeys, authorized ? `${authorized}\n` : '', { mode: 0o600 });
  await writeFile(paths.config, renderSshdConfig(setup), { mode: 0o600 });
  // sshd started as root chroots its pre-auth child into the privilege separation directory; the package creates
  // it at boot through systemd's tmpfiles, which a container or a never-started service has not done.
  if (process.getuid?.() === 0 && process.platform === 'linux') {
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  }
  try {
    await run(tools.sshd, ['-t', '-f', paths.config], { timeout: 10_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`sshd refused its config ${paths.config}: ${stderr || String(error)}`, { cause: error });
  }
}

/** One key per type, generated in parallel; `replace` deletes existing ones first (a "new instance" host key). */
export async function generateHostKeys(
  tools: SshTools,
  sshDir: string,
  comment: string,
  replace: boolean,
): Promise<void> {
  const paths = sshPaths(sshDir);
  await Promise.all(
    SANDBOX_HOST_KEY_TYPES.map(async (type) => {
      const file = paths.hostKey(type);
      if (!replace && existsSync(file) && existsSync(`${file}.pub`)) return;
      // ssh-keygen asks before overwriting, and nobody would answer.
      await Promise.all([rm(file, { force: true }), rm(`${file}.pub`, { force: true })]);
      await run(tools.sshKeygen, ['-q', '-N', '', '-t', type, '-C', comment, '-f', file], { timeout: 60_000 });
    }),
  );
}

/** The comment of the existing host keys (what `generateHostKeys` was given), for keys made anew. */
export async function hostKeysComment(sshDir: string): Promise<string | undefined> {
  const line = await readFile(`${sshPaths(sshDir).hostKey('ed25519')}.pub`, 'utf8').catch(() => '');
  return line.trim().split(/\s+/).slice(2).join(' ') || undefined;
}

/** Writes `consolePath` as the instance's serial console shows cloud-init's host key report. */
export async function writeConsoleSsh(tools: SshTools, sshDir: string, consolePath: string, at: Date): Promise<void> {
  const paths = sshPaths(sshDir);
  const entries = await Promise.all(
    SANDBOX_HOST_KEY_TYPES.map(async (type) => {
      const pub = `${paths.hostKey(type)}.pub`;
      const { stdout } = await run(tools.sshKeygen, ['-l', '-f', pub], { timeout: 10_000 });
      return { fingerprint: stdout.trim(), publicKey: (await readFile(pub, 'utf8')).trim() };
    }),
  );
  const text = renderConsoleSshBlocks({
    fingerprints: entries.map((entry) => entry.fingerprint),
    publicKeys: entries.map((entry) => entry.publicKey),
    at,
  });
  await writeFile(consolePath, text, { mode: 0o644 });
}

export interface SshdStart {
  sshDir: string;
  address: string;
  port: number;
  /** The environment of sshd (with the instance's markers, which its sessions do not inherit). */
  env: NodeJS.ProcessEnv;
  /** Called once sshd has exited (and been reaped), so its pid is no longer ours to signal. */
  onExit?: (pid: number, how: string) => void;
  /** sshd's stderr (`-e`: its log). */
  logPath: string;
  timeoutMs?: number;
}

/**
 * `sshd -D -e` in its own process group; resolves with its pid once it listens, else rejects with its log. sshd
 * writes its process title over its environment block, so it cannot be found by environment markers: keep the pid.
 */
export async function startSshd(tools: SshTools, start: SshdStart): Promise<number> {
  const listeningBefore = countListening(await readFile(start.logPath, 'utf8').catch(() => ''), start);
  const output = await open(start.logPath, 'a', 0o600);
  let exitedWith: string | undefined;
  let pid: number | undefined;
  try {
    const child = spawn(tools.sshd, ['-D', '-e', '-f', sshPaths(start.sshDir).config], {
      detached: true,
      stdio: ['ignore', 'ignore', output.fd],
      env: start.env,
    });
    child.once('exit', (code, signal) => {
      exitedWith = signal ?? `code ${code}`;
      if (child.pid !== undefined) start.onExit?.(child.pid, exitedWith);
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    pid = child.pid!;
  } finally {
    await output.close();
  }
  try {
    await waitUntilListening(start, listeningBefore, () => exitedWith);
  } catch (error) {
    if (exitedWith === undefined) sendSignal(pid, 'SIGKILL');
    throw error;
  }
  return pid;
}

/** SIGHUP makes sshd re-execute itself (same pid) and read its config and host keys again; resolves once it listens. */
export async function reloadSshd(pid: number, start: Omit<SshdStart, 'env'>): Promise<void> {
  const listeningBefore = countListening(await readFile(start.logPath, 'utf8').catch(() => ''), start);
  process.kill(pid, 'SIGHUP');
  await waitUntilListening(start, listeningBefore, () => (isRunning(pid) ? undefined : 'gone'));
}

/**
 * Listening means both: sshd logged "Server listening" once more than before (so the port is ours, not another
 * program's) and the port accepts a TCP connection.
 */
async function waitUntilListening(
  start: Omit<SshdStart, 'env'>,
  listeningBefore: number,
  exited: () => string | undefined,
): Promise<void> {
  const timeoutMs = start.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readFile(start.logPath, 'utf8').catch(() => '');
    if (exited() !== undefined) {
      throw new Error(`sshd exited (${exited()}) instead of listening on ${start.address}:${start.port}${tail(log)}`);
    }
    if (countListening(log, start) > listeningBefore && (await acceptsTcp(start.address, start.port))) return;
    if (Date.now() > deadline) {
      throw new Error(`sshd did not listen on ${start.address}:${start.port} within ${timeoutMs} ms${tail(log)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function countListening(log: string, { address, port }: { address: string; port: number }): number {
  return log.split(`Server listening on ${address} port ${port}.`).length - 1;
}

function tail(log: string): string {
  const lines = log.trim().split('\n').slice(-8).join('\n');
  return lines ? `; its log ends:\n${lines}` : '';
}

function acceptsTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
