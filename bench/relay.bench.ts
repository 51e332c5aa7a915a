/**
 * Relay benchmark: line-to-backend latency (the moment Kiln's agent link hands lines to the UI channel) at
 * 1,000 and 10,000 lines/s and peak throughput, over loopback with the real agent and pinned TLS; side by side
 * with a baseline that polls every 10 s (the design Kiln replaces), which relays the very same lines at both rates.
 * Every run counts the lines that never arrived. Ends with a PASS/MISS line per target; writes
 * bench-results/relay.json. KILN_BENCH_SECONDS (default 10) sets how long each rate runs.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AGENT_API, EventsResponse } from '../installer-agent/src/protocol';
import { agentGet } from '../electron/core/agent-link/agent-http';
import { createAgentCertificate } from '../electron/core/agent-link/agent-certificate';
import { startAgentLink } from '../electron/core/agent-link/agent-link';
import { checkTargets, countLoss, verdictLines } from './targets';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist', 'agent', 'kiln-agent.cjs');
const GENERATOR = path.join(__dirname, 'line-generator.cjs');
const now = () => performance.timeOrigin + performance.now();

interface Agent {
  baseUrl: string;
  token: string;
  pin: { certPem: string; fingerprint256: string };
  configPath: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function startAgent(): Promise<Agent> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-bench-'));
  const cert = createAgentCertificate({
    commonName: 'bench',
    altNames: ['127.0.0.1'],
    notBefore: new Date(Date.now() - 60_000),
    validDays: 1,
  });
  const token = randomBytes(24).toString('base64url');
  const port = await freePort();
  await writeFile(path.join(dir, 'cert.pem'), cert.certPem);
  await writeFile(path.join(dir, 'key.pem'), cert.keyPem);
  const configPath = path.join(dir, 'agent.json');
  await writeFile(
    configPath,
    JSON.stringify({
      bind: '127.0.0.1',
      port,
      dataDir: path.join(dir, 'data'),
      tokenSha256: createHash('sha256').update(token).digest('hex'),
      tls: { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') },
    }),
  );
  const serve = spawn(process.execPath, [BUNDLE, 'serve', '--config', configPath], { stdio: 'ignore' });
  const pin = { certPem: cert.certPem, fingerprint256: cert.fingerprint256 };
  const baseUrl = `https://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await agentGet(`${baseUrl}${AGENT_API.health}`, {
      headers: { authorization: `Bearer ${token}` },
      pin,
      signal: AbortSignal.timeout(1_000),
      timeoutMs: 1_000,
    }).then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (i > 100) throw new Error('agent did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    baseUrl,
    token,
    pin,
    configPath,
    async stop() {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function runGenerator(agent: Agent, rate: number, total: number) {
  const child = spawn(
    process.execPath,
    [
      BUNDLE,
      'run',
      '--quiet',
      '--config',
      agent.configPath,
      '--',
      process.execPath,
      GENERATOR,
      String(rate),
      String(total),
    ],
    { stdio: 'ignore' },
  );
  return new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
/** The generator's line `<n> <written at, ms>`: its number and its latency on arrival. */
function parseLine(text: string, arrived: number): { n: number; latency: number } {
  const [n, writtenAt] = text.split(' ');
  return { n: Number(n), latency: arrived - Number(writtenAt) };
}

function summarize(total: number, numbers: number[], latencies: number[], ms: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  const loss = countLoss(total, numbers);
  return {
    lines: total,
    ...loss,
    seconds: round(ms / 1_000),
    linesPerSecond: Math.round(loss.received / (ms / 1_000)),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

/** Kiln's link: long-poll, hands lines over as soon as they are journaled. */
async function measureLink(rate: number, total: number) {
  const agent = await startAgent();
  const latencies: number[] = [];
  const numbers: number[] = [];
  const started = now();
  let lastArrival = started;
  const link = startAgentLink({
    baseUrl: () => agent.baseUrl,
    token: agent.token,
    pin: agent.pin,
    cursor: 0,
    waitMs: 20_000,
    onLines: async (lines) => {
      const arrived = now();
      for (const line of lines) {
        const { n, latency } = parseLine(line.text, arrived);
        numbers.push(n);
        latencies.push(latency);
      }
      lastArrival = arrived;
    },
    onFinal: async () => undefined,
    onStatus: () => undefined,
  });
  await runGenerator(agent, rate, total);
  await link.done;
  await agent.stop();
  return summarize(total, numbers, latencies, lastArrival - started);
}

/** The baseline: ask for new lines every 10 s. */
async function measurePolling(rate: number, total: number, intervalMs = 10_000) {
  const agent = await startAgent();
  const latencies: number[] = [];
  const numbers: number[] = [];
  const started = now();
  let cursor = 0;
  let finished = false;
  const generator = runGenerator(agent, rate, total);
  while (!finished) {
    await new Promise((r) => setTimeout(r, intervalMs));
    for (;;) {
      const response = await agentGet(`${agent.baseUrl}${AGENT_API.events}?after=${cursor}&limit=10000`, {
        headers: { authorization: `Bearer ${agent.token}` },
        pin: agent.pin,
        signal: AbortSignal.timeout(30_000),
        timeoutMs: 30_000,
      });
      const page = EventsResponse.parse(response.body);
      const arrived = now();
      for (const event of page.events) {
        if (event.kind === 'line') {
          const { n, latency } = parseLine(event.text, arrived);
          numbers.push(n);
          latencies.push(latency);
        } else finished = true;
        cursor = event.seq;
      }
      if (page.events.length < 10_000) break;
    }
  }
  await generator;
  await agent.stop();
  return summarize(total, numbers, latencies, now() - started);
}

async function main() {
  const seconds = Number(process.env.KILN_BENCH_SECONDS ?? 10);
  if (!(seconds > 0)) throw new Error('KILN_BENCH_SECONDS must be a positive number of seconds');
  // Both designs relay the same lines: `seconds` worth at each rate.
  const at1k = 1_000 * seconds;
  const at10k = 10_000 * seconds;
  const peakLines = 50_000 * seconds;
  const kiln = {
    at1000LinesPerSecond: await measureLink(1_000, at1k),
    at10000LinesPerSecond: await measureLink(10_000, at10k),
    peak: await measureLink(0, peakLines),
  };
  const baselinePollEvery10s = {
    at1000LinesPerSecond: await measurePolling(1_000, at1k),
    at10000LinesPerSecond: await measurePolling(10_000, at10k),
  };
  const verdicts = checkTargets([
    {
      name: 'Kiln p99 at 10,000 lines/s',
      measured: kiln.at10000LinesPerSecond.p99Ms,
      kind: 'max',
      limit: 250,
      unit: 'ms',
    },
    { name: 'Kiln peak throughput', measured: kiln.peak.linesPerSecond, kind: 'min', limit: 50_000, unit: 'lines/s' },
    ...Object.entries(kiln).map(([run, result]) => ({
      name: `Kiln lines lost (${run})`,
      measured: result.lost + result.duplicates + result.strays,
      kind: 'max' as const,
      limit: 0,
      unit: 'lines',
    })),
  ]);
  const results = {
    machine: { cpus: os.cpus().length, node: process.version },
    transport: 'loopback, HTTPS with the pinned per-launch certificate, real agent bundle (serve + run)',
    measuredAt: 'the moment the agent link hands a batch to the UI event channel',
    secondsPerRate: seconds,
    kiln,
    baselinePollEvery10s,
    targets: verdicts,
  };
  await mkdir(path.join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench-results', 'relay.json'), JSON.stringify(results, null, 2));
  const line = (name: string, r: ReturnType<typeof summarize>) =>
    `${name}: ${r.received.toLocaleString('en-US')}/${r.lines.toLocaleString('en-US')} lines, lost ${r.lost}, ` +
    `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.linesPerSecond.toLocaleString('en-US')} lines/s`;
  console.log(
    [
      line('relay Kiln 1k/s', kiln.at1000LinesPerSecond),
      line('relay Kiln 10k/s', kiln.at10000LinesPerSecond),
      line('relay Kiln peak', kiln.peak),
      line('relay baseline (poll every 10 s) 1k/s', baselinePollEvery10s.at1000LinesPerSecond),
      line('relay baseline (poll every 10 s) 10k/s', baselinePollEvery10s.at10000LinesPerSecond),
      ...verdictLines(verdicts),
    ].join('\n'),
  );
  process.exitCode = verdicts.every((v) => v.result === 'PASS') ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
