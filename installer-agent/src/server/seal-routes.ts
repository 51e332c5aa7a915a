/** POST /v1/seal behind the bearer token, and the gate that refuses every request once a seal has started. */
import express, { Router, type RequestHandler } from 'express';
import { AGENT_API } from '../protocol/events';
import { ALREADY_SEALED_MESSAGE, type SealService } from '../seal/seal-service';
import { createBearerAuth } from './auth';
import { sendError, sendFailure } from './http-errors';
import { requireJsonBody } from './loopback';

/** A seal request is two booleans; anything larger is not one. */
const MAX_SEAL_BODY_BYTES = 16 * 1024;

export interface SealRouteDeps {
  tokenSha256: string;
  seal: SealService;
}

export function createSealRouter({ tokenSha256, seal }: SealRouteDeps): Router {
  const router = Router();
  router.post(
    AGENT_API.seal,
    createBearerAuth(tokenSha256),
    requireJsonBody,
    express.json({ limit: MAX_SEAL_BODY_BYTES, strict: false }),
    async (req, res) => {
      // 'close' comes once the answer is flushed, or when the client went away: either way the agent stops then.
      let gone = false;
      res.once('close', () => {
        gone = true;
        seal.answered();
      });
      const result = await seal.seal(req.body);
      // The client left while the seal ran: nobody reads the answer, and the agent must still stop.
      if (gone) {
        seal.answered();
        return;
      }
      res.set('Cache-Control', 'no-store');
      if (result.ok) res.json(result.value);
      else sendFailure(res, result.error);
    },
  );
  return router;
}

/** Refuses everything (reads, ingest, a second seal) with 409 `sealed` once a seal started: the files are gone. */
export function createSealedGate(seal: Pick<SealService, 'sealed'>): RequestHandler {
  return (_req, res, next) => {
    if (!seal.sealed) {
      next();
      return;
    }
    res.set('Connection', 'close');
    sendError(res, 'sealed', ALREADY_SEALED_MESSAGE);
  };
}
