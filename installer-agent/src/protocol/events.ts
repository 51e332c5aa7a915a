/** Wire protocol between the installer agent and its readers (Kiln) and writers (local installers). */
import { z } from 'zod';

/** Where a line came from: the install command's stdout or stderr, or a `kiln-agent log` / HTTP ingest call. */
export const LineStream = z.enum(['stdout', 'stderr', 'log']);
export type LineStream = z.infer<typeof LineStream>;

export const InstallResult = z.enum(['success', 'failure']);
export type InstallResult = z.infer<typeof InstallResult>;

/** One captured output line, numbered by the agent. `ts` is when the line was produced (ISO 8601). */
export const AgentLineEvent = z.object({
  seq: z.number().int().positive(),
  ts: z.string(),
  kind: z.literal('line'),
  stream: LineStream,
  text: z.string(),
});
export type AgentLineEvent = z.infer<typeof AgentLineEvent>;

/** The final token: the install is over. Always the last event of a journal. */
export const AgentFinalEvent = z.object({
  seq: z.number().int().positive(),
  ts: z.string(),
  kind: z.literal('final'),
  result: InstallResult,
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  message: z.string().optional(),
});
export type AgentFinalEvent = z.infer<typeof AgentFinalEvent>;

export const AgentEvent = z.discriminatedUnion('kind', [AgentLineEvent, AgentFinalEvent]);
export type AgentEvent = z.infer<typeof AgentEvent>;

/** GET /v1/events?after=N&waitMs=M: events with seq > after, in order; waits up to waitMs when there are none. */
export const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  waitMs: z.coerce.number().int().min(0).max(60_000).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(2_000),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

export const EventsResponse = z.object({
  events: z.array(AgentEvent),
  /** Highest sequence number the agent has journaled (not only in this page). */
  lastSeq: z.number().int().min(0),
  final: AgentFinalEvent.nullable(),
});
export type EventsResponse = z.infer<typeof EventsResponse>;

/** Lines longer than this are split by the agent before they are numbered. */
export const MAX_LINE_BYTES = 64 * 1024;

/** POST /v1/ingest/lines (loopback only). `batchId` makes a resend idempotent. */
export const IngestLinesRequest = z.object({
  batchId: z.string().min(1).max(128),
  lines: z
    .array(
      z.object({
        stream: LineStream.default('log'),
        text: z.string(),
        ts: z.string().optional(),
      }),
    )
    .max(10_000),
});
export type IngestLinesRequest = z.input<typeof IngestLinesRequest>;

export const IngestLinesResponse = z.object({
  firstSeq: z.number().int().min(0),
  lastSeq: z.number().int().min(0),
  duplicate: z.boolean(),
});
export type IngestLinesResponse = z.infer<typeof IngestLinesResponse>;

/** POST /v1/ingest/final (loopback only). Repeating the same final token is accepted; a different one is refused. */
export const IngestFinalRequest = z.object({
  result: InstallResult,
  exitCode: z.number().int().nullable().default(null),
  signal: z.string().nullable().default(null),
  message: z.string().max(4_096).optional(),
});
export type IngestFinalRequest = z.input<typeof IngestFinalRequest>;

/** Answer to POST /v1/ingest/final: the journaled final token, and whether this call repeated it. */
export const IngestFinalResponse = z.object({
  final: AgentFinalEvent,
  duplicate: z.boolean(),
});
export type IngestFinalResponse = z.infer<typeof IngestFinalResponse>;

/** GET /v1/health. */
export const HealthResponse = z.object({
  agentVersion: z.string(),
  uptimeSeconds: z.number(),
  loadAverage: z.array(z.number()),
  memory: z.object({ totalBytes: z.number(), freeBytes: z.number(), agentRssBytes: z.number() }),
  diskFreeBytes: z.number().nullable(),
  lastSeq: z.number().int().min(0),
  finished: z.boolean(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Host key types the agent reports; a file with another type (ssh-dss, a certificate) is a problem, not a key. */
export const SSH_HOST_KEY_TYPES = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
  'sk-ssh-ed25519@openssh.com',
] as const;

/** One public host key of the instance's sshd, from `<sshHostKeyDir>/<file>`. */
export const HostKey = z.object({
  /** File name in the host key directory, e.g. `ssh_host_ed25519_key.pub`. */
  file: z.string(),
  /** Key type, as declared on the line and inside the key blob, e.g. `ssh-ed25519`. */
  type: z.string(),
  /** The key blob in base64, as in `known_hosts` (the agent checked that it decodes and names `type`). */
  key: z.string(),
  comment: z.string().optional(),
});
export type HostKey = z.infer<typeof HostKey>;

/** A host key file (or the directory itself) the agent could not use, and why. */
export const HostKeyProblem = z.object({
  /** The file name, or the directory's path when the problem is the directory. */
  file: z.string(),
  message: z.string(),
});
export type HostKeyProblem = z.infer<typeof HostKeyProblem>;

/**
 * GET /v1/host-keys: sshd's public host keys, so Kiln verifies the host key when it connects over SSH instead of
 * trusting the first one it sees. Both lists are sorted by file name; bad files are problems, not a failed request.
 */
export const HostKeysResponse = z.object({
  keys: z.array(HostKey),
  problems: z.array(HostKeyProblem),
});
export type HostKeysResponse = z.infer<typeof HostKeysResponse>;

/** Stable `error.code` values the agent answers with (the body schema stays an open string for forward compatibility). */
export const AgentErrorCode = z.enum([
  'bad-request',
  'unsupported-media-type',
  'unauthorized',
  'forbidden',
  'not-found',
  'payload-too-large',
  'already-finished',
  'final-conflict',
  /** POST /v1/seal before the install has its final token. */
  'install-running',
  /** POST /v1/seal on an agent whose config lacks what sealing needs (root, service, firstBootReset). */
  'seal-unsupported',
  /** Anything after the agent sealed the instance: it is stopping and accepts nothing more. */
  'sealed',
  'journal-unavailable',
  'internal',
]);
export type AgentErrorCode = z.infer<typeof AgentErrorCode>;

/** Error body for every non-2xx answer. */
export const AgentErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type AgentErrorBody = z.infer<typeof AgentErrorBody>;

export const AGENT_API = {
  events: '/v1/events',
  health: '/v1/health',
  hostKeys: '/v1/host-keys',
  ingestLines: '/v1/ingest/lines',
  ingestFinal: '/v1/ingest/final',
  seal: '/v1/seal',
} as const;
