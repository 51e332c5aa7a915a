/** Helpers for tests that run the real agent bundle as child processes on 127.0.0.1. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_API, EventsResponse, type AgentEvent } from '../../../installer-agent/src/protocol/events';
import { agentBundlePath } from '../../support/agent-bundle';
import { freePort } from '../../support/free-port';

export interface AgentEnv {
  dir: string;
  dataDir: string;
  configPath: string;
  port: number;
  token: string;
  baseUrl: string;
}

export interface AgentProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
}

const started = new Set<ChildProcess>();
const dirs = new Set<string>();

/** A temp dir with a config for an agent on 127.0.0.1 and a fresh bearer token. */
export async function makeAgentEnv(extra: Record<string, unknown> = {}): Promise<AgentEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'kiln-agent-it-'));
  dirs.add(dir);
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'agent.json');
  const config = {
    bind: '127.0.0.1',
    port,
    tokenSha256: createHash('sha256').update(token).digest('hex'),
    dataDir,
    ...extra,
  };
  await writeFile(configPath, JSON.stringify(config));
  return { dir, dataDir, configPath, port, token, baseUrl: `http://127.0.0.1:${port}` };
}

/** The Node binary that runs the agent: KILN_AGENT_NODE (e.g. a Node 18 binary, the oldest supported), else ours. */
const agentNode = process.env.KILN_AGENT_NODE || process.execPath;

/** Spawns `node kiln-agent.cjs ...args`. */
export async function spawnAgent(args: string[], options: { stdin?: string } = {}): Promise<AgentProcess> {
  const bundle = await agentBundlePath();
  const child = spawn(agentNode, [bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      started.delete(child);
      resolve(signal ?? code ?? -1);
    });
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  else child.stdin?.end();
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts `serve` and waits until it answers health. */
export async function startServe(env: AgentEnv): Promise<AgentProcess> {
  const serve = await spawnAgent(['serve', '--config', env.configPath]);
  let gone = false;
  void serve.exited.then(() => (gone = true));
  await waitUntil(
    async () => {
      if (gone) throw new Error(`serve exited early: ${serve.stderr()}`);
      return (await fetch(`${env.baseUrl}${AGENT_API.health}`, { headers: auth(env) }).catch(() => null))?.ok === true;
    },
    { timeoutMs: 10_000, what: 'serve to answer health' },
  );
  return serve;
}

export const auth = (env: AgentEnv, token = env.token): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});

/** GET /v1/events, parsed with the protocol schema. */
export async function getEvents(
  env: AgentEnv,
  query: { after?: number; waitMs?: number; limit?: number } = {},
): Promise<EventsResponse> {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${env.baseUrl}${AGENT_API.events}?${params}`, { headers: auth(env) });
  if (!res.ok) throw new Error(`events: HTTP ${res.status} ${await res.text()}`);
  return EventsResponse.parse(await res.json());
}

/** Reads every event from the start, following the cursor, until the final token (or the deadline). */
export async function readUntilFinal(env: AgentEnv, timeoutMs = 20_000, limit?: number): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await getEvents(env, { after: events.at(-1)?.seq ?? 0, waitMs: 1_000, ...(limit ? { limit } : {}) });
    for (const event of page.events) events.push(event);
    if (events.at(-1)?.kind === 'final') return events;
  }
  throw new Error(`no final token within ${timeoutMs} ms; got ${JSON.stringify(events.slice(-3))}`);
}

/** POSTs JSON to the agent. */
export async function postJson(env: AgentEnv, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${env.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** Polls until `check` is true; fails with what it was waiting for. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves with the exit code, or fails if the process is still running after `timeoutMs`. */
export async function exitOf(proc: AgentProcess, timeoutMs = 20_000): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`process still running after ${timeoutMs} ms; stderr: ${proc.stderr()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([proc.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const lineTexts = (events: AgentEvent[]): string[] => events.flatMap((e) => (e.kind === 'line' ? [e.text] : []));

/** Kills every process these helpers started (by pid) and removes temp dirs. */
export async function cleanUpAgents(): Promise<void> {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  dirs.clear();
}
