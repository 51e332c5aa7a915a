import { describe, expect, it } from 'vitest';
import { LaunchRecord, LaunchSpec, PROBE_LIMITS, ProbeDefinition } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import {
  activeProbes,
  judgeResponse,
  nextProbeState,
  probeUrl,
  validateProbes,
} from '../../../../electron/core/health/probe-definitions';

function refusal(input: unknown, limits = PROBE_LIMITS) {
  try {
    validateProbes(input, limits);
  } catch (error) {
    if (error instanceof KilnFailure) return error.error;
    throw error;
  }
  throw new Error('accepted');
}

const spec = {
  profileId: 'p',
  region: 'us-east-1',
  name: 'web',
  imageId: 'ami-0123456789abcdef0',
  instanceType: 't3.micro',
  installScript: 'echo hi',
};

describe('probe validation', () => {
  it('fills the defaults: HTTP, path /, status 200, every 60 s, down after 5 minutes', () => {
    expect(ProbeDefinition.parse({ port: 80 })).toEqual({
      protocol: 'http',
      port: 80,
      path: '/',
      expectedStatus: 200,
      bodyContains: '',
      intervalSeconds: 60,
      thresholdSeconds: 300,
      requireValidCertificate: false,
    });
  });

  it('refuses a threshold shorter than the interval, naming both', () => {
    const error = refusal([{ port: 80, intervalSeconds: 60, thresholdSeconds: 30 }]);
    expect(error.code).toBe('InvalidProbe');
    expect(error.message).toBe(
      'Probe 1 (thresholdSeconds): The failure threshold (30 s) is shorter than the interval (60 s): make it at least one interval.',
    );
    expect(error.field).toBe('probes.0.thresholdSeconds');
  });

  it('refuses a bad path, a port out of range and an interval below 10 s', () => {
    expect(refusal([{ port: 80, path: 'health' }]).message).toMatch(/^Probe 1 \(path\): The URL path starts with \//);
    expect(refusal([{ port: 80, path: '/a b' }]).message).toMatch(/holds no spaces/);
    expect(refusal([{ port: 80 }, { port: 70_000 }]).message).toBe('Probe 2 (port): Ports run from 1 to 65535.');
    expect(refusal([{ port: 0 }]).message).toBe('Probe 1 (port): Ports run from 1 to 65535.');
    expect(refusal([{ port: 80, intervalSeconds: 5, thresholdSeconds: 60 }]).message).toBe(
      'Probe 1 (intervalSeconds): Probe at most every 10 seconds.',
    );
  });

  it('takes a smaller minimum interval only from the limits it is given', () => {
    const probes = validateProbes([{ port: 8080, intervalSeconds: 1, thresholdSeconds: 3 }], {
      minIntervalSeconds: 1,
    });
    expect(probes[0]).toMatchObject({ intervalSeconds: 1, thresholdSeconds: 3 });
    expect(refusal([{ port: 8080, intervalSeconds: 1, thresholdSeconds: 3 }]).code).toBe('InvalidProbe');
  });

  it('refuses two probes of the same URL', () => {
    expect(
      refusal([
        { port: 80, path: '/x' },
        { port: 80, path: '/x' },
      ]).message,
    ).toBe('Probe 2 (path): Another probe already checks http:80/x.');
  });

  it('the launch spec refuses the same probes (the wizard and presets share the schema)', () => {
    expect(LaunchSpec.safeParse({ ...spec, probes: [{ port: 80 }] }).success).toBe(true);
    const bad = LaunchSpec.safeParse({ ...spec, probes: [{ port: 80, intervalSeconds: 60, thresholdSeconds: 10 }] });
    expect(bad.error?.issues[0]?.path).toEqual(['probes', 0, 'thresholdSeconds']);
  });

  it('a launch record holding probes the backend accepted below the user limits stays readable', () => {
    const fast = [{ port: 8080, intervalSeconds: 1, thresholdSeconds: 3 }];
    expect(LaunchRecord.shape.spec.safeParse({ ...spec, probes: fast }).success).toBe(true);
    expect(LaunchSpec.safeParse({ ...spec, probes: fast }).success).toBe(false);
  });

  it('keeps the ids of known probes and gives new ones a fresh id', () => {
    const probes = validateProbes([{ id: 'keep-me', port: 80 }, { port: 81 }], PROBE_LIMITS);
    expect(probes[0]?.id).toBe('keep-me');
    expect(probes[1]?.id).toMatch(/^[a-f0-9]{8}$/);
    // Probes from the wizard (no ids yet) are numbered by position, the same each time.
    const fromSpec = [ProbeDefinition.parse({ port: 80 }), ProbeDefinition.parse({ port: 81 })];
    expect(activeProbes(fromSpec).map((p) => p.id)).toEqual(['p1', 'p2']);
  });

  it('builds the probed URL from the host the profile reaches the instance at', () => {
    expect(probeUrl({ protocol: 'https', port: 8443, path: '/health?x=1' }, '127.4.5.6')).toBe(
      'https://127.4.5.6:8443/health?x=1',
    );
  });
});

describe('judging a response', () => {
  const probe = { expectedStatus: 200, bodyContains: 'ready', requireValidCertificate: false };
  it('wants the status and the body text', () => {
    expect(judgeResponse(probe, { status: 200, body: 'all ready' })).toEqual({ ok: true });
    expect(judgeResponse(probe, { status: 503, body: 'ready' })).toEqual({
      ok: false,
      error: 'HTTP 503, expected 200.',
    });
    expect(judgeResponse(probe, { status: 200, body: 'starting' })).toEqual({
      ok: false,
      error: 'The response does not contain "ready".',
    });
  });
  it('counts an untrusted certificate as down only when the probe requires a valid one', () => {
    const answer = { status: 200, body: 'ready', certificateError: 'SELF_SIGNED_CERT_IN_CHAIN' };
    expect(judgeResponse(probe, answer).ok).toBe(true);
    expect(judgeResponse({ ...probe, requireValidCertificate: true }, answer)).toEqual({
      ok: false,
      error: 'The certificate is not trusted: SELF_SIGNED_CERT_IN_CHAIN.',
    });
  });
});

describe('probe state machine', () => {
  it('goes up → failing → down after the threshold → up, announcing down and up once each', () => {
    let machine = nextProbeState({ state: 'pending' }, true, 300_000, 0);
    expect(machine).toEqual({ state: 'up', since: 0 });
    machine = nextProbeState(machine, false, 300_000, 60_000);
    expect(machine).toEqual({ state: 'failing', since: 60_000, failingSince: 60_000 });
    machine = nextProbeState(machine, false, 300_000, 300_000);
    expect(machine).toEqual({ state: 'failing', since: 60_000, failingSince: 60_000 });
    machine = nextProbeState(machine, false, 300_000, 360_000);
    expect(machine).toEqual({ state: 'down', since: 360_000, failingSince: 60_000, transition: 'down' });
    const { transition: _down, ...current } = machine;
    expect(nextProbeState(current, false, 300_000, 420_000)).toBe(current);
    expect(nextProbeState(current, true, 300_000, 480_000)).toEqual({ state: 'up', since: 480_000, transition: 'up' });
  });

  it('a success while failing resets the run of failures without announcing anything', () => {
    const failing = nextProbeState({ state: 'up', since: 0 }, false, 300_000, 60_000);
    const up = nextProbeState(failing, true, 300_000, 120_000);
    expect(up).toEqual({ state: 'up', since: 120_000 });
    expect(nextProbeState(up, false, 300_000, 180_000)).toEqual({
      state: 'failing',
      since: 180_000,
      failingSince: 180_000,
    });
  });
});
