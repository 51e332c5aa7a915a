import { describe, expect, it } from 'vitest';
import type { ActiveProbe, ProbeResult } from '../../../../electron/common/models';
import { createProbeRunner, type ProbeOutcome } from '../../../../electron/core/health/probe-runner';
import { fakeClock } from '../../../support/fake-clock';

const probe: ActiveProbe = {
  id: 'web',
  protocol: 'http',
  port: 8080,
  path: '/',
  expectedStatus: 200,
  bodyContains: '',
  intervalSeconds: 10,
  thresholdSeconds: 30,
  requireValidCertificate: false,
};

function setup() {
  const { clock, advance, pending } = fakeClock();
  let serverUp = true;
  const checked: string[] = [];
  const outcomes: ProbeOutcome[] = [];
  const runner = createProbeRunner({
    clock,
    check: async (_probe, url): Promise<ProbeResult> => {
      checked.push(`${clock.now()} ${url}`);
      const at = new Date(clock.now()).toISOString();
      return serverUp
        ? { at, ok: true, latencyMs: 3, status: 200 }
        : { at, ok: false, latencyMs: null, status: null, error: 'Connection refused: nothing listens on the port.' };
    },
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  return { runner, advance, pending, checked, outcomes, setServer: (up: boolean) => (serverUp = up) };
}

describe('probe runner on a fake clock', () => {
  it('checks at once and every interval, and goes down only after failing for the threshold', async () => {
    const t = setup();
    t.runner.set('l-1', [probe], () => '127.1.2.3');
    await t.advance(0);
    expect(t.checked).toEqual(['0 http://127.1.2.3:8080/']);
    expect(t.runner.statuses('l-1')[0]).toMatchObject({ state: 'up', url: 'http://127.1.2.3:8080/' });

    t.setServer(false);
    await t.advance(10_000);
    expect(t.runner.statuses('l-1')[0]).toMatchObject({
      state: 'failing',
      failingSince: new Date(10_000).toISOString(),
    });
    await t.advance(20_000); // failing for 20 s of a 30 s threshold
    expect(t.runner.statuses('l-1')[0]?.state).toBe('failing');
    expect(t.outcomes.some((o) => o.transition)).toBe(false);
    await t.advance(10_000); // 30 s of failures
    expect(t.runner.statuses('l-1')[0]?.state).toBe('down');
    expect(t.outcomes.filter((o) => o.transition).map((o) => [o.transition, o.result.at])).toEqual([
      ['down', new Date(40_000).toISOString()],
    ]);
    await t.advance(20_000);
    expect(t.outcomes.filter((o) => o.transition)).toHaveLength(1);

    t.setServer(true);
    await t.advance(10_000);
    expect(t.runner.statuses('l-1')[0]?.state).toBe('up');
    expect(t.outcomes.filter((o) => o.transition).map((o) => o.transition)).toEqual(['down', 'up']);
    expect(t.checked).toHaveLength(8);
  });

  it('skips rounds while the instance has no address, and stops when the launch is removed', async () => {
    const t = setup();
    const instance: { host?: string } = {};
    t.runner.set('l-1', [probe], () => instance.host);
    await t.advance(20_000);
    expect(t.checked).toEqual([]);
    expect(t.runner.statuses('l-1')[0]?.state).toBe('pending');
    instance.host = '127.9.9.9';
    await t.advance(10_000);
    expect(t.checked).toEqual(['30000 http://127.9.9.9:8080/']);
    t.runner.remove('l-1');
    expect(t.pending()).toBe(0);
    await t.advance(60_000);
    expect(t.checked).toHaveLength(1);
    expect(t.runner.statuses('l-1')).toEqual([]);
  });

  it('keeps the state of a probe whose target is unchanged and starts a changed one again', async () => {
    const t = setup();
    t.setServer(false);
    t.runner.set('l-1', [probe], () => '127.1.1.1');
    await t.advance(0);
    expect(t.runner.statuses('l-1')[0]?.state).toBe('failing');
    t.runner.set('l-1', [{ ...probe, intervalSeconds: 20, thresholdSeconds: 40 }], () => '127.1.1.1');
    await t.advance(0);
    expect(t.runner.statuses('l-1')[0]).toMatchObject({ state: 'failing', failingSince: new Date(0).toISOString() });
    t.runner.set('l-1', [{ ...probe, path: '/other' }], () => '127.1.1.1');
    expect(t.runner.statuses('l-1')[0]?.state).toBe('pending');
  });
});
