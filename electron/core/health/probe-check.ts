/**
 * One HTTP(S) check of a probe from the workstation, with a timeout. Instances rarely have a certificate the
 * workstation trusts, so HTTPS connects without verification and reports the certificate problem beside the result;
 * it counts as down only when the probe requires a valid certificate.
 */
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ActiveProbe, ProbeResult } from '../../common/models';
import { judgeResponse, probeTimeoutMs } from './probe-definitions';

/** The body is read up to here: enough for a status page, bounded for a probe that hits a large file. */
const BODY_LIMIT = 64 * 1024;

export type ProbeCheck = (probe: ActiveProbe, url: string) => Promise<ProbeResult>;

export function createProbeCheck(now: () => number = Date.now): ProbeCheck {
  return (probe, url) =>
    new Promise((resolve) => {
      const started = now();
      const at = new Date(started).toISOString();
      const finish = (result: Omit<ProbeResult, 'at'>) => resolve({ at, ...result });
      const failed = (error: string) => finish({ ok: false, latencyMs: null, status: null, error });
      const target = new URL(url);
      const options = { method: 'GET', headers: { 'user-agent': 'Kiln health probe', accept: '*/*' } };
      const request =
        target.protocol === 'https:'
          ? https.request(target, { ...options, rejectUnauthorized: false })
          : http.request(target, options);
      request.setTimeout(probeTimeoutMs(probe), () =>
        request.destroy(new Error(`no answer within ${probeTimeoutMs(probe) / 1000} s`)),
      );
      request.on('error', (error: NodeJS.ErrnoException) => failed(describeError(error)));
      request.on('response', (response) => {
        const latencyMs = now() - started;
        const socket = response.socket as TLSSocket;
        const certificateError =
          target.protocol === 'https:' && !socket.authorized
            ? String(socket.authorizationError ?? 'not verified')
            : undefined;
        const chunks: Buffer[] = [];
        let size = 0;
        const judge = () => {
          const status = response.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString('utf8');
          finish({
            ...judgeResponse(probe, { status, body, certificateError }),
            latencyMs,
            status,
            ...(certificateError ? { certificateError } : {}),
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (size >= BODY_LIMIT) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= BODY_LIMIT) {
            judge();
            request.destroy();
          }
        });
        response.on('end', judge);
        response.on('error', (error: NodeJS.ErrnoException) => failed(describeError(error)));
      });
      request.end();
    });
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'Connection refused: nothing listens on the port.';
    case 'ECONNRESET':
      return 'The connection was reset.';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'The address cannot be reached.';
    case 'ENOTFOUND':
      return 'The host name does not resolve.';
    default:
      return error.message.startsWith('no answer') ? `Timed out: ${error.message}.` : error.message;
  }
}
