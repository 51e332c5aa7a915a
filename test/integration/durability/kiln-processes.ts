/**
 * Kiln as real processes for the crash tests: web mode (`electron/server/main.ts`, one Node process, so `kill -9`
 * hits the server itself and nothing relays it) and a sandbox started on its own (`npm run sandbox`'s cli.ts).
 * Both run with HOME and XDG_CONFIG_HOME in the test's own directory, so "the default data directory" is a
 * directory of the test, never the machine's. Every process is killed at the end, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { agentBundlePath } from '../../support/agent-bundle';
import { httpCommands, type Commands } from '../../support/backend-commands';
import { REPO_ROOT } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

export interface KilnProcess {
  child: ChildProcess;
  readonly output: string;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface WebMode extends KilnProcess, Commands {
  url: string;
}

/** A home of the test's own: `<dir>/home` and `<dir>/config` (the default data directory is `<dir>/config/Kiln`). */
export async function testHome(): Promise<{ dir: string; env: NodeJS.ProcessEnv; defaultDataDir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-durability-'));
  await mkdir(path.join(dir, 'home'));
  await mkdir(path.join(dir, 'config'));
  const env: NodeJS.ProcessEnv = {
    ...withoutKilnVariables(process.env),
    HOME: path.join(dir, 'home'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
  };
  return { dir, env, defaultDataDir: path.join(dir, 'config', 'Kiln') };
}

const running = new Set<ChildProcess>();

/** SIGKILL to every process these helpers started that still runs (for afterAll). */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function startProcess(args: string[], env: NodeJS.ProcessEnv): KilnProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  return {
    child,
    get output() {
      return output;
    },
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** `npm run sandbox` on its own; resolves with its endpoint once it listens. */
export async function startStandaloneSandbox(env: NodeJS.ProcessEnv): Promise<KilnProcess & { endpoint: string }> {
  const sandbox = startProcess(
    ['electron/core/sandbox/cli.ts', '--pending-seconds', '1', '--region', 'us-east-1'],
    env,
  );
  const endpoint = await waitFor(
    'the sandbox endpoint',
    () => {
      if (sandbox.child.exitCode !== null) throw new Error(`the sandbox exited: ${sandbox.output}`);
      return /KILN-SANDBOX-READY (\S+)/.exec(sandbox.output)?.[1];
    },
    60_000,
    100,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${sandbox.output}`);
  });
  return Object.assign(sandbox, { endpoint });
}

/** Web mode with `args`; resolves once it serves, with calls to its contract over HTTP. */
export async function startWebMode(env: NodeJS.ProcessEnv, args: string[] = []): Promise<WebMode> {
  await agentBundlePath();
  const web = startProcess(['electron/server/main.ts', '--port', '0', ...args], env);
  const url = await waitFor(
    'the web mode URL',
    () => {
      if (web.child.exitCode !== null) throw new Error(`web mode exited: ${web.output}`);
      return /KILN-WEB-READY (\S+)/.exec(web.output)?.[1];
    },
    90_000,
    100,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${web.output}`);
  });
  const { origin, hash } = new URL(url);
  const token = decodeURIComponent(hash.replace('#token=', ''));
  const { call, must } = httpCommands(origin, token);
  return Object.assign(web, { url, call, must });
}

/** The test must not inherit a data dir or sandbox endpoint from whoever runs it. */
function withoutKilnVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !['KILN_DATA_DIR', 'KILN_SANDBOX_ENDPOINT', 'KILN_PORT'].includes(name)),
  );
}
