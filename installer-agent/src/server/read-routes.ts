/** The remote read side: events (long-poll) and health, behind the bearer token. */
import { Router } from 'express';
import { AGENT_API, EventsQuery, type EventsResponse, type HealthResponse } from '../protocol/events';
import type { Journal } from '../journal/journal';
import { describeZodError } from '../text/describe-zod-error';
import { createBearerAuth } from './auth';
import { sendError } from './http-errors';
import { waitForAppend } from './long-poll';

export interface ReadRouteDeps {
  journal: Pick<Journal, 'lastSeq' | 'final' | 'read' | 'onAppend'>;
  tokenSha256: string;
  health: () => Promise<HealthResponse>;
  /** Aborted when the server shuts down, so pending long polls answer at once. */
  shutdownSignal: AbortSignal;
}

export function createReadRouter({ journal, tokenSha256, health, shutdownSignal }: ReadRouteDeps): Router {
  const router = Router();
  const auth = createBearerAuth(tokenSha256);

  router.get(AGENT_API.events, auth, async (req, res) => {
    const query = EventsQuery.safeParse(req.query);
    if (!query.success) {
      sendError(res, 'bad-request', `Bad query: ${describeZodError(query.error, { root: '(query)' })}`);
      return;
    }
    const { after, waitMs, limit } = query.data;
    let events = await journal.read(after, limit);
    // Once the final token is journaled nothing more can arrive, so there is nothing to wait for.
    if (events.length === 0 && waitMs > 0 && journal.final === null) {
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      await waitForAppend(journal, after, waitMs, [gone.signal, shutdownSignal]);
      if (gone.signal.aborted) return;
      events = await journal.read(after, limit);
    }
    if (shutdownSignal.aborted) res.set('Connection', 'close');
    const body: EventsResponse = { events, lastSeq: journal.lastSeq, final: journal.final };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get(AGENT_API.health, auth, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await health());
  });

  return router;
}
