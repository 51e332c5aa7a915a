/** GET /v1/health: version, uptime, load, memory and free disk of the data directory. */
import { freemem, loadavg, totalmem } from 'node:os';
import * as fsp from 'node:fs/promises';
import type { HealthResponse } from '../protocol/events';
import { AGENT_VERSION } from '../version';

export interface HealthSource {
  readonly lastSeq: number;
  readonly final: unknown;
}

/** Free bytes for unprivileged users on the file system holding `dir`; null where statfs is unavailable (Node < 18.15). */
export async function diskFreeBytes(dir: string): Promise<number | null> {
  const statfs = (fsp as { statfs?: typeof fsp.statfs }).statfs;
  if (typeof statfs !== 'function') return null;
  try {
    const stats = await statfs(dir);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
}

/** A health snapshot of this process and machine. */
export async function collectHealth(journal: HealthSource, dataDir: string): Promise<HealthResponse> {
  return {
    agentVersion: AGENT_VERSION,
    uptimeSeconds: Math.round(process.uptime() * 1000) / 1000,
    loadAverage: loadavg(),
    memory: { totalBytes: totalmem(), freeBytes: freemem(), agentRssBytes: process.memoryUsage().rss },
    diskFreeBytes: await diskFreeBytes(dataDir),
    lastSeq: journal.lastSeq,
    finished: journal.final !== null,
  };
}
