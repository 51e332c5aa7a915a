/**
 * Health probes: HTTP(S) checks Kiln runs from the workstation against a launch's instance while it is open, their
 * results, states (up → failing → down → up) and the last 24 hours of history.
 */
import { z } from 'zod';

/** The smallest interval and threshold operators may set; tests inject smaller ones into the backend only. */
export interface ProbeLimits {
  minIntervalSeconds: number;
}
export const PROBE_LIMITS: ProbeLimits = { minIntervalSeconds: 10 };
export const MAX_PROBES_PER_LAUNCH = 10;
/** How long the history of a probe reaches back. */
export const PROBE_HISTORY_MS = 24 * 60 * 60 * 1000;

/** An absolute path with an optional query: no spaces, no control characters, no scheme or host. */
const PROBE_PATH = /^\/[\x21-\x7e]*$/;

/** The probe definition schema for given limits (the contract and the wizard use `PROBE_LIMITS`). */
export function probeDefinitionSchema(limits: ProbeLimits = PROBE_LIMITS) {
  const min = limits.minIntervalSeconds;
  return z
    .object({
      /** Stable across edits, so the history follows the probe; the backend gives new probes one. */
      id: z
        .string()
        .regex(/^[a-z0-9-]{1,36}$/, 'A probe id is 1 to 36 lowercase letters, digits or dashes.')
        .optional(),
      protocol: z.enum(['http', 'https']).default('http'),
      port: z
        .number({ error: 'Type a port number.' })
        .int('A port is a whole number.')
        .min(1, 'Ports run from 1 to 65535.')
        .max(65_535, 'Ports run from 1 to 65535.'),
      path: z
        .string()
        .trim()
        .max(2_048, 'A URL path holds at most 2048 characters.')
        .regex(PROBE_PATH, 'The URL path starts with / and holds no spaces, e.g. /health or /status?full=1.')
        .default('/'),
      expectedStatus: z
        .number({ error: 'Type the expected HTTP status.' })
        .int('An HTTP status is a whole number.')
        .min(100, 'HTTP statuses run from 100 to 599.')
        .max(599, 'HTTP statuses run from 100 to 599.')
        .default(200),
      /** Text the response body must contain (in its first 64 KiB); empty for none. */
      bodyContains: z.string().max(1_024, 'The expected body text holds at most 1024 characters.').default(''),
      intervalSeconds: z
        .number({ error: 'Type the interval in seconds.' })
        .int('The interval is a whole number of seconds.')
        .min(min, `Probe at most every ${min} seconds.`)
        .max(3_600, 'Probe at least once an hour (3600 seconds).')
        .default(60),
      /** How long failures must last, without a success, before the probe is down. */
      thresholdSeconds: z
        .number({ error: 'Type the failure threshold in seconds.' })
        .int('The failure threshold is a whole number of seconds.')
        .max(86_400, 'The failure threshold is at most 24 hours (86400 seconds).')
        .default(300),
      /** HTTPS only: a certificate the workstation does not trust counts as down (instances usually have none). */
      requireValidCertificate: z.boolean().default(false),
    })
    .superRefine((probe, ctx) => {
      if (probe.thresholdSeconds < probe.intervalSeconds) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholdSeconds'],
          message: `The failure threshold (${probe.thresholdSeconds} s) is shorter than the interval (${probe.intervalSeconds} s): make it at least one interval.`,
        });
      }
    });
}

/** Probes as operators set them, within the user limits. */
export const ProbeDefinition = probeDefinitionSchema();
export type ProbeDefinition = z.output<typeof ProbeDefinition>;
export type ProbeDefinitionInput = z.input<typeof ProbeDefinition>;

/** A launch's probe list for given limits: at most 10, no two alike. */
export function probeListSchema(limits: ProbeLimits = PROBE_LIMITS) {
  return z
    .array(probeDefinitionSchema(limits))
    .max(MAX_PROBES_PER_LAUNCH, `A launch has at most ${MAX_PROBES_PER_LAUNCH} probes.`)
    .superRefine((probes, ctx) => {
      const seen = new Set<string>();
      probes.forEach((probe, index) => {
        const key = `${probe.protocol}:${probe.port}${probe.path}`;
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'path'],
            message: `Another probe already checks ${key}.`,
          });
        seen.add(key);
      });
    });
}
export const ProbeList = probeListSchema();
/** The probes a launch record may hold: any the backend accepted, whatever limits it was given (tests: 1 s). */
export const StoredProbeList = probeListSchema({ minIntervalSeconds: 1 });

/** `pending` until the first result; `failing` from the first failure until the threshold; then `down`. */
export const ProbeState = z.enum(['pending', 'up', 'failing', 'down']);
export type ProbeState = z.infer<typeof ProbeState>;

/** One check of a probe. */
export const ProbeResult = z.object({
  /** ISO 8601. */
  at: z.string(),
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  status: z.number().int().nullable(),
  /** Why it failed (refused, timed out, wrong status, body text missing…). */
  error: z.string().optional(),
  /** The certificate problem of an HTTPS probe, reported even when it does not count as a failure. */
  certificateError: z.string().optional(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

/** A probe's port is not open to the operator's address in the launch's security group (the doctor's rule check). */
export const ProbePortNotice = z.object({ message: z.string(), remedy: z.string() });
export type ProbePortNotice = z.infer<typeof ProbePortNotice>;

/** A probe as the backend runs it: every field set, with its id. */
export const ActiveProbe = z.object({
  id: z.string(),
  protocol: z.enum(['http', 'https']),
  port: z.number().int(),
  path: z.string(),
  expectedStatus: z.number().int(),
  bodyContains: z.string(),
  intervalSeconds: z.number().int(),
  thresholdSeconds: z.number().int(),
  requireValidCertificate: z.boolean(),
});
export type ActiveProbe = z.infer<typeof ActiveProbe>;

export const ProbeStatus = z.object({
  probe: ActiveProbe,
  /** The URL probed (the instance's address as this profile reaches it), once the instance has one. */
  url: z.string().optional(),
  state: ProbeState,
  /** When the state began (ISO 8601). */
  since: z.string().optional(),
  /** When the current run of failures began. */
  failingSince: z.string().optional(),
  last: ProbeResult.optional(),
  portNotice: ProbePortNotice.optional(),
});
export type ProbeStatus = z.infer<typeof ProbeStatus>;

/** A launch's health in the launches list: the worst state of its probes, or `none` without probes. */
export const LaunchHealth = z.enum(['none', 'pending', 'up', 'failing', 'down']);
export type LaunchHealth = z.infer<typeof LaunchHealth>;

export const LaunchProbes = z.object({
  launchId: z.string(),
  health: LaunchHealth,
  probes: z.array(ProbeStatus),
});
export type LaunchProbes = z.infer<typeof LaunchProbes>;

/** One point of history: epoch milliseconds, up or not, latency (null without an answer), HTTP status (null). */
export const ProbePoint = z.tuple([z.number(), z.boolean(), z.number().nullable(), z.number().int().nullable()]);
export type ProbePoint = z.infer<typeof ProbePoint>;

export const ProbeHistory = z.object({
  launchId: z.string(),
  probes: z.array(z.object({ probeId: z.string(), points: z.array(ProbePoint) })),
});
export type ProbeHistory = z.infer<typeof ProbeHistory>;

/** A probe that crossed its threshold (went down) or came back up since the last update. */
export const ProbeTransition = z.object({
  launchId: z.string(),
  launchName: z.string(),
  probeId: z.string(),
  url: z.string(),
  to: z.enum(['down', 'up']),
  error: z.string().optional(),
});
export type ProbeTransition = z.infer<typeof ProbeTransition>;

export const ProbesUpdate = z.object({
  launch: LaunchProbes,
  transitions: z.array(ProbeTransition),
});
export type ProbesUpdate = z.infer<typeof ProbesUpdate>;

/** The worst state of a launch's probes, for the launches list. */
export function launchHealth(states: readonly ProbeState[]): LaunchHealth {
  if (states.length === 0) return 'none';
  for (const state of ['down', 'failing', 'up'] as const) if (states.includes(state)) return state;
  return 'pending';
}
