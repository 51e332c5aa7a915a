/** Reads and validates the agent's JSON config once at start; every problem names the field and the file. */
import { readFile } from 'node:fs/promises';
import { win32 } from 'node:path';
import { AgentConfig } from '../protocol/config';
import { fail, ok, type Result } from '../result';
import { describeZodError } from '../text/describe-zod-error';

export type ConfigErrorCode = 'config-unreadable' | 'config-not-json' | 'config-invalid';

/** A validated config plus the keys it ignored (a newer Kiln may write keys an older agent does not know). */
export interface LoadedConfig {
  config: AgentConfig;
  unknownKeys: string[];
}

const KNOWN_KEYS = new Set(Object.keys(AgentConfig.shape));

/** Validates config text; `source` (usually the file path) is named in every message. Pure. */
export function parseConfigText(text: string, source: string): Result<LoadedConfig, ConfigErrorCode> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail({
      code: 'config-not-json',
      message: `Config ${source} is not valid JSON: ${(error as Error).message}`,
      remedy: 'Write the config as one JSON object (the bootstrap script generates it).',
    });
  }
  const parsed = AgentConfig.safeParse(raw);
  if (!parsed.success) {
    return fail({
      code: 'config-invalid',
      message: `Config ${source} is invalid: ${describeZodError(parsed.error, { root: '(config)' })}`,
      remedy: 'Fix the named field(s); see installer-agent/README.md, "The config file".',
    });
  }
  const unknownKeys =
    raw !== null && typeof raw === 'object' ? Object.keys(raw).filter((key) => !KNOWN_KEYS.has(key)) : [];
  return ok({ config: parsed.data, unknownKeys });
}

/** Reads `path` and validates it. */
export async function loadConfig(path: string): Promise<Result<LoadedConfig, ConfigErrorCode>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail({
      code: 'config-unreadable',
      message: `Cannot read config ${path}: ${(error as Error).message}`,
      remedy: 'Pass the path of the agent config with --config FILE.',
    });
  }
  return parseConfigText(text, path);
}

/** What the default host key directory depends on; `serve` passes `process.platform` and `process.env.ProgramData`. */
export interface HostKeyDirHost {
  platform: NodeJS.Platform;
  programData: string | undefined;
}

/**
 * The directory whose `ssh_host_*_key.pub` files the agent reports: `sshHostKeyDir` from the config, else where sshd
 * keeps its host keys: /etc/ssh, or %ProgramData%\ssh (OpenSSH for Windows; C:\ProgramData when unset). Pure.
 */
export function sshHostKeyDirOf(config: Pick<AgentConfig, 'sshHostKeyDir'>, host: HostKeyDirHost): string {
  if (config.sshHostKeyDir) return config.sshHostKeyDir;
  if (host.platform !== 'win32') return '/etc/ssh';
  return win32.join(host.programData || 'C:\\ProgramData', 'ssh');
}
