/** Where local commands (`run`, `log`, `finish`) reach `serve`: its bind address, or loopback for wildcards. */
import type { AgentConfig } from '../protocol/config';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** Base URL such as `http://127.0.0.1:8443` or `https://[::1]:8443` (no trailing slash). Pure. */
export function localBaseUrl(config: Pick<AgentConfig, 'bind' | 'port' | 'tls'>): string {
  const host = WILDCARDS.has(config.bind) ? '127.0.0.1' : config.bind;
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${config.tls ? 'https' : 'http'}://${hostPart}:${config.port}`;
}
