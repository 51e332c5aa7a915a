/** The agent's configuration file, written by the bootstrap and validated once at start. */
import { z } from 'zod';

/** `/…` (POSIX), `C:\…` or `C:/…` (Windows drive), or `\\server\share` (UNC): either OS's absolute paths. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

export const AgentConfig = z.object({
  /** Address `serve` listens on: 0.0.0.0 on EC2, a 127.x.y.z address in the local sandbox. */
  bind: z.string().min(1).default('0.0.0.0'),
  port: z.number().int().min(1).max(65_535),
  /** Hex SHA-256 of the bearer token readers must present; the token itself never reaches the instance. */
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'tokenSha256 must be 64 lowercase hex characters'),
  /** Directory for the journal and run spools. */
  dataDir: z.string().min(1),
  /** PEM certificate and key for HTTPS; plain HTTP when absent. */
  tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /**
   * Directory holding sshd's `ssh_host_*_key.pub` files, reported on GET /v1/host-keys. When absent: /etc/ssh, or
   * %ProgramData%\ssh on Windows (see `sshHostKeyDirOf`).
   */
  sshHostKeyDir: z
    .string()
    .regex(ABSOLUTE_PATH, 'sshHostKeyDir must be an absolute path, e.g. /etc/ssh or C:\\ProgramData\\ssh')
    .optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;
export type AgentConfigInput = z.input<typeof AgentConfig>;
