/** Bearer-token check for the read side: the agent knows only the token's SHA-256, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './http-errors';

/** Whether SHA-256(presented) equals the expected lowercase hex digest, in constant time. Pure. */
export function tokenMatches(presented: string, expectedSha256Hex: string): boolean {
  const expected = Buffer.from(expectedSha256Hex, 'hex');
  const actual = createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** The token of an `Authorization: Bearer <token>` header, or null. Pure. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Middleware that answers 401 unless the request carries the launch's bearer token. */
export function createBearerAuth(tokenSha256: string): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (token !== null && tokenMatches(token, tokenSha256)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Bearer');
    sendError(
      res,
      'unauthorized',
      token === null
        ? 'Missing bearer token. Send "Authorization: Bearer <token>" with the token Kiln generated for this launch.'
        : 'The bearer token does not match this agent. Use the token Kiln generated for this launch.',
    );
  };
}
