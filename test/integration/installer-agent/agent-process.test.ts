/** The real bundle (`node dist/agent/kiln-agent.cjs`) as separate processes: serve, run, log, finish. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_API, MAX_LINE_BYTES } from '../../../installer-agent/src/protocol/events';
import { agentBundlePath } from '../../support/agent-bundle';
import {
  cleanUpAgents,
  exitOf,
  getEvents,
  lineTexts,
  makeAgentEnv,
  postJson,
  readUntilFinal,
  spawnAgent,
  startServe,
  waitUntil,
} from './agent-harness';

beforeAll(async () => {
  await agentBundlePath();
}, 60_000);

afterEach(cleanUpAgents);

describe('kiln-agent run', () => {
  it('relays interleaved stdout/stderr in order and finishes with failure and the exit code', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    const script = 'for i in 1 2 3; do echo "out $i"; sleep 0.05; echo "err $i" >&2; sleep 0.05; done; exit 3';
    const run = await spawnAgent(['run', '--config', env.configPath, '--name', 'setup', '--', 'bash', '-c', script]);
    expect(await exitOf(run)).toBe(3);
    const events = await readUntilFinal(env);
    expect(events.map((e) => (e.kind === 'line' ? `${e.stream}:${e.text}` : e.kind))).toEqual([
      'stdout:out 1',
      'stderr:err 1',
      'stdout:out 2',
      'stderr:err 2',
      'stdout:out 3',
      'stderr:err 3',
      'final',
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.at(-1)).toMatchObject({
      kind: 'final',
      result: 'failure',
      exitCode: 3,
      signal: null,
      message: 'setup exited with code 3',
    });
    expect(run.stdout()).toContain('out 3'); // the output is also echoed
  });

  it('finishes with success on exit 0, keeps ANSI and \\r, replaces bad UTF-8, splits long lines', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    const script = [
      `printf '\\033[32mgreen\\033[0m\\r\\n'`,
      `printf 'bad \\377 byte\\n'`,
      `head -c ${MAX_LINE_BYTES + 100} /dev/zero | tr '\\0' x; echo`,
      `printf 'no newline at the end'`,
    ].join('; ');
    const run = await spawnAgent(['run', '--config', env.configPath, '--quiet', '--', 'bash', '-c', script]);
    expect(await exitOf(run)).toBe(0);
    expect(run.stdout()).toBe('');
    const events = await readUntilFinal(env);
    expect(lineTexts(events)).toEqual([
      '\u001b[32mgreen\u001b[0m\r',
      'bad \ufffd byte',
      'x'.repeat(MAX_LINE_BYTES),
      'x'.repeat(100),
      'no newline at the end',
    ]);
    expect(events.at(-1)).toMatchObject({ kind: 'final', result: 'success', exitCode: 0, signal: null });
  });

  it('reports a command killed by a signal, and one that cannot start', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    const killed = await spawnAgent(['run', '--config', env.configPath, '--', 'bash', '-c', 'echo bye; kill -KILL $$']);
    expect(await exitOf(killed)).toBe(1);
    const events = await readUntilFinal(env);
    expect(events.at(-1)).toMatchObject({ result: 'failure', exitCode: null, signal: 'SIGKILL' });

    const other = await makeAgentEnv();
    await startServe(other);
    const missing = await spawnAgent(['run', '--config', other.configPath, '--', '/nonexistent/installer.sh']);
    expect(await exitOf(missing)).toBe(127);
    const failed = await readUntilFinal(other);
    expect(lineTexts(failed).join('\n')).toContain('cannot start /nonexistent/installer.sh');
    expect(failed.at(-1)).toMatchObject({ result: 'failure', exitCode: 127 });
  });

  it('started before serve is up, still delivers every line in order', async () => {
    const env = await makeAgentEnv();
    const script = 'for i in $(seq 1 30); do echo "line $i"; sleep 0.01; done';
    const run = await spawnAgent(['run', '--config', env.configPath, '--', 'bash', '-c', script]);
    await waitUntil(() => run.stdout().includes('line 30'), {
      timeoutMs: 10_000,
      what: 'the command to print its lines',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.stderr()).toContain('Cannot reach kiln-agent serve');
    await startServe(env);
    expect(await exitOf(run)).toBe(0);
    const events = await readUntilFinal(env);
    expect(lineTexts(events)).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i + 1}`));
    expect(events.at(-1)).toMatchObject({ kind: 'final', result: 'success' });
  });

  it('keeps going when serve is killed with SIGKILL mid-run: no line lost, none duplicated', async () => {
    const env = await makeAgentEnv();
    const serve = await startServe(env);
    const script = 'for i in $(seq 1 60); do echo "line $i"; sleep 0.02; done; exit 5';
    const run = await spawnAgent(['run', '--config', env.configPath, '--', 'bash', '-c', script]);
    await waitUntil(async () => (await getEvents(env)).lastSeq >= 10, {
      timeoutMs: 10_000,
      what: '10 lines to arrive',
    });
    serve.child.kill('SIGKILL');
    await exitOf(serve);
    await startServe(env); // stopped, like the first, by cleanUpAgents
    expect(await exitOf(run)).toBe(5);
    const events = await readUntilFinal(env);
    expect(lineTexts(events)).toEqual(Array.from({ length: 60 }, (_, i) => `line ${i + 1}`));
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ result: 'failure', exitCode: 5 });
  });
});

describe('kiln-agent serve', () => {
  it('continues the sequence after SIGKILL and a restart, and still recognizes journaled batch ids', async () => {
    const env = await makeAgentEnv();
    const first = await startServe(env);
    const batchA = { batchId: 'A', lines: [{ text: 'a1' }, { text: 'a2' }] };
    expect(await postJson(env, AGENT_API.ingestLines, batchA)).toEqual({
      status: 200,
      json: { firstSeq: 1, lastSeq: 2, duplicate: false },
    });
    first.child.kill('SIGKILL');
    expect(await exitOf(first)).toBe('SIGKILL');

    await startServe(env);
    expect(await postJson(env, AGENT_API.ingestLines, batchA)).toEqual({
      status: 200,
      json: { firstSeq: 1, lastSeq: 2, duplicate: true },
    });
    expect(await postJson(env, AGENT_API.ingestLines, { batchId: 'B', lines: [{ text: 'b1' }] })).toMatchObject({
      json: { firstSeq: 3, lastSeq: 3 },
    });
    const page = await getEvents(env);
    expect(page.events.map((e) => `${e.seq}:${e.kind === 'line' ? e.text : ''}`)).toEqual(['1:a1', '2:a2', '3:b1']);
  });

  it('requires the bearer token on the read side', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    for (const headers of [{}, { authorization: 'Bearer not-the-token' }] as Array<Record<string, string>>) {
      const res = await fetch(`${env.baseUrl}${AGENT_API.events}`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('answers a long poll promptly when a line arrives', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    const started = Date.now();
    const waiting = getEvents(env, { after: 0, waitMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = await spawnAgent(['log', '--config', env.configPath, 'hello', 'from', 'bash']);
    expect(await exitOf(log)).toBe(0);
    const page = await waiting;
    expect(page.events).toMatchObject([{ seq: 1, kind: 'line', stream: 'log', text: 'hello from bash' }]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('shuts down gracefully on SIGTERM, answering pending long polls', async () => {
    const env = await makeAgentEnv();
    const serve = await startServe(env);
    const waiting = getEvents(env, { after: 0, waitMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    serve.child.kill('SIGTERM');
    expect((await waiting).events).toEqual([]);
    expect(await exitOf(serve, 8_000)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(serve.stderr()).toContain('SIGTERM: shutting down');
  });

  it('fails fast with a message that names the bad config field', async () => {
    const env = await makeAgentEnv({ port: 'eighty' });
    const serve = await spawnAgent(['serve', '--config', env.configPath]);
    expect(await exitOf(serve)).toBe(1);
    expect(serve.stderr()).toMatch(/Config .*agent\.json is invalid: port:/);
  });
});

describe('kiln-agent log and finish', () => {
  it('posts stdin lines, then the final token once; a different final is refused', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    const log = await spawnAgent(['log', '--config', env.configPath, '--stream', 'stderr'], {
      stdin: 'one\ntwo\nthree',
    });
    expect(await exitOf(log)).toBe(0);
    const finish = await spawnAgent(['finish', '--config', env.configPath, 'success', 'all', 'done']);
    expect(await exitOf(finish)).toBe(0);
    const again = await spawnAgent(['finish', '--config', env.configPath, 'success', 'all', 'done']);
    expect(await exitOf(again)).toBe(0);
    const conflicting = await spawnAgent(['finish', '--config', env.configPath, 'failure']);
    expect(await exitOf(conflicting)).toBe(1);
    expect(conflicting.stderr()).toContain('409');
    const conflict = await postJson(env, AGENT_API.ingestFinal, { result: 'failure', exitCode: 1 });
    expect(conflict).toMatchObject({ status: 409, json: { error: { code: 'final-conflict' } } });

    const events = await readUntilFinal(env);
    expect(
      events.map((e) => (e.kind === 'line' ? `${e.stream}:${e.text}` : `${e.kind}:${e.result}:${e.message}`)),
    ).toEqual(['stderr:one', 'stderr:two', 'stderr:three', 'final:success:all done']);
  });

  it('exits non-zero with a clear error when serve is not reachable', async () => {
    const env = await makeAgentEnv();
    const started = Date.now();
    const log = await spawnAgent(['log', '--config', env.configPath, 'nobody listens']);
    const finish = await spawnAgent(['finish', '--config', env.configPath, 'success']);
    expect(await exitOf(log)).toBe(1);
    expect(await exitOf(finish)).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const proc of [log, finish]) {
      expect(proc.stderr()).toContain(`Cannot reach kiln-agent serve at http://127.0.0.1:${env.port}`);
      expect(proc.stderr()).toContain('Is `kiln-agent serve` running');
    }
  });

  it('prints usage and exits 2 for an unknown command or bad arguments', async () => {
    for (const args of [['deploy'], ['run', '--config', 'x'], ['finish', '--config', 'x', 'maybe'], []]) {
      const proc = await spawnAgent(args);
      expect(await exitOf(proc)).toBe(2);
      expect(proc.stderr()).toContain('Usage:');
    }
  });
});
