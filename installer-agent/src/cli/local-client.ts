/** Shared by `run`, `log` and `finish`: load the config and build a client for the local `serve`. */
import { readFile } from 'node:fs/promises';
import { createIngestClient, type IngestClient } from '../client/ingest-client';
import { loadConfig } from '../config/load-config';
import { localBaseUrl } from '../config/local-endpoint';
import type { Logger } from '../logger';
import type { AgentConfig } from '../protocol/config';

/** The validated config, or null after explaining on the log what is wrong with it. */
export async function loadConfigOrExplain(path: string, log: Logger): Promise<AgentConfig | null> {
  const loaded = await loadConfig(path);
  if (!loaded.ok) {
    log.error(loaded.error.remedy ? `${loaded.error.message}\n  ${loaded.error.remedy}` : loaded.error.message);
    return null;
  }
  if (loaded.value.unknownKeys.length > 0) {
    log.warn(`config ${path}: ignoring unknown key(s) ${loaded.value.unknownKeys.join(', ')}`);
  }
  return loaded.value.config;
}

/** A client for `serve` on this machine, pinned to the config's certificate when TLS is on; null after explaining. */
export async function createLocalClient(configPath: string, log: Logger): Promise<IngestClient | null> {
  const config = await loadConfigOrExplain(configPath, log);
  return config ? createClientForConfig(config, log) : null;
}

/** A client for the `serve` a loaded config describes; null after explaining. */
export async function createClientForConfig(config: AgentConfig, log: Logger): Promise<IngestClient | null> {
  let tlsCertPem: string | undefined;
  if (config.tls) {
    try {
      tlsCertPem = await readFile(config.tls.certFile, 'utf8');
    } catch (error) {
      log.error(`Cannot read tls.certFile ${config.tls.certFile}: ${(error as Error).message}`);
      return null;
    }
  }
  try {
    return createIngestClient({ baseUrl: localBaseUrl(config), tlsCertPem });
  } catch (error) {
    log.error(`Cannot use tls.certFile ${config.tls?.certFile}: ${(error as Error).message}`);
    return null;
  }
}
