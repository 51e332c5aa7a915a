/** Posts lines and the final token to the local `serve` (HTTP, or HTTPS pinned to the launch's certificate). */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { z } from 'zod';
import {
  AGENT_API,
  AgentErrorBody,
  IngestFinalResponse,
  IngestLinesResponse,
  type IngestFinalRequest,
  type IngestLinesRequest,
} from '../protocol/events';
import { fail, ok, type AgentFailure, type Result } from '../result';

export type DeliveryErrorCode = 'unreachable' | 'server-error' | 'rejected' | 'bad-response';

/** Why a post failed, and whether trying again can help (serve down or restarting: yes; 4xx: no). */
export interface DeliveryFailure extends AgentFailure<DeliveryErrorCode> {
  retryable: boolean;
  /** HTTP status when the agent answered. */
  status?: number;
  /** The agent's `error.code` when it answered with an error body (e.g. `already-finished`). */
  agentCode?: string;
}

export type DeliveryResult<T> = { ok: true; value: T } | { ok: false; error: DeliveryFailure };

export interface IngestClient {
  readonly baseUrl: string;
  postLines(body: IngestLinesRequest): Promise<DeliveryResult<IngestLinesResponse>>;
  /** Posts a body that is already the JSON of an `IngestLinesRequest` (see `encodeBatch`), as it is. */
  postEncodedLines(body: Buffer): Promise<DeliveryResult<IngestLinesResponse>>;
  postFinal(body: IngestFinalRequest): Promise<DeliveryResult<IngestFinalResponse>>;
  /** Drops kept-alive sockets. */
  close(): void;
}

export interface IngestClientOptions {
  /** e.g. `http://127.0.0.1:8443` (see `localBaseUrl`). */
  baseUrl: string;
  /** PEM of the certificate `serve` presents; required for https and pinned by fingerprint. */
  tlsCertPem?: string;
  timeoutMs?: number;
}

interface RawAnswer {
  status: number;
  body: string;
}

export function createIngestClient(options: IngestClientOptions): IngestClient {
  const url = new URL(options.baseUrl);
  const secure = url.protocol === 'https:';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 4 })
    : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  const tls = secure ? pinnedTlsOptions(options.tlsCertPem) : {};

  const post = (path: string, payload: unknown): Promise<Result<RawAnswer, 'unreachable'>> =>
    new Promise((resolve) => {
      const data = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload), 'utf8');
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port,
          method: 'POST',
          path,
          agent,
          headers: { 'content-type': 'application/json', 'content-length': data.length },
          ...tls,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve(ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })),
          );
          res.on('error', (error) => resolve(unreachable(options.baseUrl, error)));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error) => resolve(unreachable(options.baseUrl, error)));
      req.end(data);
    });

  async function call<T>(path: string, payload: unknown, schema: z.ZodType<T>): Promise<DeliveryResult<T>> {
    const answer = await post(path, payload);
    if (!answer.ok) return { ok: false, error: { ...answer.error, code: 'unreachable', retryable: true } };
    return interpretAnswer(answer.value, schema);
  }

  return {
    baseUrl: options.baseUrl,
    postLines: (body) => call(AGENT_API.ingestLines, body, IngestLinesResponse),
    postEncodedLines: (body) => call(AGENT_API.ingestLines, body, IngestLinesResponse),
    postFinal: (body) => call(AGENT_API.ingestFinal, body, IngestFinalResponse),
    close: () => agent.destroy(),
  };
}

/** Classifies an HTTP answer: 2xx parsed, 5xx/408/429 retryable, other 4xx final. Pure. */
export function interpretAnswer<T>(answer: RawAnswer, schema: z.ZodType<T>): DeliveryResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = undefined;
  }
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = schema.safeParse(json);
    if (parsed.success) return ok(parsed.data);
    return failDelivery({
      code: 'bad-response',
      message: `Unexpected answer from the agent: ${answer.body.slice(0, 200)}`,
      retryable: false,
      status: answer.status,
    });
  }
  const body = AgentErrorBody.safeParse(json);
  const detail = body.success ? body.data.error.message : answer.body.slice(0, 200);
  const retryable = answer.status >= 500 || answer.status === 408 || answer.status === 429;
  return failDelivery({
    code: retryable ? 'server-error' : 'rejected',
    message: `The agent answered ${answer.status}: ${detail}`,
    retryable,
    status: answer.status,
    agentCode: body.success ? body.data.error.code : undefined,
  });
}

const failDelivery = (error: DeliveryFailure): { ok: false; error: DeliveryFailure } => ({ ok: false, error });

/** OpenSSL verification codes and our own pin check: the peer is not the agent the config describes. */
const CERTIFICATE_ERRORS =
  /^(KILN_CERT_MISMATCH|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|ERR_TLS_CERT)/;

function unreachable(baseUrl: string, error: Error): { ok: false; error: AgentFailure<'unreachable'> } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CERTIFICATE_ERRORS.test(code)) {
    return fail({
      code: 'unreachable',
      message: `The server at ${baseUrl} presented a different certificate than tls.certFile names (${code}: ${error.message})`,
      remedy: 'Check that serve and this command use the same config, and that nothing else listens on that port.',
    });
  }
  return fail({
    code: 'unreachable',
    message: `Cannot reach kiln-agent serve at ${baseUrl}: ${code ? `${code} ` : ''}${error.message}`,
    remedy: 'Is `kiln-agent serve` running with the same config?',
  });
}

/**
 * Trusts exactly the configured certificate (chain-verified against itself, then pinned by SHA-256 fingerprint),
 * whatever name or address it was issued for. certFile is Kiln's self-signed per-launch certificate, or a leaf
 * followed by its issuer(s).
 */
function pinnedTlsOptions(certPem: string | undefined): object {
  if (!certPem) throw new Error('an https base URL needs the certificate PEM to pin');
  const expected = new X509Certificate(certPem).fingerprint256;
  return {
    ca: certPem,
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.fingerprint256 === expected
        ? undefined
        : Object.assign(new Error('certificate fingerprint mismatch'), { code: 'KILN_CERT_MISMATCH' }),
  };
}
