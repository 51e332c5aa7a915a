/** The agent's configuration file, written by the bootstrap and validated once at start. */
import { z } from 'zod';

/** `/…` (POSIX), `C:\…` or `C:/…` (Windows drive), or `\\server\share` (UNC): either OS's absolute paths. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

const absolutePath = (field: string, example: string) =>
  z.string().regex(ABSOLUTE_PATH, `${field} must be an absolute path, e.g. ${example}`);

/** systemd unit names the agent may run as (and disable when it seals): `kiln-agent.service` and variants of it. */
export const AGENT_UNIT_NAME = /^kiln-agent[A-Za-z0-9@._-]*\.service$/;

/**
 * How the agent runs, so a seal can stop it for good: a systemd unit, a process whose pid is in a file (no systemd,
 * and the local sandbox), or the Windows scheduled task that runs its supervisor loop.
 */
export const AgentService = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('systemd'),
    unit: z.string().regex(AGENT_UNIT_NAME, 'service.unit must be kiln-agent.service (or kiln-agent<suffix>.service)'),
    unitFile: absolutePath('service.unitFile', '/etc/systemd/system/kiln-agent.service'),
  }),
  z.object({ kind: z.literal('pidfile'), pidFile: absolutePath('service.pidFile', '/opt/kiln/run/agent.pid') }),
  z.object({ kind: z.literal('scheduled-task'), name: z.string().min(1).max(200) }),
]);
export type AgentService = z.infer<typeof AgentService>;

/** What resets the instance's first-boot state when it is sealed: cloud-init (Linux), EC2Launch v2 (Windows), nothing. */
export const FirstBootReset = z.enum(['cloud-init', 'ec2launch-v2', 'none']);
export type FirstBootReset = z.infer<typeof FirstBootReset>;

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
  sshHostKeyDir: absolutePath('sshHostKeyDir', '/etc/ssh or C:\\ProgramData\\ssh').optional(),
  /**
   * The agent's own directory (KILN_ROOT: /opt/kiln, C:\ProgramData\Kiln). A seal deletes only below it (plus the
   * fixed systemd and cloud-init paths). Absent in configs from older bootstraps: that agent cannot seal.
   */
  root: absolutePath('root', '/opt/kiln or C:\\ProgramData\\Kiln').optional(),
  /** How the agent runs; a seal stops it this way. Absent in configs from older bootstraps. */
  service: AgentService.optional(),
  /** What a seal runs so the next boot from the image is a first boot. Absent in configs from older bootstraps. */
  firstBootReset: FirstBootReset.optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;
