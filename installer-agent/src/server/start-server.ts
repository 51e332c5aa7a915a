/** Puts the app on a socket (HTTP, or HTTPS with the launch's certificate) and closes it gracefully. */
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fail, ok, type Result } from '../result';

export interface TlsMaterial {
  cert: string;
  key: string;
}

export interface ListenOptions {
  app: RequestListener;
  bind: string;
  port: number;
  tls?: TlsMaterial;
}

export interface RunningServer {
  /** e.g. `https://0.0.0.0:8443` */
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, and closes idle keep-alive connections. */
  close(): Promise<void>;
}

const LISTEN_HINTS: Record<string, string> = {
  EADDRINUSE: 'Another process uses this port: stop it or change "port" in the config.',
  EADDRNOTAVAIL: 'This machine has no such address: fix "bind" in the config.',
  EACCES: 'Ports below 1024 need privileges: use a higher "port" or run the agent as a service with that right.',
};

/** Listens on bind:port; a listen error comes back as a value with a hint. */
export async function listen(options: ListenOptions): Promise<Result<RunningServer, 'listen-failed'>> {
  let server: Server;
  try {
    server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, options.app)
      : createHttpServer(options.app);
  } catch (error) {
    return fail({
      code: 'listen-failed',
      message: `The TLS certificate or key is not usable: ${(error as Error).message}`,
      remedy: 'tls.certFile and tls.keyFile must name a PEM certificate and its matching private key.',
    });
  }
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  // Long polls last up to 60 s; leave room so Node does not cut them off.
  server.requestTimeout = 120_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.bind, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return fail({
      code: 'listen-failed',
      message: `Cannot listen on ${options.bind}:${options.port}: ${(error as Error).message}`,
      remedy: LISTEN_HINTS[code],
    });
  }
  const port = (server.address() as AddressInfo).port;
  const host = options.bind.includes(':') ? `[${options.bind}]` : options.bind;
  return ok({ url: `${options.tls ? 'https' : 'http'}://${host}:${port}`, port, close: () => closeServer(server) });
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections become idle once their response is out; sweep them until the server is closed.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
}
