/**
 * Web mode: the backend's contract over HTTP on loopback. Commands are POST /api/commands/<name>, events a
 * server-sent event stream at GET /api/events. Every API call needs the session token; Host and Origin are
 * checked so a web page elsewhere cannot reach the backend through DNS rebinding.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CommandHandlers } from '../common/contract';
import { dispatchCommand } from '../common/dispatch';
import type { EventBus } from '../core/backend';
import { CONTENT_SECURITY_POLICY } from '../common/content-security-policy';

export interface WebServerOptions {
  handlers: CommandHandlers;
  events: EventBus;
  staticDir: string;
  token: string;
  log: (message: string, error?: unknown) => void;
  maxBodyBytes?: number;
}

export interface WebServer {
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

export { CONTENT_SECURITY_POLICY };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export function createWebServer(options: WebServerOptions): WebServer {
  const tokenHash = sha256(options.token);
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    setCommonHeaders(res);
    handle(req, res).catch((error: unknown) => {
      options.log(`web request ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  };
  const server = createServer(onRequest);
  // A client that asks before sending a large body (`Expect: 100-continue`, as curl does) hears 413 before sending it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length']) > maxBody) {
      setCommonHeaders(res);
      return sendTooLarge(res, maxBody);
    }
    res.writeContinue();
    onRequest(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return sendJson(res, 421, { error: 'Host not allowed' });
    const url = parseRequestUrl(req.url);
    if (!url) return sendJson(res, 400, { error: 'Malformed request URL' });
    if (url.pathname.startsWith('/api/')) {
      if (!originAllowed(req.headers.origin, port)) return sendJson(res, 403, { error: 'Origin not allowed' });
      if (!authorized(req.headers.authorization))
        return sendJson(res, 401, { error: 'Missing or wrong session token' });
      res.setHeader('cache-control', 'no-store');
      if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res);
      const match = /^\/api\/commands\/([A-Za-z.]+)$/.exec(url.pathname);
      if (match?.[1] && req.method === 'POST') return runCommand(match[1], req, res);
      return sendJson(res, 404, { error: 'Unknown API route' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed' });
    return serveStatic(url.path, res);
  }

  function authorized(header: string | undefined): boolean {
    const match = /^Bearer (.+)$/.exec(header ?? '');
    return match?.[1] !== undefined && timingSafeEqual(sha256(match[1]), tokenHash);
  }

  async function runCommand(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBody);
    if (!body.ok) {
      sendTooLarge(res, maxBody);
      // Past the drain limit the rest is not read: the socket goes once the answer is out.
      if (!body.drained) res.on('finish', () => req.socket.destroy());
      return;
    }
    let input: unknown;
    try {
      input = body.text.length === 0 ? {} : JSON.parse(body.text);
    } catch {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'InvalidJson', message: 'The request body is not JSON.' },
      });
    }
    const result = await dispatchCommand(options.handlers, name, input, (error) =>
      options.log(`command ${name} failed`, error),
    );
    sendJson(res, 200, result);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(options.staticDir, relative);
    if (!file.startsWith(path.resolve(options.staticDir) + path.sep)) return sendJson(res, 404, { error: 'Not found' });
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return sendJson(res, 404, { error: 'Not found' });
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    res.end(await readFile(file));
  }

  return {
    listen(requestedPort, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(requestedPort, host, () => {
          port = (server.address() as AddressInfo).port;
          resolve({ port, url: `http://${host}:${port}/#token=${encodeURIComponent(options.token)}` });
        });
      });
    },
    async close() {
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The request's path, percent-decoded; undefined when it is not a path or does not decode (`/%E0%A4%A`), which is
 * the client's mistake (400), not the server's.
 */
export function parseRequestUrl(raw: string | undefined): { pathname: string; path: string } | undefined {
  if (!raw?.startsWith('/')) return undefined;
  try {
    // Prefixing the origin keeps `//host/x` a path instead of a protocol-relative URL.
    const { pathname } = new URL(`http://127.0.0.1${raw}`);
    return { pathname, path: decodeURIComponent(pathname) };
  } catch {
    return undefined;
  }
}

function sendTooLarge(res: ServerResponse, limit: number): void {
  res.setHeader('connection', 'close');
  sendJson(res, 413, {
    ok: false,
    error: { code: 'PayloadTooLarge', message: `The request body is over ${limit} bytes.` },
  });
}

/** Beyond the limit the body is read and dropped, up to this much, so the client finishes sending and reads the 413. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

type Body = { ok: true; text: string } | { ok: false; drained: boolean };

function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit + DRAIN_LIMIT_BYTES) {
        req.pause();
        resolve({ ok: false, drained: false });
        return;
      }
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? { ok: false, drained: true } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', reject);
  });
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
