/**
 * HTTP(S) GET and POST for the agent link. Over HTTPS the agent's certificate is pinned: the connection is trusted only
 * when the peer presents exactly the certificate Kiln generated for this launch (by SHA-256 fingerprint), and the
 * bearer token is sent only after that check passed.
 */
import http from 'node:http';
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';

export interface PinnedCertificate {
  certPem: string;
  fingerprint256: string;
}

export interface AgentResponse {
  status: number;
  body: unknown;
}

export interface AgentGetOptions {
  headers: Record<string, string>;
  pin?: PinnedCertificate;
  signal: AbortSignal;
  timeoutMs: number;
  maxBodyBytes?: number;
}

export interface AgentPostOptions extends AgentGetOptions {
  /** Sent as JSON (`Content-Type: application/json`). */
  body: unknown;
}

/** Raised when the agent presents another certificate than the pinned one (or none): never retried silently. */
export class CertificateMismatchError extends Error {
  constructor(readonly presented: string | undefined) {
    super(`The agent presented certificate ${presented ?? '(none)'}, not the one Kiln generated for this launch.`);
    this.name = 'CertificateMismatchError';
  }
}

export function agentGet(url: string, options: AgentGetOptions): Promise<AgentResponse> {
  return agentRequest(url, 'GET', options, undefined);
}

/** POSTs `options.body` as JSON, with the same pinning: headers and body go out only after the certificate check. */
export function agentPost(url: string, options: AgentPostOptions): Promise<AgentResponse> {
  return agentRequest(url, 'POST', options, Buffer.from(JSON.stringify(options.body), 'utf8'));
}

function agentRequest(
  url: string,
  method: 'GET' | 'POST',
  options: AgentGetOptions,
  body: Buffer | undefined,
): Promise<AgentResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (secure && !options.pin) return Promise.reject(new Error('HTTPS to the agent needs a pinned certificate'));
  // The bearer token never crosses a network in clear text: plain HTTP only to this machine (tests, local agents).
  if (!secure && !isLoopback(target.hostname)) {
    return Promise.reject(
      new Error(
        `Kiln has no pinned certificate for the agent at ${target.hostname}, so it does not send the agent token there; import the launch from AWS again to recover its certificate.`,
      ),
    );
  }
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    let mismatch: CertificateMismatchError | undefined;
    const request = (secure ? https : http).request(
      target,
      {
        method,
        headers: body
          ? { ...options.headers, 'content-type': 'application/json', 'content-length': String(body.length) }
          : options.headers,
        signal: options.signal,
        timeout: options.timeoutMs,
        agent: false,
        ...(secure && {
          ca: [options.pin!.certPem],
          checkServerIdentity: (_host: string, cert: PeerCertificate) => {
            if (cert.fingerprint256 === options.pin!.fingerprint256) return undefined;
            mismatch = new CertificateMismatchError(cert.fingerprint256);
            return mismatch;
          },
        }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) request.destroy(new Error(`agent answer over ${maxBody} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
          } catch {
            reject(new Error(`the agent answered HTTP ${response.statusCode} with a body that is not JSON`));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A certificate that is not the pinned one fails chain verification before checkServerIdentity runs.
      if (mismatch) return reject(mismatch);
      if (secure && isCertificateError(error)) return reject(new CertificateMismatchError(undefined));
      reject(error);
    });
    request.end(body);
  });
}

function isCertificateError(error: NodeJS.ErrnoException): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? '');
}

/** 127.0.0.0/8, ::1 and localhost. */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}
