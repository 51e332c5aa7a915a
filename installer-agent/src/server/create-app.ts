/** The agent's HTTP application, without a listening socket (tests mount it on port 0). */
import express, { type Express } from 'express';
import type { IngestService } from '../ingest/ingest-service';
import type { Logger } from '../logger';
import { createHostKeyRouter, type HostKeyRouteDeps } from './host-key-routes';
import { createErrorHandler, notFound } from './http-errors';
import { createIngestRouter } from './ingest-routes';
import { createReadRouter, type ReadRouteDeps } from './read-routes';
import { createSealedGate, createSealRouter, type SealRouteDeps } from './seal-routes';

export interface AppDeps extends ReadRouteDeps, HostKeyRouteDeps, SealRouteDeps {
  ingest: IngestService;
  log: Logger;
}

/**
 * Routes: GET /v1/events, /v1/health, /v1/host-keys and POST /v1/seal (bearer token); POST /v1/ingest/lines|final
 * (loopback only). Once a seal has started, every request is answered 409 `sealed`.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');
  app.use(createSealedGate(deps.seal));
  app.use(createReadRouter(deps));
  app.use(createHostKeyRouter(deps));
  app.use(createSealRouter(deps));
  app.use(createIngestRouter(deps.ingest));
  app.use(notFound);
  app.use(createErrorHandler(deps.log));
  return app;
}
