/** The local write side: lines and the final token from `kiln-agent run/log/finish` or any local program. */
import express, { Router } from 'express';
import { AGENT_API } from '../protocol/events';
import type { IngestService } from '../ingest/ingest-service';
import { sendFailure } from './http-errors';
import { requireJsonBody, requireLocalCaller } from './loopback';

/** Largest ingest body accepted; the `run` client keeps its batches well below it. */
export const MAX_INGEST_BODY_BYTES = 8 * 1024 * 1024;

export function createIngestRouter(ingest: IngestService): Router {
  const router = Router();
  const guard = [requireLocalCaller, requireJsonBody, express.json({ limit: MAX_INGEST_BODY_BYTES, strict: false })];

  router.post(AGENT_API.ingestLines, ...guard, async (req, res) => {
    const result = await ingest.ingestLines(req.body);
    if (result.ok) res.json(result.value);
    else sendFailure(res, result.error);
  });

  router.post(AGENT_API.ingestFinal, ...guard, async (req, res) => {
    const result = await ingest.ingestFinal(req.body);
    if (result.ok) res.json(result.value);
    else sendFailure(res, result.error);
  });

  return router;
}
