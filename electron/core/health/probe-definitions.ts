/**
 * Health probes, pure: validating an operator's probe list (with the limits the backend was given), the ids probes
 * keep across edits, the URL a probe checks, and the state machine up → failing → down → up.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  probeListSchema,
  type ActiveProbe,
  type ProbeDefinition,
  type ProbeLimits,
  type ProbeResult,
  type ProbeState,
} from '../../common/models';
import { KilnFailure } from '../../common/result';

/**
 * The probes as the backend runs them, or an `InvalidProbe` failure naming the probe and the field. Probes without
 * an id get one; ids of probes kept from before are kept, so their history follows them.
 */
export function validateProbes(input: unknown, limits: ProbeLimits): ActiveProbe[] {
  const parsed = probeListSchema(limits).safeParse(input);
  if (!parsed.success) throw invalidProbe(parsed.error);
  return withIds(parsed.data, () => randomUUID().slice(0, 8));
}

function invalidProbe(error: z.ZodError): KilnFailure {
  const issue = error.issues[0] ?? { path: [], message: 'The probes are not valid.' };
  const [index, field] = issue.path;
  const where =
    typeof index === 'number' ? `Probe ${index + 1}${typeof field === 'string' ? ` (${field})` : ''}: ` : '';
  return new KilnFailure({
    code: 'InvalidProbe',
    message: `${where}${issue.message}`,
    field:
      typeof index === 'number' ? ['probes', index, ...(typeof field === 'string' ? [field] : [])].join('.') : 'probes',
    remedy: 'Correct the probe and save again; nothing was changed.',
  });
}

/**
 * The probes of a spec as the backend runs them: those saved without an id (from the wizard, before the launch)
 * get `p1`, `p2`… by position, which stays stable until the list is set again (then with ids).
 */
export function activeProbes(probes: readonly ProbeDefinition[] | undefined): ActiveProbe[] {
  let position = 0;
  return withIds(probes ?? [], () => `p${++position}`);
}

function withIds(probes: readonly ProbeDefinition[], newId: () => string): ActiveProbe[] {
  const taken = new Set(probes.flatMap((p) => (p.id ? [p.id] : [])));
  return probes.map((probe) => {
    if (probe.id) return { ...probe, id: probe.id };
    let id = newId();
    while (taken.has(id)) id = newId();
    taken.add(id);
    return { ...probe, id };
  });
}

/** The URL a probe checks on `host` (an IPv4 address or a DNS name). */
export function probeUrl(probe: Pick<ActiveProbe, 'protocol' | 'port' | 'path'>, host: string): string {
  return `${probe.protocol}://${host}:${probe.port}${probe.path}`;
}

/** How long one check may take: the interval, between 1 and 10 seconds. */
export function probeTimeoutMs(probe: Pick<ActiveProbe, 'intervalSeconds'>): number {
  return Math.min(10_000, Math.max(1_000, probe.intervalSeconds * 1_000));
}

export interface ProbeMachine {
  state: ProbeState;
  /** Epoch ms when the state began. */
  since?: number;
  /** Epoch ms of the first failure of the current run of failures. */
  failingSince?: number;
}

/**
 * The state after a result at `now`: a success is up (coming back from down announces `up`); a failure starts
 * failing, and is down once failures have lasted the threshold (announced once, as `down`).
 */
export function nextProbeState(
  current: ProbeMachine,
  ok: boolean,
  thresholdMs: number,
  now: number,
): ProbeMachine & { transition?: 'down' | 'up' } {
  if (ok) {
    if (current.state === 'up') return current;
    return { state: 'up', since: now, ...(current.state === 'down' ? { transition: 'up' as const } : {}) };
  }
  if (current.state === 'down') return current;
  const failingSince = current.state === 'failing' ? (current.failingSince ?? now) : now;
  if (now - failingSince >= thresholdMs) return { state: 'down', since: now, failingSince, transition: 'down' };
  return { state: 'failing', since: current.state === 'failing' ? current.since : now, failingSince };
}

/** Whether a check's outcome counts as up for this probe: the status, the body text, the certificate if required. */
export function judgeResponse(
  probe: Pick<ActiveProbe, 'expectedStatus' | 'bodyContains' | 'requireValidCertificate'>,
  response: { status: number; body: string; certificateError?: string },
): Pick<ProbeResult, 'ok' | 'error'> {
  if (probe.requireValidCertificate && response.certificateError)
    return { ok: false, error: `The certificate is not trusted: ${response.certificateError}.` };
  if (response.status !== probe.expectedStatus)
    return { ok: false, error: `HTTP ${response.status}, expected ${probe.expectedStatus}.` };
  if (probe.bodyContains && !response.body.includes(probe.bodyContains))
    return { ok: false, error: `The response does not contain "${probe.bodyContains}".` };
  return { ok: true };
}
