/**
 * Live console benchmark: the built renderer in Debian Chromium shows a 1,000,000-line install log. A tiny
 * server plays the web-mode backend (static files with the real CSP, POST /api/commands/<name> with the bearer
 * token, an idle event stream at /api/events). Two launches share the log:
 *   tail  – the record's agent cursor is known, so the console fetches only the lines it keeps (the usual case);
 *   full  – no cursor (e.g. a record rebuilt from AWS): the first page of launch.logPage says where the log ends,
 *           and the console then reads the lines it keeps, page by page.
 * The log arrives in pages (launch.logPage, LOG_PAGE_LINES each), so no single parse blocks the page.
 * For each: time until the last line is written to the terminal, the longest main-thread task meanwhile (wall
 * clock from PerformanceObserver, and its CPU time from a trace, since a busy machine stretches wall clock),
 * time to drag the scrollbar from the top to the bottom, a search, the JS heap and the renderer's RSS. Also the
 * time from opening the URL to an interactive launches page, and the size of the entry chunk.
 * Writes bench-results/console.json, prints one summary line, then a PASS/MISS line per target.
 *
 * `npx tsx bench/console.bench.ts` builds the renderer first; KILN_BENCH_NO_BUILD=1 reuses dist/renderer,
 * KILN_BENCH_LINES=n changes the log size.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { LaunchRecord } from '../electron/common/models';
import { CONTENT_SECURITY_POLICY } from '../electron/server/web-server';
import { LOG_PAGE_LINES } from '../renderer/src/launch-detail/console/read-log-pages';

const ROOT = path.resolve(__dirname, '..');
const STATIC_DIR = path.join(ROOT, 'dist', 'renderer');
const RESULTS = path.join(ROOT, 'bench-results', 'console.json');
const LINES = Number(process.env.KILN_BENCH_LINES ?? 1_000_000);
const SCROLLBACK = 100_000;
const HELD = Math.min(LINES, SCROLLBACK);
const TOKEN = randomBytes(18).toString('base64url');
const TIMEOUT_MS = 100_000;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

type Rows = { first: string; last: string };
interface Task {
  start: number;
  duration: number;
}
interface PageMarks {
  longTasks: Task[];
  violations: string[];
  firstWrite: number;
  caughtUp: number;
  launchesShown: number;
  launchesInteractive: number;
  responseEnd: number;
}

/** Line n of a fake build: colours on every 7th, stderr on every 50th, a `\r` progress line on every 100th. */
function lineText(seq: number): string {
  const pct = ((seq / LINES) * 100).toFixed(3).padStart(7);
  if (seq % 100 === 0) return `download ${pct}%\rdownload ${pct}% done`;
  if (seq % 50 === 0) return `warning: module-${seq}.c:42: unused variable 'tmp${seq % 997}'`;
  if (seq % 7 === 0)
    return `\u001b[32m[${pct}%]\u001b[0m Compiling \u001b[1mmodule-${seq}.c\u001b[0m -> build/obj/module-${seq}.o`;
  return `[${pct}%] Compiling module-${seq}.c -> build/obj/module-${seq}.o`;
}

/**
 * The launch.log answer for lines after `after`, as one JSON body (about 110 MB for a million lines); with `limit`,
 * the launch.logPage answer: at most `limit` lines and the log's last seq.
 */
function logBody(after: number, limit?: number): Buffer {
  const started = Date.parse('2025-01-15T10:00:00.000Z');
  const chunks: Buffer[] = [
    Buffer.from(limit === undefined ? '{"ok":true,"value":[' : '{"ok":true,"value":{"lines":['),
  ];
  let part: string[] = [];
  const end = limit === undefined ? LINES : Math.min(LINES, after + limit);
  for (let seq = after + 1; seq <= end; seq++) {
    part.push(
      JSON.stringify({
        seq,
        ts: new Date(started + seq * 3).toISOString(),
        stream: seq % 50 === 0 ? 'stderr' : 'stdout',
        text: lineText(seq),
      }),
    );
    if (part.length === 50_000 || seq === end) {
      chunks.push(Buffer.from((chunks.length > 1 ? ',' : '') + part.join(',')));
      part = [];
    }
  }
  chunks.push(Buffer.from(limit === undefined ? ']}' : `],"lastSeq":${LINES}}}`));
  return Buffer.concat(chunks);
}

function launchRecord(id: string, agentCursor: number): LaunchRecord {
  const at = '2025-01-15T10:00:00.000Z';
  return {
    id,
    spec: {
      profileId: 'sandbox',
      region: 'us-east-1',
      name: `bench-${id}`,
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      installScript: 'make',
      agentPort: 8443,
      keepAgentOpen: false,
    },
    createdAt: at,
    phase: 'succeeded',
    timeline: [
      { phase: 'requested', at },
      { phase: 'succeeded', at: '2025-01-15T10:50:00.000Z' },
    ],
    instanceId: 'i-0123456789abcdef0',
    instanceState: 'running',
    securityGroupId: 'sg-0123456789abcdef0',
    securityGroupDeleted: false,
    agentRuleRevoked: true,
    agentCursor,
    outcome: { result: 'success', exitCode: 0, signal: null },
  };
}

async function startServer() {
  const launches = Buffer.from(
    JSON.stringify({ ok: true, value: [launchRecord('tail', LINES), launchRecord('full', 0)] }),
  );
  const bodies = new Map<number, Buffer>();
  const pagesServed = { count: 0, bytes: 0 };
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
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { after?: number; limit?: number };
      const name = decodeURIComponent(url.pathname.slice('/api/commands/'.length));
      let body: Buffer;
      if (name === 'launch.list') body = launches;
      else if (name === 'launch.log') {
        const after = input.after ?? 0;
        if (!bodies.has(after)) bodies.set(after, logBody(after));
        body = bodies.get(after)!;
      } else if (name === 'launch.logPage') {
        const after = input.after ?? 0;
        body = logBody(after, input.limit ?? LINES);
        pagesServed.count += 1;
        pagesServed.bytes += body.length;
      } else
        body = Buffer.from(
          JSON.stringify(
            name.endsWith('.list')
              ? { ok: true, value: [] }
              : {
                  ok: false,
                  error: { code: 'NotInBench', message: `${name} is not part of the benchmark.`, remedy: '' },
                },
          ),
        );
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      return void res.end(body);
    }
    const file = path.join(STATIC_DIR, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(STATIC_DIR) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    res.end(await readFile(file));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, bodies, pagesServed };
}

/** In the page before any script: long tasks and CSP violations. */
function instrumentPage(): void {
  const bench = {
    longTasks: [] as Task[],
    violations: [] as string[],
    firstWrite: 0,
    caughtUp: 0,
    launchesShown: 0,
    launchesInteractive: 0,
  };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) =>
    bench.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
  // The launches page is interactive once its rows are on screen and the main thread has answered a frame and a
  // task after that (nothing still blocking a click).
  const shown = new MutationObserver(() => {
    if (bench.launchesShown || !document.querySelector('[data-testid^="launch-link-"]')) return;
    bench.launchesShown = performance.now();
    shown.disconnect();
    requestAnimationFrame(() => setTimeout(() => (bench.launchesInteractive = performance.now()), 0));
  });
  document.addEventListener('DOMContentLoaded', () => shown.observe(document.body, { subtree: true, childList: true }));
}

/** Notes when the console writes its first line and when it has written the last one (data-state "live"). */
function watchConsole(expected: number): void {
  const bench = (window as unknown as { __bench: { firstWrite: number; caughtUp: number } }).__bench;
  new MutationObserver(() => {
    const log = document.querySelector('[data-testid="install-log"]');
    if (!log) return;
    // console.timeStamp puts the same moments into the trace, where tasks have their CPU time.
    if (!bench.firstWrite && Number(log.getAttribute('data-written')) > 0) {
      bench.firstWrite = performance.now();
      console.timeStamp('kiln-bench-first-write');
    }
    if (
      !bench.caughtUp &&
      log.getAttribute('data-state') === 'live' &&
      Number(log.getAttribute('data-lines')) === expected
    ) {
      bench.caughtUp = performance.now();
      console.timeStamp('kiln-bench-caught-up');
    }
  }).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-state', 'data-written'],
  });
}

function readMarks(page: Page): Promise<PageMarks> {
  return page.evaluate(() => {
    const bench = (window as unknown as { __bench: Omit<PageMarks, 'responseEnd'> }).__bench;
    // The last log answer (launch.log, or the last page of launch.logPage).
    const loads = performance.getEntriesByType('resource').filter((e) => e.name.includes('launch.log'));
    const load = loads[loads.length - 1] as PerformanceResourceTiming | undefined;
    return { ...bench, responseEnd: load?.responseEnd ?? 0 };
  });
}

/** Text of the first and last non-empty rows xterm's DOM renderer shows. */
function visibleRows(page: Page): Promise<Rows> {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-testid="console-terminal"] .xterm-rows > div')].map(
      (r) => r.textContent ?? '',
    );
    const filled = rows.filter((r) => r.trim());
    return { first: filled[0] ?? '', last: filled[filled.length - 1] ?? '' };
  });
}

async function waitForRows(page: Page, arrived: (rows: Rows) => boolean): Promise<void> {
  const started = Date.now();
  for (let rows = await visibleRows(page); !arrived(rows); rows = await visibleRows(page)) {
    if (Date.now() - started > 20_000)
      throw new Error(`the terminal did not scroll there; it shows "${rows.first}" … "${rows.last}"`);
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
}

/** Drags the terminal's scrollbar slider to one end; ms until the rows there are drawn. */
async function dragSlider(page: Page, to: 'top' | 'bottom', arrived: (rows: Rows) => boolean): Promise<number> {
  await page.getByTestId('console-terminal').scrollIntoViewIfNeeded();
  const track = (await page.locator('[data-testid="console-terminal"] .scrollbar.vertical').boundingBox())!;
  const slider = (await page.locator('[data-testid="console-terminal"] .scrollbar.vertical .slider').boundingBox())!;
  await page.mouse.move(slider.x + slider.width / 2, slider.y + slider.height / 2);
  const started = Date.now();
  await page.mouse.down();
  await page.mouse.move(slider.x + slider.width / 2, to === 'top' ? track.y - 40 : track.y + track.height + 40, {
    steps: 4,
  });
  await page.mouse.up();
  await waitForRows(page, arrived);
  return Date.now() - started;
}

interface TracedTask {
  wallMs: number;
  cpuMs: number;
  whileWriting: boolean;
}

/** Records a trace of the renderer's main thread, to tell a task's CPU time from its wall-clock time. */
async function startTrace(cdp: CDPSession): Promise<() => Promise<TracedTask[]>> {
  const events: {
    ph: string;
    name: string;
    tid: number;
    ts: number;
    dur?: number;
    tdur?: number;
    args?: { name?: string; data?: { message?: string } };
  }[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    const mainThreads = new Set(
      events.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => e.tid),
    );
    const stamp = (message: string) =>
      events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === message)?.ts ?? NaN;
    const [writeStart, writeEnd] = [stamp('kiln-bench-first-write'), stamp('kiln-bench-caught-up')];
    return events
      .filter((e) => e.ph === 'X' && e.name === 'RunTask' && mainThreads.has(e.tid) && (e.dur ?? 0) > 50_000)
      .map((e) => ({
        wallMs: Math.round((e.dur ?? 0) / 1000),
        cpuMs: Math.round((e.tdur ?? 0) / 1000),
        whileWriting: e.ts + (e.dur ?? 0) >= writeStart && e.ts <= writeEnd,
      }))
      .sort((a, b) => b.cpuMs - a.cpuMs);
  };
}

async function rendererRssMB(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as {
    processInfo: { id: number; type: string }[];
  };
  let rss = 0;
  for (const { id } of processInfo.filter((p) => p.type === 'renderer')) {
    const status = await readFile(`/proc/${id}/status`, 'utf8').catch(() => '');
    rss = Math.max(rss, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  }
  await session.detach();
  return Math.round(rss);
}

async function runScenario(browser: Browser, port: number, launchId: 'tail' | 'full') {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.addInitScript(instrumentPage);
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`http://127.0.0.1:${port}/#token=${TOKEN}`);
  await page.getByTestId(`launch-link-${launchId}`).waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => (window as unknown as { __bench: { launchesInteractive: number } }).__bench.launchesInteractive > 0,
  );
  const launchesPage = await readMarks(page);
  await page.evaluate(watchConsole, LINES);

  let heapPeak = 0;
  const sampler = setInterval(
    () =>
      void cdp.send('Runtime.getHeapUsage').then(
        (h) => (heapPeak = Math.max(heapPeak, h.usedSize)),
        () => {},
      ),
    100,
  );
  const stopTrace = await startTrace(cdp);
  const opened = await page.evaluate(() => performance.now());
  await page.getByTestId(`launch-link-${launchId}`).click();
  await page.waitForFunction(
    () => (window as unknown as { __bench: { caughtUp: number } }).__bench.caughtUp > 0,
    undefined,
    { timeout: TIMEOUT_MS, polling: 250 },
  );
  clearInterval(sampler);
  const heavyTasks = await stopTrace();
  const marks = await readMarks(page);
  const heapUsed = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await cdp.send('HeapProfiler.collectGarbage');
  const heapAfterGc = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const rss = await rendererRssMB(browser);

  const firstHeld = LINES - HELD + 1;
  const scrollTopMs = await dragSlider(page, 'top', (rows) => rows.first.includes(`module-${firstHeld}.`));
  const scrollBottomMs = await dragSlider(page, 'bottom', (rows) => rows.last.includes('100.000% done'));
  const searchStarted = Date.now();
  const search = page.getByTestId('console-search').locator('input');
  await search.fill(`module-${firstHeld + 10}.c`);
  await search.press('Enter');
  await page.getByTestId('console-search-results').waitFor({ timeout: 20_000 });
  const searchMs = Date.now() - searchStarted;
  const searchResults = await page.getByTestId('console-search-results').innerText();
  const all = (await readMarks(page)).violations;
  await page.close();

  const within = (from: number, to: number) => marks.longTasks.filter((t) => t.start >= from && t.start <= to);
  const longest = (tasks: Task[]) => Math.round(Math.max(0, ...tasks.map((t) => t.duration)));
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  return {
    launchesShownMs: Math.round(launchesPage.launchesShown),
    launchesInteractiveMs: Math.round(launchesPage.launchesInteractive),
    linesLoaded: launchId === 'tail' ? HELD : Math.min(LINES, HELD + LOG_PAGE_LINES),
    linesInTerminal: HELD,
    timeToLastLineMs: Math.round(marks.caughtUp - opened),
    timeToResponseMs: Math.round(marks.responseEnd - opened),
    timeToFirstLineMs: Math.round(marks.firstWrite - opened),
    writeMs: Math.round(marks.caughtUp - marks.firstWrite),
    longestTaskMs: longest(within(opened, marks.caughtUp)),
    longestTaskWhileWritingMs: longest(within(marks.firstWrite, marks.caughtUp)),
    longTasks: within(opened, marks.caughtUp).length,
    longestTaskCpuMs: heavyTasks[0]?.cpuMs ?? 0,
    longestTaskWhileWritingCpuMs: heavyTasks.find((t) => t.whileWriting)?.cpuMs ?? 0,
    heaviestTasks: heavyTasks.slice(0, 5),
    scrollTopMs,
    scrollTopToBottomMs: scrollBottomMs,
    searchMs,
    searchResults,
    heapUsedMB: mb(heapUsed),
    heapAfterGcMB: mb(heapAfterGc),
    heapPeakMB: mb(heapPeak),
    rendererRssMB: rss,
    cspViolations: all,
    consoleErrors,
  };
}

/** No task on the page's main thread may take longer (the RAIL budget for a responsive page). */
const TASK_TARGET_MS = 50;
/** From opening the URL to a launches page that answers a click. */
const LAUNCHES_TARGET_MS = 2_000;
/** The chunk every page loads first; the wizard, a launch, the console and the editor load on demand. */
const ENTRY_CHUNK_TARGET_BYTES = 1_500_000;

/** One line per target: PASS when the measured value is within it, MISS when not. */
function target(name: string, value: number, limit: number, unit: string): string {
  const fmt = (n: number) => n.toLocaleString('en');
  return `${value <= limit ? 'PASS' : 'MISS'} ${name}: ${fmt(value)} ${unit} (target ≤ ${fmt(limit)} ${unit})`;
}

/** Size of the script index.html loads (the entry chunk). */
async function entryChunkBytes(): Promise<number> {
  const html = await readFile(path.join(STATIC_DIR, 'index.html'), 'utf8');
  const src = /<script[^>]+src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error('index.html loads no script');
  return (await readFile(path.join(STATIC_DIR, src))).length;
}

async function main(): Promise<void> {
  const benchStarted = Date.now();
  if (process.env.KILN_BENCH_NO_BUILD !== '1' || !existsSync(path.join(STATIC_DIR, 'index.html'))) {
    const { buildRenderer } = (await import(path.join(ROOT, 'scripts', 'build.mjs'))) as {
      buildRenderer(): Promise<void>;
    };
    await buildRenderer();
  }
  const { server, port, bodies, pagesServed } = await startServer();
  const configHome = await mkdtemp(path.join(os.tmpdir(), 'kiln-bench-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.KILN_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: configHome },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const loadBefore = os.loadavg()[0] ?? NaN;
    const tail = await runScenario(browser, port, 'tail');
    const full = await runScenario(browser, port, 'full');
    const result = {
      lines: LINES,
      fullResponseMB: Math.round((bodies.get(0)?.length ?? 0) / 1e5) / 10,
      logPages: { count: pagesServed.count, MB: Math.round(pagesServed.bytes / 1e5) / 10 },
      entryChunkBytes: await entryChunkBytes(),
      tail,
      full,
      chromium: browser.version(),
      cpus: os.cpus().length,
      loadAverage: [Math.round(loadBefore * 10) / 10, Math.round((os.loadavg()[0] ?? NaN) * 10) / 10],
      benchSeconds: Math.round((Date.now() - benchStarted) / 100) / 10,
    };
    await mkdir(path.dirname(RESULTS), { recursive: true });
    await writeFile(RESULTS, JSON.stringify(result, null, 2) + '\n');
    const line = (name: string, r: typeof tail) =>
      `${name}: launches page interactive ${r.launchesInteractiveMs} ms, last line ${r.timeToLastLineMs} ms (response ${r.timeToResponseMs}, writing ${r.writeMs}), longest task ${r.longestTaskMs} ms wall / ${r.longestTaskCpuMs} ms CPU ` +
      `(while writing ${r.longestTaskWhileWritingMs} ms wall / ${r.longestTaskWhileWritingCpuMs} ms CPU), scroll top ${r.scrollTopMs} / bottom ${r.scrollTopToBottomMs} ms, search ${r.searchMs} ms, heap ${r.heapAfterGcMB} MB after GC (peak ${r.heapPeakMB}), RSS ${r.rendererRssMB} MB`;
    console.log(
      `console ${LINES.toLocaleString('en')} lines, load ${result.loadAverage.join('→')} on ${result.cpus} CPUs | ${line('tail', tail)} | ${line('full', full)} | CSP violations ${tail.cspViolations.length + full.cspViolations.length}, console errors ${tail.consoleErrors.length + full.consoleErrors.length}`,
    );
    const targets = [
      target('full log: longest main-thread task while loading (CPU)', full.longestTaskCpuMs, TASK_TARGET_MS, 'ms'),
      target('tail: longest main-thread task while loading (CPU)', tail.longestTaskCpuMs, TASK_TARGET_MS, 'ms'),
      target('launches page interactive after opening the URL', tail.launchesInteractiveMs, LAUNCHES_TARGET_MS, 'ms'),
      target('entry chunk of the renderer', result.entryChunkBytes, ENTRY_CHUNK_TARGET_BYTES, 'bytes'),
    ];
    for (const line of targets) console.log(line);
    if ([tail, full].some((r) => r.cspViolations.length > 0 || r.consoleErrors.length > 0)) process.exitCode = 1;
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
