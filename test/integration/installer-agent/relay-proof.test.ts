/**
 * Proof that the log read back from the agent is exactly what the installer printed (order, content, streams),
 * with real processes: `kiln-agent serve` and `kiln-agent run` from the bundle, and bash installers.
 *
 * Order across stdout and stderr is only defined where the installer waits between switching streams (two pipes
 * are read independently, as by any terminal); elsewhere each stream's own order is checked, and the sequence
 * numbers must have no gap and no repeat.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_API,
  MAX_LINE_BYTES,
  type AgentEvent,
  type LineStream,
} from '../../../installer-agent/src/protocol/events';
import { agentBundlePath } from '../../support/agent-bundle';
import {
  auth,
  cleanUpAgents,
  exitOf,
  getEvents,
  makeAgentEnv,
  readUntilFinal,
  spawnAgent,
  startServe,
  waitUntil,
  type AgentEnv,
} from './agent-harness';

beforeAll(async () => {
  await agentBundlePath();
}, 60_000);

afterEach(cleanUpAgents);

/** One write of the installer: raw bytes to a stream, then an optional pause (so the next write's order is defined). */
interface Write {
  stream: 'stdout' | 'stderr';
  bytes: Buffer;
  pauseAfter?: boolean;
}

/** A bash script that writes exactly these bytes with printf (every byte outside [A-Za-z0-9 ] as \xHH). */
function printfScript(writes: Write[]): string {
  const escape = (bytes: Buffer): string =>
    [...bytes]
      .map((b) =>
        /[A-Za-z0-9 ]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`,
      )
      .join('');
  return writes
    .map((w) => `printf '${escape(w.bytes)}'${w.stream === 'stderr' ? ' >&2' : ''}${w.pauseAfter ? '; sleep 0.1' : ''}`)
    .join('\n');
}

/** The lines a byte stream holds: split on \n, each decoded as UTF-8 with U+FFFD for invalid bytes; a last unterminated line counts. */
function linesOf(bytes: Buffer): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    parts.push(bytes.toString('utf8', start, nl));
    start = nl + 1;
  }
  if (start < bytes.length) parts.push(bytes.toString('utf8', start));
  return parts;
}

const describeLine = (e: AgentEvent): string => (e.kind === 'line' ? `${e.stream}:${e.text}` : `final:${e.result}`);
const linesOfStream = (events: AgentEvent[], stream: LineStream): string[] =>
  events.flatMap((e) => (e.kind === 'line' && e.stream === stream ? [e.text] : []));

/** Like toEqual for long arrays of lines, but reports the first difference instead of diffing everything. */
function expectSameLines(actual: string[], expected: string[]): void {
  const at = actual.findIndex((line, i) => line !== expected[i]);
  if (at !== -1)
    throw new Error(`line ${at} differs: got ${JSON.stringify(actual[at])}, expected ${JSON.stringify(expected[at])}`);
  if (actual.length !== expected.length) throw new Error(`got ${actual.length} lines, expected ${expected.length}`);
}

function expectGaplessSeqs(events: AgentEvent[]): void {
  events.forEach((event, i) => {
    if (event.seq !== i + 1) throw new Error(`event ${i} has seq ${event.seq}, expected ${i + 1}`);
  });
}

async function runScript(
  env: AgentEnv,
  script: string,
  name = 'install',
): Promise<{ exit: number | string; stderr: string }> {
  const path = join(env.dir, `${name}.sh`);
  await writeFile(path, script);
  const run = await spawnAgent(['run', '--config', env.configPath, '--quiet', '--name', name, '--', 'bash', path]);
  const exit = await exitOf(run, 45_000);
  return { exit, stderr: run.stderr() };
}

describe('the relayed log equals the installer output', () => {
  it('200,000 lines on stdout and stderr: every line once, in order, on its stream', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    // Every 1,000th line also goes to stderr; awk's output is block-buffered like most installers'.
    const script = `awk 'BEGIN { for (i = 1; i <= 200000; i++) { print "line " i " of 200000 \\t|" ; if (i % 1000 == 0) print "progress " i > "/dev/stderr" } }'`;
    const started = Date.now();
    const { exit } = await runScript(env, script);
    expect(exit).toBe(0);
    const events = await readUntilFinal(env, 30_000, 10_000);
    const elapsed = Date.now() - started;
    expect(events.length).toBe(200_000 + 200 + 1);
    expectGaplessSeqs(events);
    expectSameLines(
      linesOfStream(events, 'stdout'),
      Array.from({ length: 200_000 }, (_, i) => `line ${i + 1} of 200000 \t|`),
    );
    expect(linesOfStream(events, 'stderr')).toEqual(
      Array.from({ length: 200 }, (_, i) => `progress ${(i + 1) * 1000}`),
    );
    expect(events.at(-1)).toMatchObject({ kind: 'final', result: 'success', exitCode: 0 });
    expect(elapsed).toBeLessThan(40_000);
  }, 60_000);

  it('ANSI colours, \\r progress bars, CRLF, emoji and invalid UTF-8: exact text, order and streams', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    const b = (text: string): Buffer => Buffer.from(text, 'utf8');
    const bar = Array.from({ length: 11 }, (_, i) => `\r[${'#'.repeat(i)}${' '.repeat(10 - i)}] ${i * 10}%`).join('');
    const writes: Write[] = [
      {
        stream: 'stdout',
        bytes: b('\u001b[1;31mERROR\u001b[0m bold red, \u001b[38;5;208morange\u001b[0m, \u001b[2K\u001b[1Gcleared\n'),
      },
      { stream: 'stdout', bytes: b(`Downloading ${bar}\n`), pauseAfter: true },
      { stream: 'stderr', bytes: b('warning: CRLF line\r\n\r\n'), pauseAfter: true },
      { stream: 'stdout', bytes: b('emoji 🚀 ✅ 👩‍💻 🇫🇷 — done\n\n'), pauseAfter: true },
      {
        stream: 'stderr',
        bytes: Buffer.concat([
          b('bad \xff'.slice(0, 4)),
          Buffer.from([0xff, 0xfe]),
          b(' byte\n'),
          b('cut '),
          Buffer.from([0xe2, 0x82]),
          b(' here\n'),
        ]),
        pauseAfter: true,
      },
      {
        stream: 'stdout',
        bytes: Buffer.concat([
          Buffer.from([0xc0, 0xaf, 0x80, 0xed, 0xa0, 0x80]),
          b(' overlong, lone and surrogate\n'),
          b('ends '),
          Buffer.from([0xf0, 0x9f, 0x9a]),
        ]),
      },
    ];
    const { exit } = await runScript(env, printfScript(writes));
    expect(exit).toBe(0);
    const events = await readUntilFinal(env);
    expectGaplessSeqs(events);
    const expected: string[] = [];
    // The writes followed by a pause are complete lines, so their order across streams is defined.
    for (const write of writes) for (const line of linesOf(write.bytes)) expected.push(`${write.stream}:${line}`);
    expect(events.map(describeLine)).toEqual([...expected, 'final:success']);
    // Spot checks on what the expectation means.
    expect(expected).toContain(`stdout:Downloading ${bar}`);
    expect(expected).toContain('stderr:bad \ufffd\ufffd byte');
    expect(expected.at(-1)).toBe('stdout:ends \ufffd');
  });

  it('a 1 MiB single line arrives as 64 KiB pieces whose concatenation is the line', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    // Multi-byte characters, so pieces must be cut between characters, never inside one.
    const unit = 'abcdefghij é € 🚀 ';
    const line = unit.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(unit)));
    const path = join(env.dir, 'long-line.txt');
    await writeFile(path, `${line}\nafter\n`);
    const { exit } = await runScript(env, `cat '${path}'`);
    expect(exit).toBe(0);
    const events = await readUntilFinal(env);
    expectGaplessSeqs(events);
    const texts = linesOfStream(events, 'stdout');
    expect(texts.at(-1)).toBe('after');
    const pieces = texts.slice(0, -1);
    // A boolean, not toBe: a failing comparison of two 1 MiB strings would spend minutes on the diff.
    expect(pieces.join('') === line).toBe(true);
    expect(pieces.length).toBe(17);
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    for (const piece of pieces.slice(0, -1)) expect(Buffer.byteLength(piece)).toBeGreaterThan(MAX_LINE_BYTES - 4);
  });

  it('a script killed by a signal ends with a failure token naming the signal', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    const self = await runScript(env, 'echo "about to stop"; kill -TERM $$; echo never');
    expect(self.exit).toBe(1);
    const events = await readUntilFinal(env);
    expect(events.map(describeLine)).toEqual(['stdout:about to stop', 'final:failure']);
    expect(events.at(-1)).toMatchObject({
      exitCode: null,
      signal: 'SIGTERM',
      message: 'install was killed by SIGTERM',
    });

    // Killed from outside, as the OOM killer would.
    const other = await makeAgentEnv();
    await startServe(other);
    const pidFile = join(other.dir, 'installer.pid');
    const running = runScript(other, `echo $$ > '${pidFile}'; echo "working"; exec sleep 30`);
    await waitUntil(async () => (await getEvents(other)).lastSeq >= 1, {
      timeoutMs: 10_000,
      what: 'the installer to start',
    });
    process.kill(Number((await readFile(pidFile, 'utf8')).trim()), 'SIGKILL');
    expect((await running).exit).toBe(1);
    const killed = await readUntilFinal(other);
    expect(killed.map(describeLine)).toEqual(['stdout:working', 'final:failure']);
    expect(killed.at(-1)).toMatchObject({
      exitCode: null,
      signal: 'SIGKILL',
      message: 'install was killed by SIGKILL',
    });
  });
});

describe('durability', () => {
  it('serve killed with SIGKILL twice during a long run and restarted: no line lost, none duplicated', async () => {
    const env = await makeAgentEnv();
    let serve = await startServe(env);
    const total = 60_000;
    // Bursts of 1,000 lines with short pauses: about 3 s of output, so serve can die mid-stream.
    const script = `for b in $(seq 0 59); do seq -f 'line %.0f' $((b * 1000 + 1)) $((b * 1000 + 1000)); sleep 0.04; done; exit 7`;
    const path = join(env.dir, 'install.sh');
    await writeFile(path, script);
    const run = await spawnAgent([
      'run',
      '--config',
      env.configPath,
      '--quiet',
      '--name',
      'install',
      '--',
      'bash',
      path,
    ]);
    const spoolRoot = join(env.dataDir, 'spool');

    for (const threshold of [5_000, 25_000]) {
      await waitUntil(async () => (await getEvents(env)).lastSeq >= threshold, {
        timeoutMs: 20_000,
        what: `${threshold} lines`,
      });
      serve.child.kill('SIGKILL');
      expect(await exitOf(serve)).toBe('SIGKILL');
      const down = Date.now();
      // While serve is down, run keeps capturing into its spool on disk.
      const [spoolDir] = await readdir(spoolRoot);
      expect(spoolDir).toMatch(/^install-\d+$/);
      await new Promise((resolve) => setTimeout(resolve, 400 - (Date.now() - down)));
      serve = await startServe(env);
    }

    expect(await exitOf(run, 45_000)).toBe(7);
    expect(run.stderr()).toContain('Cannot reach kiln-agent serve');
    const events = await readUntilFinal(env, 30_000, 10_000);
    expectGaplessSeqs(events);
    expectSameLines(
      linesOfStream(events, 'stdout'),
      Array.from({ length: total }, (_, i) => `line ${i + 1}`),
    );
    expect(events.length).toBe(total + 1);
    expect(events.at(-1)).toMatchObject({ kind: 'final', result: 'failure', exitCode: 7 });
    expect(await readdir(spoolRoot)).toEqual([]);
  }, 60_000);

  it('a run that crashed leaves its spool, and the next run resends it first', async () => {
    const env = await makeAgentEnv();
    // First run: serve is not up; the run is killed with SIGKILL while its lines wait in the spool.
    const pidFile = join(env.dir, 'installer.pid');
    const installer = `echo $$ > '${pidFile}'; seq -f "early %.0f" 1 500; exec sleep 30`;
    const first = await spawnAgent([
      'run',
      '--config',
      env.configPath,
      '--quiet',
      '--name',
      'first',
      '--',
      'bash',
      '-c',
      installer,
    ]);
    const spoolRoot = join(env.dataDir, 'spool');
    await waitUntil(async () => (await readdir(spoolRoot).catch(() => [])).length === 1, {
      timeoutMs: 10_000,
      what: 'the spool',
    });
    const [dir] = await readdir(spoolRoot);
    await waitUntil(async () => (await spoolText(join(spoolRoot, dir))).includes('early 500'), {
      timeoutMs: 10_000,
      what: 'lines in the spool',
    });
    first.child.kill('SIGKILL');
    await exitOf(first);
    // The installer outlives its run (as it would on a machine); end it ourselves, by its pid.
    process.kill(Number((await readFile(pidFile, 'utf8')).trim()), 'SIGKILL');

    await startServe(env);
    const second = await spawnAgent([
      'run',
      '--config',
      env.configPath,
      '--quiet',
      '--name',
      'second',
      '--',
      'bash',
      '-c',
      'echo "late 1"',
    ]);
    expect(await exitOf(second)).toBe(0);
    expect(second.stderr()).toContain(`taking over the spool of an earlier run that did not finish (${dir})`);
    const events = await readUntilFinal(env);
    expectGaplessSeqs(events);
    expect(linesOfStream(events, 'stdout')).toEqual([
      ...Array.from({ length: 500 }, (_, i) => `early ${i + 1}`),
      'late 1',
    ]);
    expect(await readdir(spoolRoot)).toEqual([]);
  });
});

describe('spool fallback', () => {
  it('a run that cannot create its spool says so and still delivers every line, from memory', async () => {
    const env = await makeAgentEnv();
    await startServe(env);
    // Same serve, but a dataDir under a file: the spool directory cannot be created.
    const blocked = join(env.dir, 'not-a-directory');
    await writeFile(blocked, '');
    const runConfig = join(env.dir, 'run.json');
    const config = JSON.parse(await readFile(env.configPath, 'utf8')) as Record<string, unknown>;
    await writeFile(runConfig, JSON.stringify({ ...config, dataDir: join(blocked, 'data') }));
    const run = await spawnAgent([
      'run',
      '--config',
      runConfig,
      '--quiet',
      '--',
      'bash',
      '-c',
      'seq -f "line %.0f" 1 3000',
    ]);
    expect(await exitOf(run)).toBe(0);
    expect(run.stderr()).toContain('kiln-agent warning: cannot use the spool directory');
    expect(run.stderr()).toContain('undelivered lines are kept in memory only');
    const events = await readUntilFinal(env);
    expectSameLines(
      linesOfStream(events, 'stdout'),
      Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`),
    );
  });
});

describe('access control, with the real process', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

  // Without a non-loopback address, the same guard is covered in-process in http-api.test.ts by a request whose
  // socket reports a remote address (`requireLocalCaller` reads only req.socket.remoteAddress).
  it.skipIf(!external)(
    `ingest from a non-loopback address (${external ?? 'none here'}) gets 403; reads need the token`,
    async () => {
      const env = await makeAgentEnv({ bind: external });
      const base = `http://${external}:${env.port}`;
      await startServe({ ...env, baseUrl: base });
      for (const path of [AGENT_API.ingestLines, AGENT_API.ingestFinal]) {
        const body =
          path === AGENT_API.ingestLines ? { batchId: 'x', lines: [{ text: 'forged' }] } : { result: 'success' };
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
      }
      for (const headers of [{}, auth(env, 'wrong-token'), { authorization: 'Basic abc' }] as Array<
        Record<string, string>
      >) {
        for (const path of [AGENT_API.events, AGENT_API.health]) {
          const res = await fetch(`${base}${path}`, { headers });
          expect(res.status).toBe(401);
          expect(res.headers.get('www-authenticate')).toBe('Bearer');
        }
      }
      const ok = await fetch(`${base}${AGENT_API.events}`, { headers: auth(env) });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ events: [], lastSeq: 0 });
    },
  );
});

async function spoolText(dir: string): Promise<string> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8').catch(() => '')));
  return texts.join('');
}
