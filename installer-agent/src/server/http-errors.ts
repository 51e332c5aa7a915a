/** Every non-2xx answer is an AgentErrorBody; this module maps failures and framework errors onto them. */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { AgentErrorBody, AgentErrorCode } from '../protocol/events';
import type { Logger } from '../logger';
import type { AgentFailure } from '../result';

const STATUS: Record<AgentErrorCode, number> = {
  'bad-request': 400,
  'unsupported-media-type': 415,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'payload-too-large': 413,
  'already-finished': 409,
  'final-conflict': 409,
  'install-running': 409,
  'seal-unsupported': 409,
  sealed: 409,
  'journal-unavailable': 503,
  internal: 500,
};

/** The HTTP status an error code is answered with. */
export function statusFor(code: AgentErrorCode): number {
  return STATUS[code];
}

/** Sends `{ error: { code, message } }` with the status that belongs to the code. */
export function sendError(res: Response, code: AgentErrorCode, message: string): void {
  const body: AgentErrorBody = { error: { code, message } };
  res.status(statusFor(code)).json(body);
}

/** Sends an expected failure; the remedy, when there is one, is appended to the message. */
export function sendFailure(res: Response, failure: AgentFailure<AgentErrorCode>): void {
  sendError(res, failure.code, failure.remedy ? `${failure.message} ${failure.remedy}` : failure.message);
}

/** Fallback for routes that do not exist. */
export const notFound: RequestHandler = (req, res) => {
  sendError(res, 'not-found', `No route ${req.method} ${req.path}. See installer-agent/README.md for the API.`);
};

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/** Maps body-parser errors (bad JSON, too large, bad charset) to 4xx; anything else is a bug: 500, logged. */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { type, message = '' } = (error ?? {}) as BodyParserError;
    switch (type) {
      case 'entity.too.large':
        sendError(res, 'payload-too-large', 'Request body is larger than 8 MiB. Send smaller batches.');
        return;
      case 'entity.parse.failed':
        sendError(res, 'bad-request', `Request body is not valid JSON: ${message}`);
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        sendError(res, 'unsupported-media-type', `${message}. Send the body as UTF-8 JSON.`);
        return;
      case 'request.aborted':
      case 'request.size.invalid':
        sendError(res, 'bad-request', `The request body was incomplete: ${message}`);
        return;
      default:
        log.error(`${req.method} ${req.path} failed: ${(error as Error)?.stack ?? String(error)}`);
        sendError(res, 'internal', 'The agent failed to handle this request; see its log.');
    }
  };
}
