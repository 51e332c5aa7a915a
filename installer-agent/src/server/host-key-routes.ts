/** GET /v1/host-keys: sshd's public host keys, behind the bearer token like the rest of the read side. */
import { Router } from 'express';
import { AGENT_API, type HostKeysResponse } from '../protocol/events';
import { createBearerAuth } from './auth';

export interface HostKeyRouteDeps {
  tokenSha256: string;
  /** Reads the host key directory afresh on every request (sshd may create its keys after the agent started). */
  hostKeys: () => Promise<HostKeysResponse>;
}

export function createHostKeyRouter({ tokenSha256, hostKeys }: HostKeyRouteDeps): Router {
  const router = Router();
  router.get(AGENT_API.hostKeys, createBearerAuth(tokenSha256), async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await hostKeys());
  });
  return router;
}
