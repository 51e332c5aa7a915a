/** Ingest is for programs on the instance itself: only loopback callers, and never a browser. */
import { isIPv4 } from 'node:net';
import type { RequestHandler } from 'express';
import { sendError } from './http-errors';

/** True for 127.0.0.0/8, ::1 and IPv4-mapped ::ffff:127.x.y.z. Pure. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const v4 = lower.startsWith('::ffff:') ? lower.slice(7) : lower;
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * Refuses non-loopback callers (403) and requests that carry an Origin header: a web page open on the instance
 * could otherwise post fake log lines to 127.0.0.1.
 */
export const requireLocalCaller: RequestHandler = (req, res, next) => {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    sendError(res, 'forbidden', 'Ingest accepts callers on this machine only (loopback addresses).');
    return;
  }
  if (req.get('origin') !== undefined) {
    sendError(res, 'forbidden', 'Ingest does not accept browser requests (an Origin header was sent).');
    return;
  }
  next();
};

/** Requires a JSON body: a non-JSON content type would let a browser skip the CORS preflight. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (/^application\/json[ \t]*(;|$)/i.test(req.get('content-type') ?? '')) {
    next();
    return;
  }
  sendError(res, 'unsupported-media-type', 'Send the body as JSON with "Content-Type: application/json".');
};
