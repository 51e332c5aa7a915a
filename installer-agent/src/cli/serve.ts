/**
 * `kiln-agent serve`: composition root of the HTTP side, with graceful shutdown on SIGTERM/SIGINT, and the stop for
 * good after POST /v1/seal has answered.
 */
import { readFile } from 'node:fs/promises';
import { sshHostKeyDirOf } from '../config/load-config';
import { readHostKeys } from '../host-keys/read-host-keys';
import { createIngestService } from '../ingest/ingest-service';
import { openJournal, type Journal } from '../journal/journal';
import type { Logger } from '../logger';
import type { AgentConfig } from '../protocol/config';
import { processCommandRunner } from '../seal/command-runner';
import { nodeSealFileSystem } from '../seal/seal-instance';
import { sealHostFor } from '../seal/seal-plan';
import { createSealService } from '../seal/seal-service';
import { stopAfterSeal } from '../seal/stop-agent';
import { createApp } from '../server/create-app';
import { collectHealth } from '../server/health';
import { listen, type TlsMaterial } from '../server/start-server';
import { AGENT_VERSION } from '../version';
import { loadConfigOrExplain } from './local-client';

/** How long a shutdown may take before the process exits anyway. */
const FORCED_EXIT_MS = 10_000;

export async function serveCommand(configPath: string, log: Logger): Promise<number> {
  const config = await loadConfigOrExplain(configPath, log);
  if (!config) return 1;
  const tls = await readTls(config, log);
  if (tls === null) return 1;
  let journal: Journal;
  try {
    journal = await openJournal({ dataDir: config.dataDir, onWarning: (message) => log.warn(message) });
  } catch (error) {
    log.error(`Cannot open the journal in dataDir ${config.dataDir}: ${(error as Error).message}`);
    return 1;
  }
  const shutdown = new AbortController();
  const sshHostKeyDir = sshHostKeyDirOf(config, { platform: process.platform, programData: process.env.ProgramData });
  const seal = createSealService({
    config,
    configPath,
    journal,
    fs: nodeSealFileSystem,
    runner: processCommandRunner,
    host: sealHostFor({ platform: process.platform, programFiles: process.env.ProgramFiles }),
    log,
  });
  const app = createApp({
    journal,
    tokenSha256: config.tokenSha256,
    health: () => collectHealth(journal, config.dataDir),
    hostKeys: () => readHostKeys(sshHostKeyDir),
    shutdownSignal: shutdown.signal,
    ingest: createIngestService({ journal, now: () => new Date().toISOString() }),
    seal,
    log,
  });
  const server = await listen({ app, bind: config.bind, port: config.port, tls: tls || undefined });
  if (!server.ok) {
    log.error(server.error.remedy ? `${server.error.message}\n  ${server.error.remedy}` : server.error.message);
    await journal.close();
    return 1;
  }
  log.info(`${AGENT_VERSION} serving on ${server.value.url}; journal ${journal.path} at seq ${journal.lastSeq}`);

  const ended = await Promise.race([
    nextTerminationSignal().then((signal) => ({ signal, stop: null })),
    seal.whenSealed.then((stop) => ({ signal: null, stop })),
  ]);
  log.info(ended.signal ? `${ended.signal}: shutting down` : 'sealed: stopping for good');
  const forced = setTimeout(() => {
    log.error(`shutdown took longer than ${FORCED_EXIT_MS / 1000} s; exiting anyway`);
    process.exit(1);
  }, FORCED_EXIT_MS);
  forced.unref();
  shutdown.abort();
  await server.value.close();
  await journal.close();
  if (ended.stop) await stopAfterSeal(ended.stop, { log });
  clearTimeout(forced);
  return 0;
}

/** The certificate and key when TLS is configured, false for plain HTTP, null (after explaining) when unreadable. */
async function readTls(config: AgentConfig, log: Logger): Promise<TlsMaterial | false | null> {
  if (!config.tls) return false;
  try {
    const [cert, key] = await Promise.all([
      readFile(config.tls.certFile, 'utf8'),
      readFile(config.tls.keyFile, 'utf8'),
    ]);
    return { cert, key };
  } catch (error) {
    log.error(`Cannot read the TLS certificate or key named in tls: ${(error as Error).message}`);
    return null;
  }
}

function nextTerminationSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
