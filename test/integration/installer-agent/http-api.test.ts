/** The agent's HTTP API in-process: createApp on a real socket (127.0.0.1, port 0) with a real journal. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHostKeys } from '../../../installer-agent/src/host-keys/read-host-keys';
import { createIngestService } from '../../../installer-agent/src/ingest/ingest-service';
import { openJournal, type Journal } from '../../../installer-agent/src/journal/journal';
import { silentLogger } from '../../../installer-agent/src/logger';
import {
  AGENT_API,
  AgentErrorBody,
  EventsResponse,
  HealthResponse,
  HostKeysResponse,
  MAX_LINE_BYTES,
} from '../../../installer-agent/src/protocol/events';
import { createApp } from '../../../installer-agent/src/server/create-app';
import { collectHealth } from '../../../installer-agent/src/server/health';
import { requireLocalCaller } from '../../../installer-agent/src/server/loopback';
import { createSealService, type SealService } from '../../../installer-agent/src/seal/seal-service';
import { nodeSealFileSystem } from '../../../installer-agent/src/seal/seal-instance';
import { sealHostFor } from '../../../installer-agent/src/seal/seal-plan';
import { listen, type RunningServer } from '../../../installer-agent/src/server/start-server';

const TOKEN = 'test-token-1234';
let dir = '';
let journal: Journal;
let server: RunningServer;
let base = '';
let shutdown: AbortController;
/** Where the app reads host keys; missing unless a test creates it. */
let hostKeyDir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiln-agent-api-'));
  hostKeyDir = join(dir, 'ssh');
  journal = await openJournal({ dataDir: dir, fsync: false });
  shutdown = new AbortController();
  const app = createApp({
    journal,
    tokenSha256: createHash('sha256').update(TOKEN).digest('hex'),
    health: () => collectHealth(journal, dir),
    hostKeys: () => readHostKeys(hostKeyDir),
    shutdownSignal: shutdown.signal,
    ingest: createIngestService({ journal, now: () => new Date().toISOString() }),
    seal: oldConfigSeal(),
    log: silentLogger,
  });
  const started = await listen({ app, bind: '127.0.0.1', port: 0 });
  if (!started.ok) throw new Error(started.error.message);
  server = started.value;
  base = server.url;
});

afterEach(async () => {
  shutdown.abort();
  await server.close();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

const bearer = { authorization: `Bearer ${TOKEN}` };

/** The seal of an agent whose config predates sealing (no root, service, firstBootReset): it can only refuse. */
function oldConfigSeal(): SealService {
  return createSealService({
    config: { bind: '127.0.0.1', port: 1, tokenSha256: 'f'.repeat(64), dataDir: dir },
    configPath: join(dir, 'agent.json'),
    journal,
    fs: nodeSealFileSystem,
    runner: { run: async () => ({ ok: false, detail: 'not in this test' }) },
    host: sealHostFor({ platform: process.platform, programFiles: undefined }),
    log: silentLogger,
  });
}

async function events(query = ''): Promise<EventsResponse> {
  const res = await fetch(`${base}${AGENT_API.events}${query}`, { headers: bearer });
  expect(res.status).toBe(200);
  return EventsResponse.parse(await res.json());
}

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function expectError(res: { status: number; json: unknown }, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  const body = AgentErrorBody.parse(res.json);
  expect(body.error.code).toBe(code);
  return body.error.message;
}

describe('read side', () => {
  it('requires the bearer token: 401 without it or with a wrong one', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of attempts) {
      for (const path of [AGENT_API.events, AGENT_API.health, AGENT_API.hostKeys]) {
        const res = await fetch(`${base}${path}`, { headers });
        await expectError({ status: res.status, json: await res.json() }, 401, 'unauthorized');
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
  });

  it('reports health', async () => {
    const res = await fetch(`${base}${AGENT_API.health}`, { headers: bearer });
    const health = HealthResponse.parse(await res.json());
    expect(health).toMatchObject({ agentVersion: expect.any(String), lastSeq: 0, finished: false });
    expect(health.loadAverage).toHaveLength(3);
    expect(health.diskFreeBytes).toBeGreaterThan(0);
    expect(health.memory.agentRssBytes).toBeGreaterThan(0);
  });

  it('pages events by cursor and limit', async () => {
    await post(AGENT_API.ingestLines, { batchId: 'b', lines: ['a', 'b', 'c', 'd', 'e'].map((text) => ({ text })) });
    const page = await events('?after=1&limit=2');
    expect(page.events.map((e) => e.seq)).toEqual([2, 3]);
    expect(page.lastSeq).toBe(5);
    expect(page.final).toBeNull();
    expect((await events('?after=5')).events).toEqual([]);
  });

  it('long-polls: answers as soon as a line arrives, or empty when the wait is over', async () => {
    const started = Date.now();
    const waiting = events('?after=0&waitMs=20000');
    setTimeout(() => void post(AGENT_API.ingestLines, { batchId: 'b1', lines: [{ text: 'hello' }] }), 150);
    const page = await waiting;
    expect(page.events).toMatchObject([{ seq: 1, text: 'hello', stream: 'log' }]);
    expect(Date.now() - started).toBeLessThan(5_000);

    const emptyStart = Date.now();
    expect((await events('?after=1&waitMs=300')).events).toEqual([]);
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(250);
  });

  it('does not wait once the final token is journaled', async () => {
    await post(AGENT_API.ingestFinal, { result: 'success' });
    const started = Date.now();
    const page = await events('?after=1&waitMs=20000');
    expect(page.events).toEqual([]);
    expect(page.final).toMatchObject({ seq: 1, result: 'success' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers pending long polls when the server shuts down', async () => {
    const waiting = events('?after=0&waitMs=30000');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    shutdown.abort();
    await server.close();
    expect((await waiting).events).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('rejects a bad query with 400', async () => {
    const res = await fetch(`${base}${AGENT_API.events}?after=-1&waitMs=999999`, { headers: bearer });
    const message = await expectError({ status: res.status, json: await res.json() }, 400, 'bad-request');
    expect(message).toContain('after');
    expect(message).toContain('waitMs');
  });
});

const hasSshKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;

describe('host keys', () => {
  it.skipIf(!hasSshKeygen)(
    'serves the public host keys, not the private ones, read afresh on every request',
    async () => {
      await mkdir(hostKeyDir);
      const file = join(hostKeyDir, 'ssh_host_ed25519_key');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'root@agent-api', '-f', file]);
      const [type, key] = (await readFile(`${file}.pub`, 'utf8')).trim().split(' ');
      const res = await fetch(`${base}${AGENT_API.hostKeys}`, { headers: bearer });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(HostKeysResponse.parse(await res.json())).toEqual({
        keys: [{ file: 'ssh_host_ed25519_key.pub', type, key, comment: 'root@agent-api' }],
        problems: [],
      });

      await writeFile(join(hostKeyDir, 'ssh_host_rsa_key.pub'), `ssh-rsa ${key}\n`);
      const again = HostKeysResponse.parse(
        await (await fetch(`${base}${AGENT_API.hostKeys}`, { headers: bearer })).json(),
      );
      expect(again.keys.map((k) => k.file)).toEqual(['ssh_host_ed25519_key.pub']);
      expect(again.problems).toEqual([
        {
          file: 'ssh_host_rsa_key.pub',
          message: expect.stringContaining('The line says ssh-rsa but the key data is "ssh-ed25519"'),
        },
      ]);
      expect(JSON.stringify(again)).not.toContain('PRIVATE');
    },
  );

  it('answers 200 with one problem when sshd has no host key directory', async () => {
    const res = await fetch(`${base}${AGENT_API.hostKeys}`, { headers: bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(HostKeysResponse.parse(await res.json())).toEqual({
      keys: [],
      problems: [
        {
          file: hostKeyDir,
          message: expect.stringContaining(`sshd's host keys are not there: ${hostKeyDir} does not exist`),
        },
      ],
    });
  });
});

describe('seal, on an agent whose config predates it', () => {
  const seal = (body: unknown, headers: Record<string, string> = { ...bearer, 'content-type': 'application/json' }) =>
    post(AGENT_API.seal, body, headers);

  it('needs the bearer token, a JSON body of two optional booleans, and then says this agent cannot seal', async () => {
    await expectError(await seal({}, { 'content-type': 'application/json' }), 401, 'unauthorized');
    await expectError(await seal({}, { ...bearer, 'content-type': 'text/plain' }), 415, 'unsupported-media-type');
    expect(await expectError(await seal({ keepAgent: 'yes' }), 400, 'bad-request')).toMatch(
      /^Bad seal request: keepAgent: /,
    );
    expect(await expectError(await seal({ keepagent: true }), 400, 'bad-request')).toContain('keepagent');
    await journal.appendFinal({ ts: new Date().toISOString(), result: 'success', exitCode: 0, signal: null });
    const message = await expectError(await seal({ keepAgent: true }), 409, 'seal-unsupported');
    expect(message).toMatch(
      /^This agent cannot seal: its config .* was written by an older Kiln bootstrap.*Launch the instance again with this version of Kiln/,
    );
    // Nothing was sealed: the agent still serves.
    expect((await events()).lastSeq).toBe(1);
  });
});

describe('ingest', () => {
  it('is idempotent by batchId', async () => {
    const batch = {
      batchId: 'same',
      lines: [
        { stream: 'stdout', text: 'one' },
        { stream: 'stderr', text: 'two' },
      ],
    };
    expect(await post(AGENT_API.ingestLines, batch)).toEqual({
      status: 200,
      json: { firstSeq: 1, lastSeq: 2, duplicate: false },
    });
    expect(await post(AGENT_API.ingestLines, batch)).toEqual({
      status: 200,
      json: { firstSeq: 1, lastSeq: 2, duplicate: true },
    });
    expect((await events()).events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('splits lines longer than MAX_LINE_BYTES into several events', async () => {
    const text = 'z'.repeat(MAX_LINE_BYTES * 2 + 10);
    expect((await post(AGENT_API.ingestLines, { batchId: 'long', lines: [{ text }] })).json).toMatchObject({
      firstSeq: 1,
      lastSeq: 3,
    });
    const page = await events();
    expect(page.events.map((e) => (e.kind === 'line' ? e.text.length : 0))).toEqual([
      MAX_LINE_BYTES,
      MAX_LINE_BYTES,
      10,
    ]);
  });

  it('takes the first final token; the same again is fine, a different one or later lines get 409', async () => {
    await post(AGENT_API.ingestLines, { batchId: 'b1', lines: [{ text: 'work' }] });
    const first = await post(AGENT_API.ingestFinal, { result: 'failure', exitCode: 2, message: 'step 3 failed' });
    expect(first).toMatchObject({
      status: 200,
      json: { duplicate: false, final: { seq: 2, kind: 'final', result: 'failure', exitCode: 2 } },
    });
    expect(
      await post(AGENT_API.ingestFinal, { result: 'failure', exitCode: 2, message: 'step 3 failed' }),
    ).toMatchObject({
      status: 200,
      json: { duplicate: true, final: { seq: 2 } },
    });
    await expectError(await post(AGENT_API.ingestFinal, { result: 'success' }), 409, 'final-conflict');
    await expectError(
      await post(AGENT_API.ingestLines, { batchId: 'b2', lines: [{ text: 'late' }] }),
      409,
      'already-finished',
    );
    expect(await post(AGENT_API.ingestLines, { batchId: 'b1', lines: [{ text: 'work' }] })).toMatchObject({
      status: 200,
      json: { duplicate: true },
    });
    const page = await events();
    expect(page.final).toMatchObject({ seq: 2, result: 'failure' });
    expect(page.events.at(-1)).toEqual(page.final);
  });

  it('answers malformed bodies with 400, a wrong content type with 415, too large with 413', async () => {
    expect(await expectError(await post(AGENT_API.ingestLines, '{"batchId":'), 400, 'bad-request')).toContain(
      'not valid JSON',
    );
    expect(
      await expectError(await post(AGENT_API.ingestLines, { batchId: '', lines: 'x' }), 400, 'bad-request'),
    ).toMatch(/batchId.*lines/);
    await expectError(await post(AGENT_API.ingestFinal, { result: 'maybe' }), 400, 'bad-request');
    await expectError(
      await post(AGENT_API.ingestLines, { batchId: 'b', lines: [] }, { 'content-type': 'text/plain' }),
      415,
      'unsupported-media-type',
    );
    const huge = { batchId: 'huge', lines: [{ text: 'x'.repeat(9 * 1024 * 1024) }] };
    await expectError(await post(AGENT_API.ingestLines, huge), 413, 'payload-too-large');
    expect(journal.lastSeq).toBe(0);
  });

  it('refuses requests from browsers (Origin header)', async () => {
    const res = await post(
      AGENT_API.ingestLines,
      { batchId: 'b', lines: [{ text: 'x' }] },
      { 'content-type': 'application/json', origin: 'http://evil.example' },
    );
    await expectError(res, 403, 'forbidden');
  });

  it('refuses callers that are not on loopback', () => {
    let status = 0;
    let body: unknown;
    const res = { status: (s: number) => ((status = s), res), json: (b: unknown) => (body = b) };
    const req = { socket: { remoteAddress: '172.31.4.5' }, get: () => undefined };
    let passed = false;
    requireLocalCaller(req as never, res as never, () => (passed = true));
    expect(passed).toBe(false);
    expect(status).toBe(403);
    expect(AgentErrorBody.parse(body).error.code).toBe('forbidden');
  });

  it('answers unknown routes and methods with 404', async () => {
    const res = await fetch(`${base}/v2/anything`);
    await expectError({ status: res.status, json: await res.json() }, 404, 'not-found');
    const wrongMethod = await fetch(`${base}${AGENT_API.ingestLines}`);
    expect(wrongMethod.status).toBe(404);
    const postEvents = await post(AGENT_API.events, {});
    expect(postEvents.status).toBe(404);
  });

  it('accepts IPv4-mapped loopback callers (::ffff:127.0.0.1) on a dual-stack socket', async () => {
    const app = createApp({
      journal,
      tokenSha256: 'f'.repeat(64),
      health: () => collectHealth(journal, dir),
      hostKeys: () => readHostKeys(hostKeyDir),
      shutdownSignal: shutdown.signal,
      ingest: createIngestService({ journal, now: () => new Date().toISOString() }),
      seal: oldConfigSeal(),
      log: silentLogger,
    });
    const dual = await listen({ app, bind: '::', port: 0 });
    if (!dual.ok) return; // no IPv6 on this machine: the pure check in loopback.test.ts still covers the address form
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: dual.value.port,
            path: AGENT_API.ingestLines,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ batchId: 'mapped', lines: [{ text: 'via ::ffff:127.0.0.1' }] }));
      });
      expect(status).toBe(200);
    } finally {
      await dual.value.close();
    }
  });
});
