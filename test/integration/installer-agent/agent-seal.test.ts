/**
 * POST /v1/seal with the real agent bundle (serve as a child process, like the sandbox runs it from the pid file
 * bootstrap): refused while the install runs and without the token; after the install ends, the files go, the answer
 * says so, and the process exits. Then the same app in-process, to see every door shut once a seal started.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestService } from '../../../installer-agent/src/ingest/ingest-service';
import { openJournal } from '../../../installer-agent/src/journal/journal';
import { silentLogger } from '../../../installer-agent/src/logger';
import { AgentConfig } from '../../../installer-agent/src/protocol/config';
import { AGENT_API, AgentErrorBody } from '../../../installer-agent/src/protocol/events';
import { SealResponse } from '../../../installer-agent/src/protocol/seal';
import { nodeSealFileSystem } from '../../../installer-agent/src/seal/seal-instance';
import { sealHostFor } from '../../../installer-agent/src/seal/seal-plan';
import { createSealService } from '../../../installer-agent/src/seal/seal-service';
import { createApp } from '../../../installer-agent/src/server/create-app';
import { collectHealth } from '../../../installer-agent/src/server/health';
import { listen } from '../../../installer-agent/src/server/start-server';
import {
  auth,
  cleanUpAgents,
  exitOf,
  makeAgentEnv,
  readUntilFinal,
  spawnAgent,
  startServe,
  type AgentEnv,
} from './agent-harness';

afterAll(cleanUpAgents);

/** What the Linux bootstrap leaves under KILN_ROOT (no systemd, no cloud-init), beside a journal serve creates. */
const ROOT_FILES: Record<string, string> = {
  'etc/agent.key': '-----BEGIN PRIVATE KEY-----\n',
  'etc/agent.crt': '-----BEGIN CERTIFICATE-----\n',
  'install/install.sh': 'echo installing\n',
  'run/agent.log': '',
  'bin/kiln-agent.cjs': '// the bundle the bootstrap downloaded\n',
  'node/bin/node': '#!/bin/sh\n',
};

interface SealEnv extends AgentEnv {
  root: string;
}

/** An agent env whose config is `<root>/etc/agent.json` with the fields a seal needs, as linux.sh writes them. */
async function makeSealEnv(): Promise<SealEnv> {
  const env = await makeAgentEnv();
  const root = join(env.dir, 'root');
  for (const [file, text] of Object.entries(ROOT_FILES)) {
    await mkdir(join(root, file, '..'), { recursive: true });
    await writeFile(join(root, file), text);
  }
  const configPath = join(root, 'etc', 'agent.json');
  const dataDir = join(root, 'data');
  await writeFile(
    configPath,
    JSON.stringify({
      bind: '127.0.0.1',
      port: env.port,
      tokenSha256: createHash('sha256').update(env.token).digest('hex'),
      dataDir,
      root,
      service: { kind: 'pidfile', pidFile: join(root, 'run', 'agent.pid') },
      firstBootReset: 'none',
    }),
  );
  return { ...env, configPath, dataDir, root };
}

async function postSeal(env: AgentEnv, body: unknown, token: string | null = env.token) {
  const res = await fetch(`${env.baseUrl}${AGENT_API.seal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : auth(env, token)) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

const errorOf = (answer: { json: unknown }) => AgentErrorBody.parse(answer.json).error;

/** Runs the install through the agent, as the bootstrap does, and waits for its final token. */
async function runInstall(env: SealEnv): Promise<void> {
  const run = await spawnAgent([
    'run',
    '--config',
    env.configPath,
    '--name',
    'install',
    '--quiet',
    '--',
    '/bin/sh',
    '-c',
    'echo installing',
  ]);
  expect(await exitOf(run)).toBe(0);
  await readUntilFinal(env);
}

describe('POST /v1/seal with the real agent', () => {
  it('409 while the install runs, 401 without the token; then removes everything, answers, and exits', async () => {
    const env = await makeSealEnv();
    const serve = await startServe(env);
    await writeFile(join(env.root, 'run', 'agent.pid'), `${serve.child.pid}\n`);

    const running = await postSeal(env, {});
    expect(running.status).toBe(409);
    expect(errorOf(running)).toEqual({
      code: 'install-running',
      message:
        'The install is still running (no final token yet); sealing now would pull its files from under it. Wait until the install has finished, then seal.',
    });
    expect(existsSync(join(env.root, 'etc', 'agent.key'))).toBe(true);

    await runInstall(env);
    const anonymous = await postSeal(env, {}, null);
    expect(anonymous.status).toBe(401);
    expect(errorOf(anonymous).code).toBe('unauthorized');
    expect((await postSeal(env, {}, 'not-the-token')).status).toBe(401);
    expect(existsSync(join(env.root, 'etc', 'agent.json'))).toBe(true);

    const sealed = await postSeal(env, { keepAgent: false });
    expect(sealed.status).toBe(200);
    const answer = SealResponse.parse(sealed.json);
    expect(answer).toEqual({
      removed: [
        join(env.root, 'etc', 'agent.key'),
        join(env.root, 'etc', 'agent.json'),
        join(env.root, 'etc', 'agent.crt'),
        join(env.root, 'install'),
        join(env.root, 'data'),
        join(env.root, 'run'),
        join(env.root, 'bin'),
        join(env.root, 'node'),
        join(env.root, 'etc'),
        env.root,
      ],
      kept: [],
      actions: [],
      stoppingAgent: true,
    });
    expect(await exitOf(serve, 10_000)).toBe(0);
    expect(existsSync(env.root)).toBe(false);
    expect(serve.stderr()).toContain(
      'kiln-agent: sealing the instance (keepAgent: false, generalize: false); install ended with success',
    );
    expect(serve.stderr()).toContain('kiln-agent: sealed: stopping for good');
    await expect(fetch(`${env.baseUrl}${AGENT_API.health}`, { headers: auth(env) })).rejects.toThrow();
  }, 40_000);

  it('keepAgent: only the bundle and Node stay, and the answer lists them as kept', async () => {
    const env = await makeSealEnv();
    await writeFile(join(env.root, 'bin', 'kiln-agent-serve.ps1'), 'while ($true) {}\n');
    const serve = await startServe(env);
    await runInstall(env);
    const sealed = await postSeal(env, { keepAgent: true });
    expect(sealed.status).toBe(200);
    const answer = SealResponse.parse(sealed.json);
    expect(answer.kept).toEqual([join(env.root, 'bin', 'kiln-agent.cjs'), join(env.root, 'node')]);
    expect(answer.removed).toContain(join(env.root, 'bin', 'kiln-agent-serve.ps1'));
    expect(answer.removed).toContain(join(env.root, 'data'));
    expect(await exitOf(serve, 10_000)).toBe(0);
    expect((await readdir(env.root)).sort()).toEqual(['bin', 'node']);
    expect(await readdir(join(env.root, 'bin'))).toEqual(['kiln-agent.cjs']);
  }, 40_000);
});

describe('once a seal has started, the agent accepts nothing more', () => {
  it('refuses ingest, reads and a second seal with 409 sealed, and releases the stop only after answering', async () => {
    const env = await makeSealEnv();
    const journal = await openJournal({ dataDir: env.dataDir, fsync: false });
    await journal.appendFinal({ ts: new Date().toISOString(), result: 'success', exitCode: 0, signal: null });
    const config = AgentConfig.parse(JSON.parse(await readFile(env.configPath, 'utf8')));
    const seal = createSealService({
      config,
      configPath: env.configPath,
      journal,
      fs: nodeSealFileSystem,
      runner: { run: async () => ({ ok: true }) },
      host: sealHostFor({ platform: process.platform, programFiles: undefined }),
      log: silentLogger,
    });
    const shutdown = new AbortController();
    const app = createApp({
      journal,
      tokenSha256: config.tokenSha256,
      health: () => collectHealth(journal, env.dataDir),
      hostKeys: async () => ({ keys: [], problems: [] }),
      shutdownSignal: shutdown.signal,
      ingest: createIngestService({ journal, now: () => new Date().toISOString() }),
      seal,
      log: silentLogger,
    });
    const server = await listen({ app, bind: '127.0.0.1', port: 0 });
    if (!server.ok) throw new Error(server.error.message);
    const base = { ...env, baseUrl: server.value.url };
    let stopped = false;
    void seal.whenSealed.then(() => (stopped = true));
    try {
      const sealed = await postSeal(base, {});
      expect(sealed.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stopped).toBe(true);

      const ingest = await fetch(`${base.baseUrl}${AGENT_API.ingestLines}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ batchId: 'late', lines: [{ text: 'after the seal' }] }),
      });
      expect(ingest.status).toBe(409);
      expect(AgentErrorBody.parse(await ingest.json()).error).toEqual({
        code: 'sealed',
        message:
          'This agent has sealed the instance for imaging and is stopping; it accepts nothing more. Launch a new instance to install again.',
      });
      const final = await fetch(`${base.baseUrl}${AGENT_API.ingestFinal}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ result: 'success' }),
      });
      expect(final.status).toBe(409);
      expect((await fetch(`${base.baseUrl}${AGENT_API.events}`, { headers: auth(base) })).status).toBe(409);
      expect(errorOf(await postSeal(base, {})).code).toBe('sealed');
      expect(existsSync(env.root)).toBe(false);
    } finally {
      shutdown.abort();
      await server.value.close();
      await journal.close();
    }
  });
});
