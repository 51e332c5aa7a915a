/**
 * moto's server as a child process: started through Kiln's launcher (time-based EC2 instance and image states,
 * validation on, 127.0.0.1 only), awaited until it listens, and always stopped (SIGTERM, then SIGKILL).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, open } from 'node:fs/promises';
import path from 'node:path';
import { KilnFailure } from '../../common/result';

export interface MotoProcessOptions {
  /** Seconds an instance stays pending/stopping/shutting-down; 0 disables. Default 3. */
  pendingSeconds?: number;
  /**
   * Seconds an image made by CreateImage/CopyImage stays `pending` while its snapshots' Progress rises from 0% to
   * 100%; then `available`/`completed`. 0 makes images available at once, as in plain moto. Default 8.
   */
  imageSeconds?: number;
  /**
   * The instance host's `<rootDir>/instances`: SendSSHPublicKey writes pushed keys there for the instances' sshd, and
   * GetConsoleOutput reads the instances' console logs. Without it both only validate or answer moto's canned text.
   */
  instancesDir?: string;
  /**
   * `<rootDir>/images`: CreateImage copies the instance's `root/` to `<imagesDir>/<imageId>/root`, CopyImage copies
   * that tree, DeregisterImage removes it. Without it images carry no files.
   */
  imagesDir?: string;
  /** How long a key pushed with EC2 Instance Connect is honoured; default 60 s, as on AWS. */
  instanceConnectTtlSeconds?: number;
  /**
   * How often the sandbox's Auto Scaling engine evaluates target-tracking CPU policies and moves instance refreshes on
   * (a sped-up evaluation period); 0 turns it off. Default 10 s.
   */
  scalingSeconds?: number;
  /**
   * Ports of loopback fronts that pass requests on to moto unchanged (the DLM stand-in): moto accepts their
   * `Host` as its own, so a request signed for the front's address still verifies under moto's IAM auth.
   */
  frontPorts?: readonly number[];
  /** Port on 127.0.0.1; default 0: the launcher binds a free port chosen by the kernel (no race) and reports it. */
  port?: number;
  /** Name or path of moto's server script, looked up on PATH to tell whether moto is installed. */
  motoServerBinary?: string;
  /** Python that can `import moto`; default: the interpreter of moto_server's shebang, else `python3`. */
  python?: string;
  /** Path of `assets/sandbox/moto_launcher.py`; default: found by walking up from this module and the cwd. */
  launcherPath?: string;
  /** Environment for the lookups and the child (PATH matters); default the current process's. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the launcher to listen. Default 20 s. */
  readyTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface MotoProcess {
  /** `http://127.0.0.1:<port>`: the endpoint override for every AWS client. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM, SIGKILL after 3 s, resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export const MOTO_ENV = {
  MOTO_ENABLE_AMI_VALIDATION: 'true',
  MOTO_ENABLE_KEYPAIR_VALIDATION: 'true',
  MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION: 'true',
  // AWS's managed policies exist in every account (DLM's default role attaches one); moto knows them only with this,
  // at the cost of about a second on the first IAM call.
  MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
} as const;

/** How long a new image stays pending in the sandbox unless told otherwise. */
export const DEFAULT_IMAGE_SECONDS = 8;

const READY_PATTERN = /^KILN-MOTO-READY (\d+)\s*$/m;
const STDERR_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 3000;

/** Starts moto through the launcher; throws a `KilnFailure` (code `SandboxUnavailable`) when moto is missing. */
export async function startMotoProcess(options: MotoProcessOptions = {}): Promise<MotoProcess> {
  const env = options.env ?? process.env;
  const python = await findMotoPython(options, env);
  const launcherPath = options.launcherPath ?? findLauncher();
  const args = [
    '-u',
    launcherPath,
    '--port',
    String(options.port ?? 0),
    '--pending-seconds',
    String(options.pendingSeconds ?? 3),
    '--image-seconds',
    String(options.imageSeconds ?? DEFAULT_IMAGE_SECONDS),
    '--instance-connect-ttl-seconds',
    String(options.instanceConnectTtlSeconds ?? 60),
    '--scaling-seconds',
    String(options.scalingSeconds ?? 10),
    ...(options.instancesDir ? ['--instances-dir', options.instancesDir] : []),
    ...(options.imagesDir ? ['--images-dir', options.imagesDir] : []),
    ...(options.frontPorts ?? []).flatMap((port) => ['--front-port', String(port)]),
    '--exit-on-stdin-eof',
  ];
  const child = spawn(python, args, { env: { ...env, ...MOTO_ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // A normal exit of Node (process.exit included) must not leave moto behind; a crash is covered by stdin EOF.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderrTail = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  try {
    const port = await waitForReady(child, options.readyTimeoutMs ?? 20_000, () => stderrTail);
    options.log?.(`moto listening on 127.0.0.1:${port} (pid ${child.pid})`);
    let stopping: Promise<void> | undefined;
    child.once('exit', (code, signal) => {
      if (!stopping) options.log?.(`moto exited unexpectedly (${signal ?? `code ${code}`}): ${stderrTail.trim()}`);
    });
    return {
      endpoint: `http://127.0.0.1:${port}`,
      port,
      pid: child.pid!,
      stop: () => (stopping ??= stopChild(child, exited).finally(() => process.off('exit', killOnExit))),
    };
  } catch (error) {
    await stopChild(child, exited);
    process.off('exit', killOnExit);
    throw error;
  }
}

function unavailable(message: string, remedy: string): KilnFailure {
  return new KilnFailure({ code: 'SandboxUnavailable', message: `${message}: ${remedy}`, remedy });
}

const INSTALL_REMEDY = "install moto (pip install 'moto[server]') or choose a real AWS profile";

async function findMotoPython(options: MotoProcessOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const binary = options.motoServerBinary ?? 'moto_server';
  const motoServer = await findOnPath(binary, env);
  if (!motoServer) throw unavailable(`${binary} is not on PATH`, INSTALL_REMEDY);
  const fromShebang = options.python ? [] : await shebangPython(motoServer);
  const candidates = options.python ? [options.python] : [...new Set([...fromShebang, 'python3'])];
  const failures: string[] = [];
  for (const candidate of candidates) {
    const probe = await probePython(candidate, env);
    if (probe.ok) return probe.executable;
    failures.push(`${candidate}: ${probe.problem}`);
  }
  throw unavailable(
    `moto_server is on PATH (${motoServer}) but Python cannot import moto (${failures.join('; ')})`,
    "install moto into that Python (pip install 'moto[server]') or choose a real AWS profile",
  );
}

/** The executable `name` resolves to on PATH (or `name` itself when it contains a slash), if any. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const candidates = name.includes('/')
    ? [name]
    : (env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** `/usr/bin/python3` from `#!/usr/bin/python3`, `python3` from `#!/usr/bin/env python3`; none for shell shims. */
async function shebangPython(script: string): Promise<string[]> {
  try {
    const handle = await open(script, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    await handle.close();
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    const words = firstLine.replace(/^#!/, '').trim().split(/\s+/);
    const interpreter = path.basename(words[0] ?? '') === 'env' ? words[1] : words[0];
    return firstLine.startsWith('#!') && interpreter && /python[\d.]*$/.test(interpreter) ? [interpreter] : [];
  } catch {
    return [];
  }
}

/** Whether `python` can import moto, and its real executable (skipping version-manager shims on every start). */
function probePython(
  python: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; executable: string } | { ok: false; problem: string }> {
  const script = 'import sys, moto, werkzeug; print(sys.executable)';
  return new Promise((resolve) => {
    execFile(python, ['-c', script], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      const executable = stdout.trim();
      if (!error) return resolve({ ok: true, executable: executable || python });
      resolve({ ok: false, problem: stderr.trim().split('\n').pop() || error.message });
    });
  });
}

function findLauncher(): string {
  const relative = path.join('assets', 'sandbox', 'moto_launcher.py');
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    for (let dir = start; dir; dir = path.dirname(dir) === dir ? undefined : path.dirname(dir)) {
      if (existsSync(path.join(dir, relative))) return path.join(dir, relative);
    }
  }
  throw new Error(`Kiln's ${relative} was not found above ${starts.filter(Boolean).join(' or ')}`);
}

function waitForReady(child: ChildProcess, timeoutMs: number, stderrTail: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('close', onExit);
      child.off('error', onError);
      outcome();
    };
    const details = () => (stderrTail().trim() ? `\n--- moto launcher stderr ---\n${stderrTail().trim()}` : '');
    const onExit = (code: number | null, signal: string | null) =>
      settle(() => {
        const how = signal ?? `code ${code}`;
        reject(new Error(`moto launcher exited before listening (${how})${details()}`));
      });
    const onError = (error: Error) =>
      settle(() => reject(new Error(`moto launcher could not be started: ${error.message}`)));
    const timer = setTimeout(
      () => settle(() => reject(new Error(`moto launcher did not listen within ${timeoutMs} ms${details()}`))),
      timeoutMs,
    );
    // 'close', not 'exit': by then stderr has been read to the end, so the error shows all of it.
    child.once('close', onExit);
    child.once('error', onError);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-1000);
      const match = READY_PATTERN.exec(stdout);
      if (match) settle(() => resolve(Number(match[1])));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
  child.stdin?.destroy();
}
