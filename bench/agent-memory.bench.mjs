// Agent memory at 1,000,000 lines: runs the real bundle (`serve` + `run` of a script printing N lines) on 127.0.0.1,
// reads the events back like Kiln does (long poll, 10,000 per page) while it runs, samples both processes' RSS
// (VmRSS in /proc/<pid>/status, and RssAnon: the part that is not the node binary's shared pages) every 100 ms,
// and writes bench-results/agent-memory.json. It measures the bundle as Kiln ships it (scripts/build-agent.mjs's
// buildShippedAgent: minified); --unminified measures the development build instead, for comparison. Ends with a
// PASS/MISS line per target (each process under 80 MB RSS), also in the JSON.
// Usage: node bench/agent-memory.bench.mjs [--lines N] [--unminified]   (Linux)
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { lines: { type: 'string', default: '1000000' }, unminified: { type: 'boolean', default: false } },
});
const LINES = Number(values.lines);
const RSS_TARGET_MB = 80;
const TIME_LIMIT_MS = 150_000;

const { buildAgent, buildShippedAgent } = await import(pathToFileURL(join(root, 'scripts', 'build-agent.mjs')).href);
const bundleFile = join(tmpdir(), `kiln-agent-bench-${process.pid}.cjs`);
const { outfile: bundle, bytes: bundleBytes } = values.unminified
  ? await buildAgent({ minify: false, outfile: bundleFile })
  : await buildShippedAgent(bundleFile);
const bundleInfo = {
  build: values.unminified ? 'development (unminified)' : 'shipped (minified, as scripts/build.mjs builds it)',
  bytes: bundleBytes,
  sha256: createHash('sha256')
    .update(await readFile(bundle))
    .digest('hex'),
};

const dir = await mkdtemp(join(tmpdir(), 'kiln-agent-bench-'));
const children = new Set();
try {
  const measured = await measure(dir);
  const targets = [
    { name: 'serve RSS peak', measured: measured.serveRssPeakMB, kind: 'max', limit: RSS_TARGET_MB, unit: 'MB' },
    { name: 'run RSS peak', measured: measured.runRssPeakMB, kind: 'max', limit: RSS_TARGET_MB, unit: 'MB' },
  ].map((t) => ({ ...t, result: Number.isFinite(t.measured) && t.measured <= t.limit ? 'PASS' : 'MISS' }));
  const result = { ...measured, targets };
  await mkdir(join(root, 'bench-results'), { recursive: true });
  await writeFile(join(root, 'bench-results', 'agent-memory.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `agent-memory (${bundleInfo.build}, ${Math.round(bundleInfo.bytes / 1024)} KiB): ` +
      `${result.lines.toLocaleString('en-US')} lines in ${(result.durationMs / 1000).toFixed(1)} s ` +
      `(${Math.round(result.linesPerSecond).toLocaleString('en-US')} lines/s); serve RSS peak ${result.serveRssPeakMB} MB, ` +
      `end ${result.serveRssEndMB} MB; run RSS peak ${result.runRssPeakMB} MB (private: serve ${result.serveRssAnonPeakMB}, ` +
      `run ${result.runRssAnonPeakMB} MB)`,
  );
  for (const t of targets)
    console.log(`${t.result} ${t.name}: ${t.measured} ${t.unit} (target ≤ ${t.limit} ${t.unit})`);
  process.exitCode = targets.every((t) => t.result === 'PASS') ? 0 : 1;
} finally {
  for (const child of children) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
  await rm(bundle, { force: true });
}

async function measure(dir) {
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const configPath = join(dir, 'agent.json');
  const config = {
    bind: '127.0.0.1',
    port,
    tokenSha256: createHash('sha256').update(token).digest('hex'),
    dataDir: join(dir, 'data'),
  };
  await writeFile(configPath, JSON.stringify(config));
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}` };

  const serve = start([bundle, 'serve', '--config', configPath]);
  await until(
    async () => (await fetch(`${base}/v1/health`, { headers }).catch(() => null))?.ok === true,
    10_000,
    'serve to start',
  );

  // A typical log line (~70 bytes), printed as fast as awk can.
  const script = `awk 'BEGIN { for (i = 1; i <= ${LINES}; i++) print "[" i "] installing package " i % 977 " of 977: unpacking, configuring" }'`;
  const started = performance.now();
  const run = start([bundle, 'run', '--config', configPath, '--quiet', '--name', 'bench', '--', 'bash', '-c', script]);

  const serveRss = [];
  const runRss = [];
  const serveAnon = [];
  const runAnon = [];
  const sampler = setInterval(() => {
    sample(serve.pid, serveRss, serveAnon);
    sample(run.pid, runRss, runAnon);
  }, 100);

  let received = 0;
  let final = null;
  const reader = (async () => {
    let after = 0;
    while (!final && performance.now() - started < TIME_LIMIT_MS) {
      const res = await fetch(`${base}/v1/events?after=${after}&waitMs=5000&limit=10000`, { headers });
      const page = await res.json();
      for (const event of page.events) {
        if (event.seq !== after + 1) throw new Error(`gap or repeat: seq ${event.seq} after ${after}`);
        after = event.seq;
        if (event.kind === 'line') received += 1;
        else final = event;
      }
    }
  })();

  let limit;
  const runExit = await Promise.race([
    exitOf(run),
    new Promise((resolve) => (limit = setTimeout(() => resolve('timeout'), TIME_LIMIT_MS))),
  ]);
  clearTimeout(limit);
  if (runExit !== 0) throw new Error(`run ended with ${runExit}: ${run.stderrText()}`);
  await reader;
  const durationMs = performance.now() - started;
  clearInterval(sampler);
  if (received !== LINES || final?.result !== 'success')
    throw new Error(`read back ${received} lines, final ${JSON.stringify(final)}`);

  await sleep(1_000);
  const end = [];
  await sample(serve.pid, end, serveAnon);
  serve.kill('SIGTERM');
  await exitOf(serve);

  const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    lines: LINES,
    durationMs: Math.round(durationMs),
    linesPerSecond: Math.round(LINES / (durationMs / 1000)),
    serveRssPeakMB: mb(Math.max(...serveRss, ...end)),
    serveRssEndMB: mb(end[0] ?? 0),
    runRssPeakMB: mb(Math.max(...runRss)),
    serveRssAnonPeakMB: mb(Math.max(...serveAnon)),
    runRssAnonPeakMB: mb(Math.max(...runAnon)),
    samples: { serve: serveRss.length, run: runRss.length, intervalMs: 100 },
    bundle: bundleInfo,
    v8Flags: process.env.KILN_AGENT_V8_FLAGS ?? "the agent's own (src/memory-flags.ts)",
    node: process.version,
    measuredAt: new Date().toISOString(),
  };
}

/** Spawns `node args…`, remembering it so that it is killed on the way out. */
function start(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
  child.stderrText = () => stderr;
  child.once('exit', () => children.delete(child));
  return child;
}

function exitOf(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/** VmRSS and RssAnon of a live process in bytes, appended to `rss` and `anon`; nothing once the process is gone. */
function sample(pid, rss, anon) {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (status) => {
      const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      if (!Number.isNaN(kb('VmRSS'))) rss.push(kb('VmRSS'));
      if (!Number.isNaN(kb('RssAnon'))) anon.push(kb('RssAnon'));
    },
    () => undefined,
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
