/** Getting into an instance: its verified SSH host keys, the login it expects, terminal sessions, scripts, RDP. */
import { z } from 'zod';
import { KilnError } from '../result';

/** One SSH host public key of an instance. `key` is the base64 blob, `fingerprint` OpenSSH's `SHA256:…` form. */
export const SshHostKey = z.object({
  type: z.string(),
  key: z.string(),
  fingerprint: z.string(),
});
export type SshHostKey = z.infer<typeof SshHostKey>;

/**
 * The host keys Kiln accepts for an instance, and where they came from: reported by the agent over its pinned TLS
 * channel, or read from the fingerprints cloud-init printed in the console output.
 */
export const HostKeySource = z.enum(['agent', 'console-output']);
export type HostKeySource = z.infer<typeof HostKeySource>;

export const HostKeys = z.object({
  source: HostKeySource,
  keys: z.array(SshHostKey).min(1),
  collectedAt: z.string(),
});
export type HostKeys = z.infer<typeof HostKeys>;

/** The operator's own connect choices for a launch: a login user and a private key file instead of Kiln's. */
export const ConnectOptions = z.object({
  user: z.string().optional(),
  keyPath: z.string().optional(),
});
export type ConnectOptions = z.infer<typeof ConnectOptions>;

/** A Unix login name as OpenSSH and EC2 Instance Connect accept it. */
export const LoginUser = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z_][A-Za-z0-9._-]{0,31}$/,
    'A login name starts with a letter or _, then up to 31 letters, digits, ".", "_" or "-".',
  );

/** How a terminal or script authenticates: the launch's key file, one the operator chose, or EC2 Instance Connect. */
export const ConnectKeySource = z.enum(['launch-key-file', 'operator-key-file', 'instance-connect', 'none']);
export type ConnectKeySource = z.infer<typeof ConnectKeySource>;

/** One thing that will (or will not) let the operator in, said before they try. */
export const ConnectCheck = z.object({
  id: z.enum(['instance-state', 'public-ip', 'login-port', 'key-file', 'host-keys', 'password']),
  ok: z.boolean(),
  title: z.string(),
  detail: z.string().optional(),
  remedy: z.string().optional(),
  /** An action Kiln can take: move the login port rule to the operator's current address. */
  fix: z.enum(['update-login-rule']).optional(),
});
export type ConnectCheck = z.infer<typeof ConnectCheck>;

/** Everything the Connect tab shows for a launch. */
export const ConnectInfo = z.object({
  platform: z.enum(['linux', 'windows']),
  instanceState: z.string().optional(),
  /** Where an SSH or RDP client connects (public DNS name or IP; a loopback address on the sandbox). */
  host: z.string().optional(),
  port: z.number().int(),
  user: z.string(),
  /** Why this user: the operator's choice, the AMI's name, the sandbox's own account, or the default. */
  userSource: z.enum(['operator', 'image', 'sandbox', 'default']),
  userDetail: z.string(),
  keySource: ConnectKeySource,
  /** The private key file the terminal and the scripts use, when there is one. */
  keyPath: z.string().optional(),
  hostKeys: HostKeys.optional(),
  /** Kiln's pinned known_hosts file for this launch on this workstation. */
  knownHostsPath: z.string().optional(),
  checks: z.array(ConnectCheck),
  /** The one-line `ssh` command, when SSH can work. */
  sshCommand: z.string().optional(),
  /** `aws ssm start-session …`, when the instance is a Session Manager managed node. */
  ssmCommand: z.string().optional(),
});
export type ConnectInfo = z.infer<typeof ConnectInfo>;

/** Files the Connect tab offers for download. */
export const ConnectFileKind = z.enum(['sh', 'ps1', 'ssh-config', 'known-hosts', 'rdp']);
export type ConnectFileKind = z.infer<typeof ConnectFileKind>;

export const ConnectFile = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() });
export type ConnectFile = z.infer<typeof ConnectFile>;

/** A terminal session Kiln opened; output and the end arrive as events. */
export const TerminalSession = z.object({
  sessionId: z.string(),
  launchId: z.string(),
  keySource: ConnectKeySource,
  hostKeySource: HostKeySource,
  user: z.string(),
  host: z.string(),
});
export type TerminalSession = z.infer<typeof TerminalSession>;

export const TerminalOutputEvent = z.object({ sessionId: z.string(), data: z.string() });
export const TerminalClosedEvent = z.object({ sessionId: z.string(), error: KilnError.optional() });

/** The Administrator password of a Windows instance, once EC2 has it. */
export const WindowsPassword = z.discriminatedUnion('status', [
  /** EC2 has no password data yet: usually about 4 minutes after launch, up to 15. */
  z.object({ status: z.literal('not-ready'), launchedAt: z.string().optional() }),
  z.object({ status: z.literal('ready'), user: z.string(), password: z.string() }),
]);
export type WindowsPassword = z.infer<typeof WindowsPassword>;
