/**
 * The built `kiln` (dist/cli/kiln.cjs) as a real child process, on a data directory and home of the test's own (never
 * the machine's ~/.config or ~/.aws). The bundle is rebuilt once per test file, so it is what the sources say now.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../electron/core/sandbox/sandbox';
import { agentBundlePath } from '../../support/agent-bundle';
import { REPO_ROOT } from '../../support/sandbox-backend';
import { sandboxClients, type SandboxClients } from '../../support/sandbox-clients';
import { sandboxLaunchSpec } from '../../support/sandbox-launch-spec';

export const KILN_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'kiln.cjs');

let built: Promise<void> | undefined;

/** Builds dist/cli/kiln.cjs (and the agent bundle launches need). */
export function buildKiln(): Promise<void> {
  built ??= (async () => {
    await agentBundlePath();
    const build = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'build.mjs')).href)) as {
      buildCli: () => Promise<void>;
    };
    await build.buildCli();
  })();
  return built;
}

export interface KilnHome {
  dir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

/** A home and data directory of the test's own; `sandboxEndpoint` as KILN_SANDBOX_ENDPOINT when given. */
export async function kilnHome(sandboxEndpoint?: string): Promise<KilnHome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-cli-'));
  await mkdir(path.join(dir, 'home'));
  const dataDir = path.join(dir, 'data');
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('KILN_') && !name.startsWith('AWS_')),
  );
  Object.assign(env, {
    HOME: path.join(dir, 'home'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    KILN_DATA_DIR: dataDir,
  });
  if (sandboxEndpoint) env.KILN_SANDBOX_ENDPOINT = sandboxEndpoint;
  return { dir, dataDir, env };
}

export interface KilnRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningKiln {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  done: Promise<KilnRun>;
}

const running = new Set<ChildProcess>();

/** Starts `kiln args…`; `done` resolves when it exits (killed after `timeoutMs`). */
export function startKiln(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): RunningKiln {
  const child = spawn(process.execPath, [KILN_BUNDLE, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<KilnRun>((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
  };
}

export function runKiln(args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<KilnRun> {
  return startKiln(args, env, timeoutMs).done;
}

/** SIGKILL to every kiln these helpers started that still runs (for afterAll). */
export function killKilns(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** An install script whose result a baked image keeps: a file under the instance's root. */
export const BAKE_SCRIPT =
  'mkdir -p "$KILN_ROOT/app" && echo "baked app" > "$KILN_ROOT/app/hello.txt" && echo installed';

/** Writes a sandbox launch spec (Amazon Linux 2023, t3.micro, us-east-1) to `<home>/<name>.json` for `--spec`. */
export async function writeSpecFile(
  home: KilnHome,
  name: string,
  overrides: Partial<LaunchSpecInput> = {},
): Promise<string> {
  const file = path.join(home.dir, `${name}.json`);
  await writeFile(file, JSON.stringify(sandboxLaunchSpec(name, 'echo hello', overrides)));
  return file;
}

/** The instances in moto that carry Kiln's launch tag, whatever their state. */
export async function kilnInstances(ec2: EC2Client) {
  const answer = await ec2.send(
    new DescribeInstancesCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
  );
  return (answer.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

/** The sandbox, kiln's home on it and SDK clients straight to its moto, for the tests of one file. */
export interface KilnCliSandbox {
  readonly sandbox: Sandbox;
  readonly home: KilnHome;
  /** An EC2 client in us-east-1. */
  readonly ec2: EC2Client;
  /** A client of any AWS service (destroyed after the file's last test). */
  client: SandboxClients['client'];
}

/**
 * Registers the beforeAll that starts a sandbox while `kiln` is built and makes its home (then runs `setup`), and the
 * afterAll that kills every kiln still running, destroys the clients and stops the sandbox. Call it once, at the top
 * level of a test file; its fields are there inside tests.
 */
export function useKilnCli(options: {
  sandbox: SandboxOptions;
  timeoutMs: number;
  setup?: (cli: KilnCliSandbox) => Promise<void>;
}): KilnCliSandbox {
  let sandbox: Sandbox | undefined;
  let clients: SandboxClients | undefined;
  let home: KilnHome | undefined;
  let ec2: EC2Client | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The sandbox is not started: use it inside tests, after its beforeAll.');
    return value;
  };
  const cli: KilnCliSandbox = {
    get sandbox() {
      return started(sandbox);
    },
    get home() {
      return started(home);
    },
    get ec2() {
      return started(ec2);
    },
    client: (Client, region) => started(clients).client(Client, region),
  };

  beforeAll(async () => {
    [sandbox] = await Promise.all([startSandbox(options.sandbox), buildKiln()]);
    clients = sandboxClients(sandbox.endpoint);
    ec2 = clients.client(EC2Client);
    home = await kilnHome(sandbox.endpoint);
    await options.setup?.(cli);
  }, options.timeoutMs);

  afterAll(async () => {
    killKilns();
    clients?.destroy();
    await sandbox?.stop();
  });

  return cli;
}
