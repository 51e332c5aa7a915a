/**
 * Relay benchmark: line-to-backend latency (the moment Kiln's agent link hands lines to the UI channel) at
 * 1,000 and 10,000 lines/s and peak throughput, over loopback with the real agent and pinned TLS; side by side
 * with a baseline that polls every 10 s (the design Kiln replaces). Writes bench-results/relay.json.
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
function summarize(latencies: number[], lines: number, ms: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    lines,
    seconds: round(ms / 1_000),
    linesPerSecond: Math.round(lines / (ms / 1_000)),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

/** Kiln's link: long-poll, hands lines over as soon as they are journaled. */
async function measureLink(rate: number, total: number) {
  const agent = await startAgent();
  const latencies: number[] = [];
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
      for (const line of lines) latencies.push(arrived - Number(line.text.split(' ')[1]));
      lastArrival = arrived;
    },
    onFinal: async () => undefined,
    onStatus: () => undefined,
  });
  await runGenerator(agent, rate, total);
  await link.done;
  await agent.stop();
  return summarize(latencies, latencies.length, lastArrival - started);
}

/** The baseline: ask for new lines every 10 s. */
async function measurePolling(rate: number, total: number, intervalMs = 10_000) {
  const agent = await startAgent();
  const latencies: number[] = [];
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
        if (event.kind === 'line') latencies.push(arrived - Number(event.text.split(' ')[1]));
        else finished = true;
        cursor = event.seq;
      }
      if (page.events.length < 10_000) break;
    }
  }
  await generator;
  await agent.stop();
  return summarize(latencies, latencies.length, now() - started);
}

async function main() {
  const results = {
    machine: { cpus: os.cpus().length, node: process.version },
    transport: 'loopback, HTTPS with the pinned per-launch certificate, real agent bundle (serve + run)',
    measuredAt: 'the moment the agent link hands a batch to the UI event channel',
    kiln: {
      at1000LinesPerSecond: await measureLink(1_000, 10_000),
      at10000LinesPerSecond: await measureLink(10_000, 100_000),
      peak: await measureLink(0, 500_000),
    },
    baselinePollEvery10s: {
      at1000LinesPerSecond: await measurePolling(1_000, 30_000),
    },
    targets: { p99MsAt10000LinesPerSecond: 250, peakLinesPerSecond: 50_000 },
  };
  await mkdir(path.join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench-results', 'relay.json'), JSON.stringify(results, null, 2));
  const k = results.kiln;
  console.log(
    `relay: 1k/s p50 ${k.at1000LinesPerSecond.p50Ms} ms p99 ${k.at1000LinesPerSecond.p99Ms} ms | ` +
      `10k/s p50 ${k.at10000LinesPerSecond.p50Ms} ms p99 ${k.at10000LinesPerSecond.p99Ms} ms | peak ${k.peak.linesPerSecond} lines/s | ` +
      `baseline 10 s polling at 1k/s p50 ${results.baselinePollEvery10s.at1000LinesPerSecond.p50Ms} ms p99 ${results.baselinePollEvery10s.at1000LinesPerSecond.p99Ms} ms`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
