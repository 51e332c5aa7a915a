/**
 * Live console benchmark: the built renderer in Debian Chromium shows a 1,000,000-line install log. A tiny
 * server plays the web-mode backend (static files with the real CSP, POST /api/commands/<name> with the bearer
 * token, an idle event stream); the page opens the launch and we measure the time until the last line is
 * written to the terminal, the longest main-thread task meanwhile, the time to scroll from top to bottom, a
 * search, and the JS heap. Writes bench-results/console.json and prints one summary line.
 *
 * `npx tsx bench/console.bench.ts` (builds the renderer first; KILN_BENCH_NO_BUILD=1 reuses dist/renderer,
 * KILN_BENCH_LINES=n changes the log size).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { LaunchRecord } from '../electron/common/models';
import { CONTENT_SECURITY_POLICY } from '../electron/server/web-server';

const ROOT = path.resolve(__dirname, '..');
const STATIC_DIR = path.join(ROOT, 'dist', 'renderer');
const RESULTS = path.join(ROOT, 'bench-results', 'console.json');
const LINES = Number(process.env.KILN_BENCH_LINES ?? 1_000_000);
const SCROLLBACK = 100_000;
const TOKEN = randomBytes(18).toString('base64url');
const LAUNCH_ID = 'bench-1';
const TIMEOUT_MS = 90_000;

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Line n of the fake install: compiler-like output, colours on every 7th, stderr on every 50th, `\r` on every 100th. */
function lineText(seq: number): string {
  const pct = ((seq / LINES) * 100).toFixed(3).padStart(7);
  if (seq % 100 === 0) return `download ${pct}%\rdownload ${pct}% done`;
  if (seq % 50 === 0) return `warning: module-${seq}.c:42: unused variable 'tmp${seq % 997}'`;
  if (seq % 7 === 0) return `\u001b[32m[${pct}%]\u001b[0m Compiling \u001b[1mmodule-${seq}.c\u001b[0m -> build/obj/module-${seq}.o`;
  return `[${pct}%] Compiling module-${seq}.c -> build/obj/module-${seq}.o`;
}

/** The launch.log answer as one JSON body, built once (about 110 MB for a million lines). */
function logResponseBody(): Buffer {
  const started = Date.parse('2025-01-15T10:00:00.000Z');
  const chunks: Buffer[] = [Buffer.from('{"ok":true,"value":[')];
  let part: string[] = [];
  for (let seq = 1; seq <= LINES; seq++) {
    const line = { seq, ts: new Date(started + seq * 3).toISOString(), stream: seq % 50 === 0 ? 'stderr' : 'stdout', text: lineText(seq) };
    part.push(JSON.stringify(line));
    if (part.length === 50_000 || seq === LINES) {
      chunks.push(Buffer.from((seq > part.length ? ',' : '') + part.join(',')));
      part = [];
    }
  }
  chunks.push(Buffer.from(']}'));
  return Buffer.concat(chunks);
}

function launchRecord(): LaunchRecord {
  const at = '2025-01-15T10:00:00.000Z';
  return {
    id: LAUNCH_ID,
    spec: { profileId: 'sandbox', region: 'us-east-1', name: 'bench-build', imageId: 'ami-0ed094fb1304fd857', instanceType: 't3.micro', installScript: 'make', agentPort: 8443, keepAgentOpen: false },
    createdAt: at,
    phase: 'succeeded',
    timeline: [{ phase: 'requested', at }, { phase: 'succeeded', at: '2025-01-15T10:50:00.000Z' }],
    instanceId: 'i-0123456789abcdef0',
    instanceState: 'running',
    securityGroupId: 'sg-0123456789abcdef0',
    securityGroupDeleted: false,
    agentRuleRevoked: true,
    agentCursor: LINES,
    outcome: { result: 'success', exitCode: 0, signal: null },
  };
}

async function startServer(logBody: Buffer) {
  const launches = Buffer.from(JSON.stringify({ ok: true, value: [launchRecord()] }));
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      if (url.pathname === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return void res.write(': connected\n\n');
      }
      for await (const _chunk of req); // the input is not needed: one launch, the whole log
      const name = decodeURIComponent(url.pathname.slice('/api/commands/'.length));
      const body =
        name === 'launch.list' ? launches
        : name === 'launch.log' ? logBody
        : Buffer.from(JSON.stringify(name.endsWith('.list') ? { ok: true, value: [] } : { ok: false, error: { code: 'NotInBench', message: `${name} is not part of the benchmark.`, remedy: '' } }));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      return void res.end(body);
    }
    const file = path.join(STATIC_DIR, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(STATIC_DIR) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    res.end(await readFile(file));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Collects long tasks, CSP violations and the moments the console starts and finishes writing. */
function instrumentPage(): void {
  const w = window as unknown as Record<string, unknown>;
  const longTasks: { start: number; duration: number }[] = [];
  const violations: string[] = [];
  w.__bench = { longTasks, violations, firstWrite: 0, caughtUp: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
}

function watchConsole(expected: number): void {
  const bench = (window as unknown as { __bench: { firstWrite: number; caughtUp: number } }).__bench;
  new MutationObserver(() => {
    const log = document.querySelector('[data-testid="install-log"]');
    if (!log) return;
    if (!bench.firstWrite && Number(log.getAttribute('data-written')) > 0) bench.firstWrite = performance.now();
    if (!bench.caughtUp && log.getAttribute('data-state') === 'live' && Number(log.getAttribute('data-lines')) === expected) {
      bench.caughtUp = performance.now();
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-written'] });
}

/** Text of the terminal's first and last rendered rows (xterm's DOM renderer). */
function visibleRows(page: Page) {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-testid="console-terminal"] .xterm-rows > div')].map((r) => r.textContent ?? '');
    const filled = rows.filter((r) => r.trim());
    return { first: filled[0] ?? '', last: filled[filled.length - 1] ?? '' };
  });
}

async function timeUntil(page: Page, check: (rows: { first: string; last: string }) => boolean): Promise<number> {
  const started = Date.now();
  let rows = await visibleRows(page);
  while (!check(rows)) {
    if (Date.now() - started > 20_000) {
      await page.screenshot({ path: path.join(ROOT, 'bench-results', 'console-scroll-failure.png') });
      throw new Error(`the terminal did not scroll there; it shows "${rows.first}" … "${rows.last}"`);
    }
    await page.evaluate(() => new Promise(requestAnimationFrame));
    rows = await visibleRows(page);
  }
  return Date.now() - started;
}

/** Drags the terminal's scrollbar slider to one end and times until the rows there are drawn. */
async function dragSlider(page: Page, to: 'top' | 'bottom', arrived: (rows: { first: string; last: string }) => boolean): Promise<number> {
  await page.getByTestId('console-terminal').scrollIntoViewIfNeeded();
  const track = (await page.locator('[data-testid="console-terminal"] .scrollbar.vertical').boundingBox())!;
  const slider = (await page.locator('[data-testid="console-terminal"] .scrollbar.vertical .slider').boundingBox())!;
  await page.mouse.move(slider.x + slider.width / 2, slider.y + slider.height / 2);
  await page.mouse.down();
  const started = Date.now();
  await page.mouse.move(slider.x + slider.width / 2, to === 'top' ? track.y - 40 : track.y + track.height + 40, { steps: 4 });
  await page.mouse.up();
  await timeUntil(page, arrived);
  return Date.now() - started;
}

async function main(): Promise<void> {
  const benchStarted = Date.now();
  if (process.env.KILN_BENCH_NO_BUILD !== '1' || !existsSync(path.join(STATIC_DIR, 'index.html'))) {
    const { buildRenderer } = (await import(path.join(ROOT, 'scripts', 'build.mjs'))) as { buildRenderer(): Promise<void> };
    await buildRenderer();
  }
  const logBody = logResponseBody();
  const { server, port } = await startServer(logBody);
  const configHome = await mkdtemp(path.join(os.tmpdir(), 'kiln-bench-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.KILN_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: configHome },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.addInitScript(instrumentPage);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`http://127.0.0.1:${port}/#token=${TOKEN}`);
    await page.getByTestId(`launch-link-${LAUNCH_ID}`).waitFor({ timeout: 30_000 });
    await page.evaluate(watchConsole, LINES);

    let peakHeap = 0;
    const sampler = setInterval(() => {
      void cdp.send('Runtime.getHeapUsage').then((h) => (peakHeap = Math.max(peakHeap, h.usedSize)), () => {});
    }, 100);
    const opened = await page.evaluate(() => performance.now());
    await page.getByTestId(`launch-link-${LAUNCH_ID}`).click();
    await page.waitForFunction(() => (window as unknown as { __bench: { caughtUp: number } }).__bench.caughtUp > 0, undefined, { timeout: TIMEOUT_MS, polling: 250 });
    clearInterval(sampler);
    const marks = await page.evaluate(() => {
      const bench = (window as unknown as { __bench: { longTasks: { start: number; duration: number }[]; violations: string[]; firstWrite: number; caughtUp: number } }).__bench;
      const load = performance.getEntriesByType('resource').find((e) => e.name.includes('launch.log')) as PerformanceResourceTiming | undefined;
      return { ...bench, responseEnd: load?.responseEnd ?? 0 };
    });
    const tasksIn = (from: number, to: number) => marks.longTasks.filter((t) => t.start >= from && t.start <= to);
    const longest = (tasks: { duration: number }[]) => Math.round(Math.max(0, ...tasks.map((t) => t.duration)));
    const loading = tasksIn(opened, marks.caughtUp);
    const writing = tasksIn(marks.firstWrite, marks.caughtUp);
    const heapLive = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = (await cdp.send('Runtime.getHeapUsage')).usedSize;

    // Scroll the way a person crosses 100,000 rows: drag the scrollbar's slider to the top, then to the bottom.
    const firstHeld = LINES - Math.min(LINES, SCROLLBACK) + 1;
    const scrollStart = await page.evaluate(() => performance.now());
    const toTopMs = await dragSlider(page, 'top', (rows) => rows.first.includes(`module-${firstHeld}.`));
    const toBottomMs = await dragSlider(page, 'bottom', (rows) => rows.last.includes('done'));
    const scrollTasks = (await page.evaluate(() => (window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } }).__bench.longTasks)).filter((t) => t.start >= scrollStart);

    // Search the whole scrollback for a line near its top.
    const searchStarted = Date.now();
    await page.getByTestId('console-search').locator('input').fill(`module-${LINES - SCROLLBACK + 11}.c`);
    await page.getByTestId('console-search').locator('input').press('Enter');
    await page.getByTestId('console-search-results').waitFor({ timeout: 20_000 });
    const searchMs = Date.now() - searchStarted;
    const searchResults = await page.getByTestId('console-search-results').innerText();

    const result = {
      lines: LINES,
      responseMB: Math.round(logBody.length / 1e5) / 10,
      timeToLastLineMs: Math.round(marks.caughtUp - opened),
      timeToResponseMs: Math.round(marks.responseEnd - opened),
      timeToFirstLineMs: Math.round(marks.firstWrite - opened),
      writeMs: Math.round(marks.caughtUp - marks.firstWrite),
      linesInTerminal: Math.min(LINES, SCROLLBACK),
      longestTaskMs: longest(loading),
      longestTaskWhileWritingMs: longest(writing),
      longTasks: loading.length,
      longTasksWhileWriting: writing.length,
      scrollTopMs: toTopMs,
      scrollTopToBottomMs: toBottomMs,
      longestTaskWhileScrollingMs: longest(scrollTasks),
      searchMs,
      searchResults,
      heapUsedMB: Math.round(heapLive / 1e5) / 10,
      heapUsedAfterGcMB: Math.round(heapAfterGc / 1e5) / 10,
      heapPeakMB: Math.round(peakHeap / 1e5) / 10,
      cspViolations: marks.violations,
      consoleErrors,
      chromium: browser.version(),
      benchSeconds: Math.round((Date.now() - benchStarted) / 100) / 10,
    };
    await mkdir(path.dirname(RESULTS), { recursive: true });
    await writeFile(RESULTS, JSON.stringify(result, null, 2) + '\n');
    console.log(
      `console: ${LINES.toLocaleString('en')} lines → last line written in ${result.timeToLastLineMs} ms ` +
        `(response ${result.timeToResponseMs} ms, writing ${result.writeMs} ms), longest task ${result.longestTaskMs} ms ` +
        `(${result.longestTaskWhileWritingMs} ms while writing), scroll top ${toTopMs} ms / bottom ${toBottomMs} ms, ` +
        `search ${searchMs} ms, heap ${result.heapUsedMB} MB (${result.heapUsedAfterGcMB} MB after GC, peak ${result.heapPeakMB} MB), ` +
        `CSP violations ${marks.violations.length}, console errors ${consoleErrors.length}`,
    );
    if (marks.violations.length > 0 || consoleErrors.length > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
    await rm(configHome, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
